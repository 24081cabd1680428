"""The schedule file every stage loads: compact, versioned JSON (a header, field names, one array a service)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import astuple, fields
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from ioc_stream.schedule.index import Schedule
from ioc_stream.schedule.legs import Service, hhmm, minutes_of

FORMAT = "ioc-stream/schedule"
VERSION = 1
FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Service))
_DATES, _TIMES = {"first", "last"}, {"departs", "arrives"}


class ScheduleFileError(ValueError):
    """The file is not a schedule this version can read; says why."""


def _cell(name: str, value: Any) -> Any:
    if name in _DATES:
        return value.isoformat()
    return hhmm(value) if name in _TIMES else value


def dumps(services: Iterable[Service], source: str) -> bytes:
    """The JSON document for these services (sorted, so the same schedule always writes the same bytes)."""
    rows = sorted(services, key=lambda s: (s.carrier, s.number, s.leg_seq, s.first, s.origin))
    return (
        orjson.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "source": source,
                "services": len(rows),
                "flights": len({s.flight for s in rows}),
                "period": [min(s.first for s in rows).isoformat(), max(s.last for s in rows).isoformat()]
                if rows
                else None,
                "fields": list(FIELDS),
                "rows": [[_cell(n, v) for n, v in zip(FIELDS, astuple(s))] for s in rows],
            }
        )
        + b"\n"
    )


def _service(names: list[str], row: list[Any]) -> Service:
    if len(row) != len(names):
        raise ValueError(f"{len(row)} cells for {len(names)} fields")
    values = dict(zip(names, row))
    for name in _DATES:
        values[name] = date.fromisoformat(values[name])
    for name in _TIMES:
        values[name] = minutes_of(values[name])
    return Service(**values)


def loads(data: bytes) -> Schedule:
    """The Schedule of a JSON document written by `dumps` (ScheduleFileError when it cannot be read)."""
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise ScheduleFileError(f"not JSON: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ScheduleFileError(f"not an {FORMAT} document")
    if doc.get("version") != VERSION:
        raise ScheduleFileError(f"schedule version {doc.get('version')!r}; this release reads version {VERSION}")
    names = doc.get("fields")
    if not isinstance(names, list) or set(names) != set(FIELDS):
        raise ScheduleFileError(f"fields {names!r} are not {list(FIELDS)}")
    services = []
    for n, row in enumerate(doc.get("rows") or [], start=1):
        try:
            services.append(_service(names, row))
        except (TypeError, ValueError) as exc:
            raise ScheduleFileError(f"row {n}: {exc}") from exc
    return Schedule(services)


def load(path: str | Path) -> Schedule:
    """The schedule file at `path`."""
    try:
        return loads(Path(path).read_bytes())
    except OSError as exc:
        raise ScheduleFileError(f"{path}: cannot read: {exc.strerror}") from exc
