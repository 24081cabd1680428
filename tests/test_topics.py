"""kafka/topics.py on the real broker: every topic made as specified (alerts compacted), idempotently, extras alike."""

from __future__ import annotations

import asyncio

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from stream_helpers import Namespace

from ioc_stream.kafka.topics import create_topics, sized, topic_specs

pytestmark = pytest.mark.kafka


async def described(bootstrap: str, names: list[str]) -> dict[str, tuple[int, dict[str, str]]]:
    """Each topic's partition count and configs, as the broker reports them."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        meta = {t["topic"]: len(t["partitions"]) for t in await admin.describe_topics(names)}
        resources = [ConfigResource(ConfigResourceType.TOPIC, name) for name in names]
        out = {}
        for response in await admin.describe_configs(resources):
            for _, _, _, name, entries in response.resources:
                out[name] = (meta[name], {e[0]: e[1] for e in entries})
        return out
    finally:
        await admin.close()


def test_every_topic_is_created_as_specified_once(broker, tmp_path) -> None:
    settings = Namespace(broker.bootstrap, tmp_path).settings
    specs = topic_specs(settings)
    alerts = settings.topics.name(settings.topics.alerts)
    assert asyncio.run(create_topics(settings, only={alerts})) == [alerts]
    assert sorted(asyncio.run(create_topics(settings))) == sorted(s.name for s in specs if s.name != alerts)
    assert asyncio.run(create_topics(settings)) == []
    on_broker = asyncio.run(described(broker.bootstrap, [s.name for s in specs]))
    for spec in specs:
        partitions, configs = on_broker[spec.name]
        assert partitions == spec.partitions, spec.name
        assert spec.configs().items() <= configs.items(), spec.name
    assert on_broker[alerts][1]["cleanup.policy"] == "compact"


def test_extra_topics_go_the_same_way(broker, tmp_path) -> None:
    """A benchmark peer's topics: only the extras named (`only` empty), sized and configured like ours."""
    settings = Namespace(broker.bootstrap, tmp_path).settings
    keyed, changelog = f"{settings.topics.prefix}peer.keyed", f"{settings.topics.prefix}peer-changelog"
    extra = [sized(settings, keyed), sized(settings, changelog, compact=True)]
    assert asyncio.run(create_topics(settings, only=(), extra=extra)) == [keyed, changelog]
    on_broker = asyncio.run(described(broker.bootstrap, [keyed, changelog]))
    assert on_broker[keyed][0] == on_broker[changelog][0] == settings.topics.partitions
    assert on_broker[keyed][1].get("cleanup.policy", "delete") == "delete"
    assert on_broker[changelog][1]["cleanup.policy"] == "compact"
    assert on_broker[keyed][1]["max.message.bytes"] == str(settings.topics.max_message_bytes)
