"""Naive Faust, for `make bench`: the same routing and correlation, written the first way Faust suggests.

One event per agent iteration, a table write per event, default codecs (JSON values, dict records),
every send awaited as it goes. What ioc-stream's worker does differently (batches, raw bytes, one
table write per key per batch, event-time merge) is what the comparison prices.
Run: python -m benchmarks.peer_faust_naive worker
"""

from __future__ import annotations

import time

import faust
import orjson

from benchmarks.harness import COMMIT_INTERVAL_S
from benchmarks.peer_logic import LazyCorrelation
from ioc_stream.config import Settings
from ioc_stream.correlate.keys import event_keys
from ioc_stream.enrich import enrich
from ioc_stream.models import OpsEvent, SocialMention
from ioc_stream.pipeline.envelope import KIND_OF, KINDS, Envelope

TABLE = "naive-state"


def keyed_topic(settings: Settings) -> str:
    return settings.topics.name(settings.topics.keyed)


def changelog_topic(settings: Settings) -> str:
    return f"{settings.kafka.group_id}-{TABLE}-changelog"


def build(settings: Settings) -> faust.App:
    """The naive app over the namespace in `settings` (its keyed and changelog topics created up front)."""
    t, k = settings.topics, settings.kafka
    app = faust.App(
        k.group_id,
        broker=f"kafka://{k.bootstrap}",
        store="memory://",
        topic_partitions=t.partitions,
        consumer_auto_offset_reset="earliest",
        broker_commit_interval=COMMIT_INTERVAL_S,
        web_enabled=False,
        datadir=settings.data_dir,
    )
    roles = {t.name(t.mentions): "mentions", t.name(t.ops): "ops"}
    inputs = app.topic(*roles)
    keyed = app.topic(keyed_topic(settings), partitions=t.partitions)
    alerts = app.topic(t.name(t.alerts))
    table = app.Table(TABLE, partitions=t.partitions)
    correlation = LazyCorrelation(settings.correlation)

    @app.agent(inputs)
    async def route(stream):
        async for event in stream.events():
            role = roles[event.message.topic]
            try:
                model = (SocialMention if role == "mentions" else OpsEvent).model_validate(event.value)
                record = enrich(model, settings.carrier) if role == "mentions" else model
            except Exception as exc:  # the naive version logs and drops bad records
                app.log.warning("dropped %s record: %r", role, exc)
                continue
            keys = event_keys(record, settings.carrier)
            envelope = {"k": KIND_OF[type(record)], "d": record.model_dump(mode="json"), "ts": time.time()}
            for key in keys:
                await keyed.send(key=key.encode(), value=envelope)

    @app.agent(keyed)
    async def correlate(stream):
        async for event in stream.events():
            key, value = event.key.decode(), event.value
            envelope = Envelope(value["k"], KINDS[value["k"]].model_validate(value["d"]), value["ts"])
            old = table.get(key)
            state, changes = correlation.apply(
                event.message.partition, key, orjson.dumps(old) if old else None, envelope
            )
            if state is not None:
                table[key] = orjson.loads(state)
            elif old is not None:
                del table[key]
            for alert in changes:
                await alerts.send(key=alert.alert_id.encode(), value=alert.model_dump(mode="json"))

    return app


def main() -> None:
    build(Settings()).main()


if __name__ == "__main__":
    main()
