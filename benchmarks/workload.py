"""The stream benchmarks' inputs: a simulated day in a realistic mix, and synthetic posts on distinct flights.

Every system under test (ioc-stream, the aiokafka floor, Quix Streams, naive Faust) reads exactly these
messages from the same pre-loaded topics. Each message is keyed by its first state key, so an input
partition's records all belong to one keyed partition and every system sees each key's events in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import orjson

from ioc_stream.ingest.messages import Rejected
from ioc_stream.pipeline.routing import route
from ioc_stream.simulate import generate

#: Simulated day start (any fixed instant: the benchmarks never look at the wall clock's date).
DAY = datetime(2026, 3, 2, 6, tzinfo=UTC)
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: Noise posts per flight that make the day ~80% posts and ~20% ops events (the simulator's status
#: noise alone is ~2.4 ops events per flight).
NOISE_PER_FLIGHT = 9.0


@dataclass(frozen=True, slots=True)
class Message:
    """One input message: its role (mentions | ops), key (its first state key, or None) and raw value."""

    role: str
    key: bytes | None
    value: bytes
    post_id: str | None = None


def first_key(role: str, value: bytes, carrier: str = "AA") -> bytes | None:
    """The first state key routing gives this message (None when it has none or is rejected)."""
    try:
        outputs = route(role, value, carrier=carrier, max_bytes=1 << 20, ts=0.0).outputs
    except Rejected:
        return None
    return outputs[0][0].encode() if outputs else None


def day(flights: int, seed: int = 7) -> list[Message]:
    """A simulated day of `flights` flights (~12 messages each), merged in event-time order."""
    s = generate(seed, DAY, 24, flights, noise_per_flight=NOISE_PER_FLIGHT)
    rows = [(m["created_at"], 0, "mentions", m) for m in s.mentions] + [(o["reported_at"], 1, "ops", o) for o in s.ops]
    rows.sort(key=lambda r: (r[0], r[1]))
    out = []
    for _, _, role, rec in rows:
        value = orjson.dumps(rec)
        out.append(Message(role, first_key(role, value), value, rec["id"] if role == "mentions" else None))
    return out


def distinct_flights(n: int) -> list[Message]:
    """`n` inputs, each opening a different flight key, all within ten minutes (so no key is evicted).

    Only our carrier's flights are correlated, so posts cover AA1..AA9999; beyond that the keys come
    from DELAY ops events of made-up carriers ("ZAA1", ...), which open flight state too.
    """
    out = []
    for i in range(n):
        at = (DAY + timedelta(seconds=i * 600 // max(1, n))).strftime("%Y-%m-%dT%H:%M:%SZ")
        if i < 9999:
            rec = {
                "id": f"rss-{i}",
                "platform": "twitter",
                "author": {"handle": f"pax{i}"},
                "created_at": at,
                "text": f"Flight AA{i + 1} delayed 3 hours, still stuck at the gate",
            }
            out.append(Message("mentions", f"F:AA{i + 1}".encode(), orjson.dumps(rec), rec["id"]))
            continue
        j = i - 9999
        carrier, number = "Z" + _LETTERS[j // 9999 // 26 % 26] + _LETTERS[j // 9999 % 26], j % 9999 + 1
        rec = {
            "event_id": f"rss-{i}",
            "type": "DELAY",
            "carrier": carrier,
            "flight_number": str(number),
            "occurred_at": at,
            "reported_at": at,
        }
        out.append(Message("ops", f"F:{carrier}{number}".encode(), orjson.dumps(rec)))
    return out


def check_distinct(sample: list[Message], carrier: str = "AA") -> None:
    """Fail loudly when routing does not give each synthetic input exactly its own flight key."""
    for m in sample:
        routed = route(m.role, m.value, carrier=carrier, max_bytes=1 << 20, ts=0.0)
        keys = [k for k, _ in routed.outputs]
        if keys != [m.key.decode()]:  # type: ignore[union-attr]
            raise AssertionError(f"synthetic input {m.value!r} routes to {keys}, want [{m.key!r}]")
