"""Every topic ioc-stream uses, sized from config, and the one place topics are created (idempotently).

`deploy/k8s/base/kafkatopics.yaml` declares the same topics for Strimzi; tests/test_deploy_k8s.py holds the two equal.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from ioc_stream.config import Settings

#: Name of the correlation state table; its changelog topic is "<group_id>-<TABLE>-changelog".
STATE_TABLE = "correlation-state"
#: A compacted topic keeps every version of a key for an hour before compaction may drop the older ones.
COMPACTION_LAG_MS = 3_600_000


@dataclass(frozen=True, slots=True)
class TopicSpec:
    name: str
    partitions: int
    replicas: int
    retention_ms: int
    max_message_bytes: int
    compact: bool = False
    min_insync_replicas: int | None = None

    def configs(self) -> dict[str, str]:
        """Topic configs; retention.bytes -1 (unbounded by size) is explicit because Tansu needs it."""
        out = {
            "retention.ms": str(self.retention_ms),
            "retention.bytes": "-1",
            "max.message.bytes": str(self.max_message_bytes),
        }
        if self.compact:
            out |= {"cleanup.policy": "compact", "min.compaction.lag.ms": str(COMPACTION_LAG_MS)}
        if self.min_insync_replicas is not None:
            out["min.insync.replicas"] = str(self.min_insync_replicas)
        return out


def resolve(settings: Settings, topic: str) -> str:
    """A topic as given on the command line: a role (mentions|ops|actions, prefix applied) or a full name."""
    t = settings.topics
    return t.name(getattr(t, topic)) if topic in ("mentions", "ops", "actions") else topic


def changelog_topic(settings: Settings) -> str:
    """The state table's changelog topic, named the way Faust names it."""
    return f"{settings.kafka.group_id}-{STATE_TABLE}-changelog"


def sized(settings: Settings, name: str, retention_ms: int | None = None, *, compact: bool = False) -> TopicSpec:
    """Topic `name` (full name) with the configured partitions, replicas and limits; a benchmark peer's
    own topics are made with this too, so they are co-partitioned and configured like ours."""
    t = settings.topics
    keep = t.retention_ms if retention_ms is None else retention_ms
    return TopicSpec(name, t.partitions, t.replication, keep, t.max_message_bytes, compact, t.min_insync_replicas)


def topic_specs(settings: Settings) -> list[TopicSpec]:
    """The inputs, the keyed topic, the outputs (enriched mentions, alerts, dead letters) and the state changelog.

    The alerts topic is compacted: every version of an alert has its alert_id as key, readers want the latest.
    """
    t = settings.topics
    specs = [sized(settings, t.name(name)) for name in (t.mentions, t.ops, t.actions, t.keyed)]
    specs.append(sized(settings, t.name(t.enriched), t.history_retention_ms))
    specs.append(sized(settings, t.name(t.alerts), t.history_retention_ms, compact=True))
    specs.append(sized(settings, t.name(t.deadletter), t.deadletter_retention_ms))
    specs.append(sized(settings, changelog_topic(settings), compact=True))
    return specs


async def create_topics(
    settings: Settings, only: Collection[str] | None = None, extra: Sequence[TopicSpec] = ()
) -> list[str]:
    """Create every missing topic (or those of them named in `only`), and the `extra` ones (a benchmark
    peer's, made with `sized`); returns the names created."""
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic
    from aiokafka.errors import TopicAlreadyExistsError

    from ioc_stream.kafka.client import client_kwargs

    admin = AIOKafkaAdminClient(**client_kwargs(settings.kafka))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        ours = [s for s in topic_specs(settings) if only is None or s.name in only]
        created = []
        for spec in [s for s in [*ours, *extra] if s.name not in existing]:  # one by one: a concurrent
            new = NewTopic(spec.name, spec.partitions, spec.replicas, topic_configs=spec.configs())
            try:  # creator must not fail the others
                await admin.create_topics([new])
                created.append(spec.name)
            except TopicAlreadyExistsError:
                pass
        return created
    finally:
        await admin.close()


def ensure_topics(settings: Settings, only: Collection[str] | None = None) -> list[str]:
    """create_topics from synchronous code, on a loop of its own: the current one (Faust's, in the worker)
    is neither closed nor unset."""
    import asyncio

    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(create_topics(settings, only))
    finally:
        loop.close()
