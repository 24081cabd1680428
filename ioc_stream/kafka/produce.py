"""Producing raw messages to Kafka as-is (JSONL lines, simulator records), optionally rate-limited.

A record's Kafka timestamp says when it entered Kafka, and the worker refuses events stamped far from
it (a wrong clock: reason time_skew). Live connectors leave it to the broker. Replaying recorded
events (a file, the simulator, a test day) is producing the past now, so those producers pass
`stamp=True`: each record's timestamp is its own event time, as if it had been produced as it happened.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterable
from datetime import datetime

import orjson

from ioc_stream.config import Settings
from ioc_stream.kafka.client import client_kwargs


def jsonl_messages(lines: Iterable[bytes]) -> Iterable[bytes]:
    """Each non-blank line without its line ending, untouched otherwise (bad lines included)."""
    for line in lines:
        line = line.rstrip(b"\r\n")
        if line.strip():
            yield line


class Pacer:
    """Sleeps just enough to hold `rate` messages per second on average (None = as fast as possible)."""

    def __init__(self, rate: float | None) -> None:
        self.rate = rate
        self.start = time.monotonic()
        self.sent = 0

    async def tick(self) -> None:
        self.sent += 1
        if not self.rate:
            return
        ahead = self.sent / self.rate - (time.monotonic() - self.start)
        if ahead > 0.01:
            await asyncio.sleep(ahead)


def event_stamp(value: bytes | None) -> int | None:
    """A record's event time in epoch milliseconds (a post's created_at, an ops event's reported_at), or None
    when it has none that reads (bad records get the broker's time, and are judged by their content)."""
    try:
        record = orjson.loads(value or b"")
        when = record.get("created_at") or record.get("reported_at")
        return int(datetime.fromisoformat(when).timestamp() * 1000) if isinstance(when, str) else None
    except (ValueError, AttributeError, TypeError):
        return None


Message = tuple[str, bytes | None, bytes | None]


async def produce(
    settings: Settings,
    messages: Iterable[Message] | AsyncIterator[Message],
    *,
    rate: float | None = None,
    stamp: bool = False,
) -> int:
    """Send (topic, key, value) messages, batched by the producer; returns how many were sent. With `stamp`,
    each record's Kafka timestamp is its event time (replaying recorded events)."""
    from aiokafka import AIOKafkaProducer

    max_request = max(1_048_576, 2 * settings.topics.max_message_bytes)
    producer = AIOKafkaProducer(**client_kwargs(settings.kafka), linger_ms=5, max_request_size=max_request, acks=1)
    await producer.start()
    pacer = Pacer(rate)
    try:
        if hasattr(messages, "__aiter__"):
            async for topic, key, value in messages:  # type: ignore[union-attr]
                await producer.send(topic, value, key=key, timestamp_ms=event_stamp(value) if stamp else None)
                await pacer.tick()
        else:
            for topic, key, value in messages:  # type: ignore[union-attr]
                await producer.send(topic, value, key=key, timestamp_ms=event_stamp(value) if stamp else None)
                await pacer.tick()
        await producer.flush()
    finally:
        await producer.stop()
    return pacer.sent
