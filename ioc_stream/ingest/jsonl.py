"""Reading JSONL input line by line: each good line parsed, each bad line reported, none fatal."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

import orjson
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class LineError:
    """Why line `line` (1-based) could not be used."""

    line: int
    error: str

    def to_json(self) -> bytes:
        return orjson.dumps({"error": self.error, "line": self.line})


@dataclass(frozen=True, slots=True)
class Parsed(Generic[M]):
    line: int
    value: M


def describe(exc: Exception) -> str:
    """A one-line, human reason for a decode or validation failure."""
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first.get("loc", ())) or "(root)"
        more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        return f"schema: {loc}: {first.get('msg')}{more}"
    if isinstance(exc, orjson.JSONDecodeError):
        return f"json: {exc}"
    if isinstance(exc, UnicodeDecodeError):
        return f"encoding: {exc.reason}"
    return f"{type(exc).__name__}: {exc}"


def parse_lines(lines: Iterable[bytes], model: type[M]) -> Iterator[Parsed[M] | LineError]:
    """Validate each non-blank line against `model`, yielding the value or the error, in order."""
    for n, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            yield Parsed(n, model.model_validate_json(raw))
        except (ValueError, UnicodeDecodeError) as exc:  # ValidationError and JSONDecodeError are ValueErrors
            yield LineError(n, describe(exc))
