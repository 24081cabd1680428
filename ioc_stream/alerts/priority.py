"""Alert priority 1..4 from severity, raised a step for the high-impact flights and stations customer service lists."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path

import orjson

from ioc_stream.taxonomy import Severity

_BY_SEVERITY = {Severity.CRITICAL: 1, Severity.HIGH: 2, Severity.MEDIUM: 3, Severity.LOW: 4, Severity.NONE: 4}


class PriorityTableError(ValueError):
    """The reference table could not be read; names the file and the row."""


class Priorities:
    """The high-impact reference table: flight ("AA2390") or station ("DFW") -> reason."""

    __slots__ = ("reasons",)

    def __init__(self, reasons: Mapping[str, str] | None = None) -> None:
        self.reasons = {k.strip().upper(): v for k, v in (reasons or {}).items()}

    @classmethod
    def load(cls, path: str | Path) -> Priorities:
        """Read a CSV (columns flight, station, reason) or JSON (list of {flight|station, reason}) table."""
        path = Path(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise PriorityTableError(f"{path}: cannot read: {exc.strerror}") from exc
        if path.suffix.lower() == ".json":
            try:
                rows = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                raise PriorityTableError(f"{path}: not JSON: {exc}") from exc
            if not isinstance(rows, list):
                raise PriorityTableError(f"{path}: expected a JSON list of {{flight|station, reason}}")
            numbered = enumerate(rows, start=1)
        else:
            numbered = enumerate(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))), start=2)
        reasons: dict[str, str] = {}
        for n, row in numbered:
            if not isinstance(row, dict):
                raise PriorityTableError(f"{path}: row {n}: expected an object")
            subject = (row.get("flight") or row.get("station") or "").strip()
            reason = (row.get("reason") or "").strip()
            if not subject or not reason:
                raise PriorityTableError(f"{path}: row {n}: needs a flight or station and a reason")
            reasons[subject.upper()] = reason
        return cls(reasons)

    def reason(self, *subjects: str | None) -> str | None:
        """Why the first listed subject (flight, then station) is high-impact, or None."""
        for s in subjects:
            if s and s in self.reasons:
                return self.reasons[s]
        return None

    def priority(self, severity: int, reason: str | None) -> int:
        """1 (most urgent)..4: from severity, one step more urgent when there is a reason."""
        p = _BY_SEVERITY[Severity(severity)]
        return max(1, p - 1) if reason else p
