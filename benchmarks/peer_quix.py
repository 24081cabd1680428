"""The Quix Streams peer: ioc-stream's routing and correlation written the natural Quix way, for `make bench`.

inputs (mentions, ops) -> apply(route, expand) -> concat -> group_by(state key) -> stateful apply
(KeyState bytes in Quix State, our pure Correlator) -> expand alert changes -> the alerts topic.
Settings come from the same IOC_* environment as the worker (bootstrap, prefix, group, data dir).
Run: python -m benchmarks.peer_quix
"""

from __future__ import annotations

import logging

from quixstreams import Application, message_context

from benchmarks.harness import COMMIT_INTERVAL_S
from benchmarks.peer_logic import LazyCorrelation, route_or_drop
from ioc_stream.config import Settings
from ioc_stream.pipeline.envelope import unpack

STATE = "s"


def build(settings: Settings) -> Application:
    """The Quix application over the namespace in `settings`."""
    t, k = settings.topics, settings.kafka
    app = Application(
        broker_address=k.bootstrap,
        consumer_group=k.group_id,
        auto_offset_reset="earliest",
        commit_interval=COMMIT_INTERVAL_S,
        state_dir=f"{settings.data_dir}/quix-state",
        loglevel=logging.WARNING,
        # the same murmur2 partitioning as aiokafka/Faust, so every key lands on the same partition number
        producer_extra_config={"partitioner": "murmur2_random"},
    )
    correlation = LazyCorrelation(settings.correlation)

    def routed(role: str):
        def fn(value: bytes) -> list[dict]:
            return [{"key": key, "env": env.decode()} for key, env in route_or_drop(role, value, settings.carrier)]

        return fn

    def correlate(value: dict, state) -> list[dict]:
        partition = message_context().partition
        old = state.get(STATE)
        new, alerts = correlation.apply(
            partition, value["key"], old.encode() if old else None, unpack(value["env"].encode())
        )
        if new is None:
            if old is not None:
                state.delete(STATE)
        else:
            state.set(STATE, new.decode())
        return [a.model_dump(mode="json") for a in alerts]

    raw = {"key_deserializer": "bytes", "value_deserializer": "bytes"}
    mentions = app.dataframe(app.topic(t.name(t.mentions), **raw)).apply(routed("mentions"), expand=True)
    ops = app.dataframe(app.topic(t.name(t.ops), **raw)).apply(routed("ops"), expand=True)
    alerts = app.topic(t.name(t.alerts), key_serializer="str", value_serializer="json")
    keyed = mentions.concat(ops).group_by(
        lambda v: v["key"], name="keyed", key_serializer="str", key_deserializer="str"
    )
    keyed.apply(correlate, stateful=True, expand=True).to_topic(alerts, key=lambda a: a["alert_id"])
    return app


def main() -> None:
    build(Settings()).run()


if __name__ == "__main__":
    main()
