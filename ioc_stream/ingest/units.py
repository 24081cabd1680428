"""Cutting a native input into the units its parser reads: lines, telexes, or concatenated XML documents."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import orjson

from ioc_stream.ingest.telex import split_messages


@dataclass(frozen=True, slots=True)
class Unit:
    """One line or message of the input, with its place (1-based line of the input, message number)."""

    raw: bytes
    line: int | None = None
    message: int | None = None


def lines(data: bytes) -> Iterator[Unit]:
    """One unit per line (keep-alive blank lines included: the parser knows them); a file that is one
    pretty-printed JSON document (a saved search response) is one unit."""
    body = data.strip()
    if body.startswith(b"{") and b"\n" in body:
        try:
            orjson.loads(body)
        except orjson.JSONDecodeError:
            pass
        else:
            yield Unit(body, line=1)
            return
    for n, raw in enumerate(data.splitlines(), start=1):
        yield Unit(raw, line=n)


def telexes(data: bytes) -> Iterator[Unit]:
    """One unit per telex (blank line, NNNN or ZCZC between them), numbered, with the line it starts on."""
    text = data.decode("utf-8", errors="replace")
    for k, chunk in enumerate(split_messages(text), start=1):
        yield Unit(chunk.text.encode(), line=chunk.line, message=k)


def documents(data: bytes, root: str) -> Iterator[Unit]:
    """One unit per XML document: each ends at its root's end tag (a recorded series of polls is many)."""
    end = re.compile(rb"</(?:[\w.-]+:)?" + root.encode() + rb"\s*>")
    start, k = 0, 0
    for m in end.finditer(data):
        k += 1
        yield Unit(data[start : m.end()].strip(), message=k)
        start = m.end()
    rest = data[start:].strip()
    if rest:
        yield Unit(rest, message=k + 1)
