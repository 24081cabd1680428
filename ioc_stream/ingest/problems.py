"""Why one line or message of a native feed could not be used: reported with its place, never fatal."""

from __future__ import annotations

from dataclasses import dataclass, field

import orjson


@dataclass(frozen=True, slots=True)
class Problem:
    """An unreadable line (line formats) or message (telexes, XML documents), with the bytes it came as."""

    error: str
    line: int | None = None
    message: int | None = None
    raw: bytes = field(default=b"", repr=False, compare=False)

    def to_json(self) -> bytes:
        """The stderr report: {"error", "line"} or {"error", "message"} (a telex gives both: where it starts)."""
        out: dict[str, object] = {"error": self.error}
        if self.message is not None:
            out["message"] = self.message
        if self.line is not None:
            out["line"] = self.line
        return orjson.dumps(out)

    def at(self, *, line: int | None = None, message: int | None = None, raw: bytes | None = None) -> "Problem":
        """The same problem placed in the input (parsers know what went wrong, readers know where)."""
        return Problem(self.error, line if line is not None else self.line,
                       message if message is not None else self.message, self.raw if raw is None else raw)  # fmt: skip


class Unreadable(ValueError):
    """Raised inside a parser for input it cannot use; the reader turns it into a Problem."""
