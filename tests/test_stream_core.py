"""The worker's pure core without Kafka: routing, dead letters, deadlines, partitions, batch processing."""

from __future__ import annotations

import base64
import random

import orjson
import pytest
from aiokafka.partitioner import DefaultPartitioner
from correlate_factory import mention, ops
from hypothesis import given
from hypothesis import strategies as st

from ioc_stream.alerts.correlator import Correlator
from ioc_stream.config import CorrelationConfig
from ioc_stream.correlate import KeyState
from ioc_stream.correlate.keys import event_keys as keys_of
from ioc_stream.ingest.messages import Reason, Rejected
from ioc_stream.kafka.deadletter import dead_letter
from ioc_stream.pipeline.deadlines import DeadlineIndex
from ioc_stream.pipeline.envelope import pack, unpack
from ioc_stream.pipeline.partitions import partition_for, watermark_key
from ioc_stream.pipeline.processor import DictStore, Item, KeyedProcessor
from ioc_stream.pipeline.replay import Replayer
from ioc_stream.pipeline.routing import route
from ioc_stream.taxonomy import Category, OpsEventType

PARTS = 4
POST = {
    "id": "p1",
    "platform": "twitter",
    "author": {"handle": "ana"},
    "text": "Flight 1019 diverted to Tulsa, medical emergency onboard",
    "created_at": "2026-03-01T10:00:00Z",
}


# -- routing and dead letters ---------------------------------------------------------------------
def test_route_enriches_and_fans_out_under_each_key() -> None:
    routed = route("mentions", orjson.dumps(POST), carrier="AA", max_bytes=10_000, ts=123.0)
    keys = [key for key, _ in routed.outputs]
    assert "F:AA1019" in keys and keys == keys_of(routed.record)
    for _, envelope in routed.outputs:  # the same enriched record under every key
        env = unpack(envelope)
        assert (env.kind, env.ts, env.record) == ("m", 123.0, routed.record)


@pytest.mark.parametrize(
    ("value", "reason", "needle"),
    [
        (b"\xff\xfe not utf8", Reason.DECODE, "json"),
        (b'{"id": ', Reason.DECODE, "json"),
        (b"[1, 2]", Reason.DECODE, "expected an object"),
        (None, Reason.DECODE, "empty"),
        (orjson.dumps({**POST, "created_at": "yesterday"}), Reason.SCHEMA, "created_at"),
        (orjson.dumps({k: v for k, v in POST.items() if k != "author"}), Reason.SCHEMA, "author"),
        (orjson.dumps({**POST, "text": "x" * 2000}), Reason.OVERSIZE, "over the 1000-byte limit"),
    ],
)
def test_route_rejects_bad_input_with_a_reason(value: bytes | None, reason: Reason, needle: str) -> None:
    with pytest.raises(Rejected) as err:
        route("mentions", value, carrier="AA", max_bytes=1000, ts=0.0)
    assert err.value.reason is reason
    assert needle in err.value.error


def test_non_operational_posts_have_no_key() -> None:
    praise = {**POST, "text": "Thank you for the lovely crew, best flight ever"}
    assert route("mentions", orjson.dumps(praise), carrier="AA", max_bytes=10_000, ts=0.0).outputs == []


def test_dead_letter_keeps_the_original_bytes_and_says_where_it_came_from() -> None:
    raw = b"\x00\x01 not json"
    rec = orjson.loads(
        dead_letter(raw, topic="t", partition=2, offset=41, reason=Reason.DECODE, error="json: bad", keep_bytes=100)
    )
    assert base64.b64decode(rec["original_b64"]) == raw
    assert (rec["topic"], rec["partition"], rec["offset"], rec["reason"], rec["error"]) == (
        "t",
        2,
        41,
        "decode",
        "json: bad",
    )
    big = orjson.loads(
        dead_letter(b"y" * 500, topic="t", partition=0, offset=0, reason=Reason.OVERSIZE, error="e", keep_bytes=100)
    )
    assert len(base64.b64decode(big["original_b64"])) == 100 and big["truncated"] and big["size"] == 500


# -- partitions and deadlines ---------------------------------------------------------------------
def test_partition_for_agrees_with_the_producer_partitioner() -> None:
    for key in ("F:AA2390", "S:DFW", "F:AA1", "W:0", "ünïcode"):
        assert partition_for(key, 7) == DefaultPartitioner()(key.encode(), list(range(7)), list(range(7)))
    for p in range(PARTS):
        assert partition_for(watermark_key(p, PARTS), PARTS) == p


@given(st.binary(max_size=64), st.integers(min_value=1, max_value=64))
def test_partition_for_agrees_with_the_producer_partitioner_on_any_key(key: bytes, partitions: int) -> None:
    """The pipeline's own murmur2 (the pure core imports no Kafka client) is the producer's, byte for byte."""
    assert partition_for(key, partitions) == DefaultPartitioner()(key, list(range(partitions)), list(range(partitions)))


def test_deadline_index_pops_only_live_due_keys_in_order() -> None:
    idx = DeadlineIndex()
    idx.schedule("a", 30)
    idx.schedule("b", 10)
    idx.schedule("c", 20)
    idx.schedule("a", 5)  # rescheduled earlier: the 30 entry is stale
    idx.schedule("c", None)  # dropped
    assert idx.next_deadline() == 5
    assert idx.pop_due(15) == ["a", "b"]
    assert idx.pop_due(100) == [] and len(idx) == 0
    for i in range(1000):  # heavy rescheduling compacts instead of growing without bound
        idx.schedule("k", i)
    assert len(idx._heap) < 100 and idx.pop_due(10_000) == ["k"]


# -- batch processing -----------------------------------------------------------------------------
def scenario(seed: int = 3, flights: int = 30, n: int = 600) -> list:
    """A seeded mix of posts and ops events over ~14 hours, in event-time order."""
    rnd = random.Random(seed)
    cats = [Category.DIVERSION, Category.DELAY, Category.MEDICAL, Category.CANCELLATION, Category.GATE_RETURN]
    types = {
        Category.DIVERSION: OpsEventType.DIVERSION,
        Category.DELAY: OpsEventType.DELAY,
        Category.MEDICAL: OpsEventType.MEDICAL,
        Category.CANCELLATION: OpsEventType.CANCELLATION,
        Category.GATE_RETURN: OpsEventType.GATE_RETURN,
    }
    events = []
    for i in range(n):
        flight = f"AA{100 + rnd.randrange(flights)}"
        minutes = rnd.uniform(0, 14 * 60)
        cat = rnd.choice(cats)
        if rnd.random() < 0.8:
            events.append(mention(f"p{i}", f"u{rnd.randrange(40)}", minutes, cat, flight, onboard=rnd.random() < 0.3))
        else:
            events.append(ops(f"o{i}", minutes, types[cat], flight[2:]))
    return sorted(events, key=lambda e: (getattr(e, "created_at", None) or e.reported_at).timestamp())


def items_by_partition(events: list) -> dict[int, list[Item]]:
    out: dict[int, list[Item]] = {}
    for e in events:
        for key in keys_of(e):
            out.setdefault(partition_for(key, PARTS), []).append(Item(key, unpack(pack(e, 0.0))))
    return out


def processor(store: DictStore | None = None, correlator: Correlator | None = None) -> KeyedProcessor:
    config = CorrelationConfig()
    correlator = correlator or Correlator(config)
    return KeyedProcessor(
        correlator,
        KeyState,
        store if store is not None else DictStore(),
        partitions=PARTS,
    )


def signature(alerts) -> list[tuple]:
    return [(a.alert_id, a.version, a.status, a.lead_time_s) for a in alerts]


def run_batches(proc: KeyedProcessor, partition: int, items: list[Item], rnd: random.Random) -> list:
    alerts, i = [], 0
    while i < len(items):
        size = rnd.randint(1, 60)
        alerts += [a for a, _ in proc.process(partition, items[i : i + size]).alerts]
        i += size
    return alerts


def test_batches_give_exactly_the_replay_of_each_partitions_sequence() -> None:
    by_part, rnd = items_by_partition(scenario()), random.Random(1)
    proc, total = processor(), 0
    for partition, items in by_part.items():
        expected = list(Replayer(Correlator(CorrelationConfig())).run([it.envelope.record for it in items]))
        assert signature(run_batches(proc, partition, items, rnd)) == signature(expected)
        total += len(expected)
    assert total > 20  # the scenario really alerts (opens, escalations, confirmations, expiries)


def test_restart_from_stored_state_with_redelivery_loses_and_invents_nothing() -> None:
    by_part, rnd = items_by_partition(scenario(seed=5)), random.Random(2)
    for partition, items in by_part.items():
        undisturbed = set(signature(run_batches(processor(), partition, items, rnd)))
        store = DictStore()
        cut = len(items) // 2
        first = run_batches(processor(store), partition, items[:cut], rnd)  # ... then kill -9
        survivor = processor(store)  # a fresh process: clocks and deadlines rebuilt from the table
        survivor.rebuild([partition])
        redelivered = items[cut - rnd.randint(1, cut) :]  # offsets were committed some time before the crash
        again = run_batches(survivor, partition, redelivered, rnd)
        assert set(signature(first + again)) == undisturbed


def test_an_event_that_breaks_the_engine_costs_only_itself() -> None:
    class Fragile(Correlator):
        def apply(self, key, state, event, watermark=None):
            if getattr(event, "id", None) == "poison":
                raise RuntimeError("boom")
            return super().apply(key, state, event, watermark)

    events = [mention("a1", "u1", 0, onboard=True), mention("poison", "u2", 1), mention("a2", "u3", 2)]
    proc = processor(correlator=Fragile(CorrelationConfig()))
    out = proc.process(0, [Item("F:AA2390", unpack(pack(e, 0.0)), ref=e.id) for e in events])
    assert [(item.ref, str(exc)) for item, exc in out.failures] == [("poison", "boom")]
    assert out.applied == 2 and {a.alert_id for a, _ in out.alerts}


def test_packed_envelopes_read_back_alike_and_are_then_forgotten() -> None:
    from ioc_stream.pipeline.envelope import Packed

    packed = Packed(cap=3)
    records = [mention(f"p{i}", f"u{i}", minutes=i, flight=f"AA23{i}") for i in range(5)]
    values = [pack(r, float(i)) for i, r in enumerate(records)]
    for value, record, ts in zip(values, records, range(5)):
        packed.add(value, record, float(ts))
    assert len(packed) == 3  # the cap drops the oldest
    for value in values:  # remembered or decoded, every envelope reads back as what was packed
        assert packed.unpack(value) == unpack(value)
    assert len(packed) == 0  # read back once: nothing stays at rest
    assert packed.unpack(values[-1]) == unpack(values[-1])  # a re-delivery decodes as usual


def test_flight_metrics_count_only_our_carriers_flights() -> None:
    """Every airline's flight numbers would grow the metric's label set without end; ours bound it."""
    from ioc_stream.enrich import enrich
    from ioc_stream.kafka.worker import InputCounts
    from ioc_stream.models import SocialMention

    counts = InputCounts("AA")
    for i, text in enumerate(
        ["flight 2390 diverted", "@united UA938 stuck at the gate", "AA 2390 and DL 1019 delayed"]
    ):
        post = SocialMention.model_validate(
            {
                "id": str(i),
                "platform": "x",
                "author": {"handle": "a"},
                "text": text,
                "created_at": "2026-11-23T06:00:00Z",
            }
        )
        counts.add(enrich(post, "AA"))
    assert dict(counts.flights) == {"AA2390": 2}
    assert sum(counts.mentions.values()) == 3
