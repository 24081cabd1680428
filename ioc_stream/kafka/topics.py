"""Every topic ioc-stream uses, sized from config, and their idempotent creation (Tansu wants explicit retention)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from ioc_stream.config import Settings

#: Name of the correlation state table; its changelog topic is "<group_id>-<TABLE>-changelog".
STATE_TABLE = "correlation-state"


@dataclass(frozen=True, slots=True)
class TopicSpec:
    name: str
    partitions: int
    retention_ms: int
    compact: bool = False

    def configs(self) -> dict[str, str]:
        """Topic configs; retention.bytes -1 (unbounded by size) is explicit because Tansu needs it."""
        out = {"retention.ms": str(self.retention_ms), "retention.bytes": "-1"}
        if self.compact:
            out["cleanup.policy"] = "compact"
        return out


def resolve(settings: Settings, topic: str) -> str:
    """A topic as given on the command line: a role (mentions|ops|actions, prefix applied) or a full name."""
    t = settings.topics
    return t.name(getattr(t, topic)) if topic in ("mentions", "ops", "actions") else topic


def changelog_topic(settings: Settings) -> str:
    """The state table's changelog topic, named the way Faust names it."""
    return f"{settings.kafka.group_id}-{STATE_TABLE}-changelog"


def topic_specs(settings: Settings) -> list[TopicSpec]:
    """The inputs, the keyed topic, the outputs (enriched mentions, alerts, dead letters) and the state changelog."""
    t = settings.topics
    n, keep = t.partitions, t.retention_ms
    specs = [TopicSpec(t.name(name), n, keep) for name in (t.mentions, t.ops, t.actions, t.keyed)]
    specs += [TopicSpec(t.name(name), n, t.history_retention_ms) for name in (t.enriched, t.alerts)]
    specs.append(TopicSpec(t.name(t.deadletter), n, t.deadletter_retention_ms))
    specs.append(TopicSpec(changelog_topic(settings), n, keep, compact=True))
    return specs


async def create_topics(settings: Settings, only: Collection[str] | None = None) -> list[str]:
    """Create every missing topic (or those of them named in `only`); returns the names created."""
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic
    from aiokafka.errors import TopicAlreadyExistsError

    from ioc_stream.kafka.client import client_kwargs

    admin = AIOKafkaAdminClient(**client_kwargs(settings.kafka))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [s for s in topic_specs(settings) if s.name not in existing and (only is None or s.name in only)]
        created = []
        for spec in wanted:  # one by one: a concurrent creator must not fail the others
            new = NewTopic(spec.name, spec.partitions, settings.topics.replication, topic_configs=spec.configs())
            try:
                await admin.create_topics([new])
                created.append(spec.name)
            except TopicAlreadyExistsError:
                pass
        return created
    finally:
        await admin.close()
