"""SITA Type B telex streams: where one message ends and the next begins (blank line, NNNN, ZCZC)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Chunk:
    """One message's lines as received, with the 1-based input line it starts on."""

    line: int
    text: str


def split_messages(text: str) -> Iterator[Chunk]:
    """Messages in input order: separated by blank lines or an NNNN end line; ZCZC start lines dropped."""
    lines: list[str] = []
    start = 0
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line and not line.startswith("ZCZC") and line != "NNNN":
            if not lines:
                start = n
            lines.append(line)
            continue
        if lines:
            yield Chunk(start, "\n".join(lines))
            lines = []
    if lines:
        yield Chunk(start, "\n".join(lines))
