"""Ingested results as Kafka messages: records to their input topic, unreadable units to the dead-letter topic."""

from __future__ import annotations

from ioc_stream import metrics
from ioc_stream.config import Settings
from ioc_stream.ingest.formats import Record
from ioc_stream.ingest.messages import Reason
from ioc_stream.ingest.output import encode
from ioc_stream.ingest.problems import Problem
from ioc_stream.kafka.deadletter import dead_letter

Message = tuple[str, bytes | None, bytes | None]


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
            problem.raw,
            topic=self.source,
            partition=-1,
            offset=-1 if where is None else where,
            reason=Reason.DECODE,
            error=problem.error,
            keep_bytes=self.settings.topics.max_message_bytes,
        )
        return (self.deadletter, None, value)
