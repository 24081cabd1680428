"""Producing raw messages to Kafka as-is (JSONL lines, simulator records), optionally rate-limited."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterable

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


async def produce(
    settings: Settings,
    messages: Iterable[tuple[str, bytes | None, bytes | None]] | AsyncIterator[tuple[str, bytes | None, bytes | None]],
    *,
    rate: float | None = None,
) -> int:
    """Send (topic, key, value) messages, batched by the producer; returns how many were sent."""
    from aiokafka import AIOKafkaProducer

    max_request = max(1_048_576, 2 * settings.topics.max_message_bytes)
    producer = AIOKafkaProducer(**client_kwargs(settings.kafka), linger_ms=5, max_request_size=max_request, acks=1)
    await producer.start()
    pacer = Pacer(rate)
    try:
        if hasattr(messages, "__aiter__"):
            async for topic, key, value in messages:  # type: ignore[union-attr]
                await producer.send(topic, value, key=key)
                await pacer.tick()
        else:
            for topic, key, value in messages:  # type: ignore[union-attr]
                await producer.send(topic, value, key=key)
                await pacer.tick()
        await producer.flush()
    finally:
        await producer.stop()
    return pacer.sent
