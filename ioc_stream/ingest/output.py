"""Where ingested records go: JSON lines on stdout, Kafka messages on an input topic, problems on stderr or dead-lettered."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from ioc_stream import metrics
from ioc_stream.config import Settings
from ioc_stream.ingest.formats import Record
from ioc_stream.ingest.problems import Problem
from ioc_stream.kafka.deadletter import Reason, dead_letter

Message = tuple[str, bytes | None, bytes | None]


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


class KafkaOut:
    """Turns results into Kafka messages: records to the input topic (unkeyed, as feeds send them),
    unreadable units to the dead-letter topic with their bytes; counts both in the metrics."""

    def __init__(self, settings: Settings, fmt: str, topic: str, source: str) -> None:
        """Records of `fmt` go to `topic`; dead letters name `source` as where they came from."""
        self.settings, self.fmt, self.topic, self.source = settings, fmt, topic, source
        self.deadletter = settings.topics.name(settings.topics.deadletter)

    def record(self, record: Record) -> Message:
        """A record as a message for the input topic."""
        metrics.INGEST_RECORDS.labels(self.fmt).inc()
        return (self.topic, None, encode(record))

    def rejected(self, problem: Problem) -> Message:
        """An unreadable unit as a dead-letter message, bytes kept."""
        metrics.INGEST_REJECTED.labels(self.fmt).inc()
        metrics.DEADLETTERS.labels(str(Reason.DECODE)).inc()
        where = problem.message if problem.message is not None else problem.line
        value = dead_letter(
            problem.raw, topic=self.source, partition=-1, offset=-1 if where is None else where, reason=Reason.DECODE,
            error=problem.error, keep_bytes=self.settings.topics.max_message_bytes,
        )  # fmt: skip
        return (self.deadletter, None, value)
