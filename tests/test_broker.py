"""The embedded broker really speaks Kafka: a topic round-trips a message through aiokafka."""

from __future__ import annotations

import asyncio

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from ioc_stream.config import KafkaConfig, Settings
from ioc_stream.kafka.topics import create_topics, sized

pytestmark = pytest.mark.kafka


def test_round_trip(broker) -> None:
    async def main() -> bytes:
        settings = Settings(kafka=KafkaConfig(bootstrap=broker.bootstrap))
        await create_topics(settings, only=(), extra=[sized(settings, "t.roundtrip")])
        producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap)
        await producer.start()
        await producer.send_and_wait("t.roundtrip", b"hello", key=b"k")
        await producer.stop()
        consumer = AIOKafkaConsumer("t.roundtrip", bootstrap_servers=broker.bootstrap, auto_offset_reset="earliest")
        await consumer.start()
        try:
            msg = await asyncio.wait_for(consumer.getone(), 30)
        finally:
            await consumer.stop()
        return msg.value

    assert asyncio.run(main()) == b"hello"
