"""The stream benchmarks' inputs: a simulated day in a realistic mix, and synthetic posts on distinct flights.

Every system under test (ioc-stream, the aiokafka floor, Quix Streams, naive Faust) reads exactly these
messages from the same pre-loaded topics. Each message is keyed by its first state key, so an input
partition's records all belong to one keyed partition and every system sees each key's events in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import orjson

from ioc_stream.enrich.carriers import carriers
from ioc_stream.models import SocialMention
from ioc_stream.simulate import generate
from ioc_stream.stream.deadletter import Rejected
from ioc_stream.stream.routing import route

#: Simulated day start (any fixed instant: the benchmarks never look at the wall clock's date).
DAY = datetime(2026, 3, 2, 6, tzinfo=UTC)
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


def distinct_flights(n: int, *, offset: int = 0) -> list[Message]:
    """`n` delay posts, each naming a different flight, all within ten minutes (so no key is evicted).

    At most 54 known carriers x 9999 flight numbers; run several feeds on separate workers beyond that.
    """
    per_carrier, codes = 9999, sorted(carriers().designators)
    if n + offset > per_carrier * len(codes):
        raise ValueError(f"at most {per_carrier * len(codes)} distinct flights (known carriers x 9999)")
    out = []
    for i in range(offset, offset + n):
        carrier, number = codes[i // per_carrier], i % per_carrier + 1
        rec = {
            "id": f"rss-{i}",
            "platform": "twitter",
            "author": {"handle": f"pax{i}"},
            "text": f"Flight {carrier}{number} delayed 3 hours, still stuck at the gate",
            "created_at": (DAY + timedelta(seconds=i * 600 // max(1, n + offset))).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        key = f"F:{carrier}{number}".encode()
        out.append(Message("mentions", key, orjson.dumps(rec), rec["id"]))
    return out


def check_distinct(sample: list[Message], carrier: str = "AA") -> None:
    """Fail loudly when enrichment does not give each synthetic post exactly its own flight key."""
    for m in sample:
        routed = route("mentions", m.value, carrier=carrier, max_bytes=1 << 20, ts=0.0)
        keys = [k for k, _ in routed.outputs]
        if keys != [m.key.decode()]:  # type: ignore[union-attr]
            text = SocialMention.model_validate_json(m.value).text
            raise AssertionError(f"synthetic post {text!r} routes to {keys}, want [{m.key!r}]")
