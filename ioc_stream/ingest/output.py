"""Ingested records as their contracts' JSON, one line each, and problems as one JSON line each."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from ioc_stream.ingest.formats import Record
from ioc_stream.ingest.problems import Problem


def encode(record: Record) -> bytes:
    """A record as its contract's JSON (what `ioc-stream replay` and the worker read)."""
    return record.model_dump_json(exclude_none=True).encode()


def write_lines(records: Iterable[Record], out: BinaryIO) -> int:
    """One JSON line per record; returns how many."""
    n = 0
    for record in records:
        out.write(encode(record) + b"\n")
        n += 1
    out.flush()
    return n


def report(problems: Iterable[Problem], err: BinaryIO) -> int:
    """Each problem as {"error", "line" | "message"} on stderr; returns how many."""
    n = 0
    for p in problems:
        err.write(p.to_json() + b"\n")
        n += 1
    err.flush()
    return n
