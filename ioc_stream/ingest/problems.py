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
    from_feed: bool = False  # the feed itself reported an error (an X error object): read fine, nothing to dead-letter

    def to_json(self) -> bytes:
        """The stderr report: {"error", "line"} or {"error", "message"} (a telex gives both: where it starts)."""
        out: dict[str, object] = {"error": self.error}
        if self.message is not None:
            out["message"] = self.message
        if self.line is not None:
            out["line"] = self.line
        return orjson.dumps(out)


class Unreadable(ValueError):
    """Raised inside a parser for input it cannot use; the reader turns it into a Problem."""
