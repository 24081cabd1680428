"""The live worker on the real embedded broker: same alerts as the replay, survives kill -9, scales, dead-letters.

Each test has its own topic prefix and consumer group on the session broker, and its own worker
processes (`ioc-stream worker`), started and stopped here.
"""

from __future__ import annotations

import base64
import random
import threading
import time
from collections import Counter
from datetime import UTC, datetime

import orjson
import pytest
from desk_tables import desk, desk_env
from stream_helpers import (
    Namespace,
    Tail,
    alert_signature,
    clock_events,
    in_event_time_order,
    keyed_outputs,
    last_time,
    replay_alerts,
    replay_signature,
)

from ioc_stream.enrich import enrich
from ioc_stream.models import EnrichedMention, SocialMention
from ioc_stream.pipeline.scheduled import with_schedule
from ioc_stream.simulate import generate

pytestmark = pytest.mark.kafka

START = datetime(2026, 3, 1, 6, tzinfo=UTC)
RATE = 500  # messages/s: a live feed, not a backlog


class Day:
    """A simulated scenario as the feeds would send it (plus one clock event per keyed partition)."""

    def __init__(self, seed: int, hours: float = 6, flights: int = 120) -> None:
        sc = generate(seed, START, hours, flights)
        self.mentions, self.ops = sc.mentions, sc.ops + clock_events(4, last_time(sc.mentions, sc.ops))
        self.messages = in_event_time_order(self.mentions, self.ops)

    def expected(self, ns: Namespace) -> set[tuple]:
        """The replay's alerts for the same records (call once the workers run: same code on disk)."""
        expected = replay_signature(ns.tmp, self.mentions, self.ops)
        assert len(expected) >= 10  # opens, escalations, confirmations and an expiry, at least
        return expected


def alerts_on(ns: Namespace, want: int) -> set[tuple]:
    records = ns.read("alerts", want=want)
    assert all(k == orjson.loads(v)["alert_id"].encode() for k, v in records), "ioc.alerts is compacted: key alert_id"
    return alert_signature([v for _, v in records])


class Feeder(threading.Thread):
    """Produces messages at RATE in the background; can be paused (e.g. while no worker is up).

    `lockstep`: keyed feeds, and each chunk waits until the routing agents have re-keyed the previous
    one. Two workers route in parallel a few ms apart -- minutes of event time at this test's
    10^4x speed, which would push one partition's watermark past the other worker's events.
    """

    def __init__(self, ns: Namespace, messages: list, lockstep: bool = False) -> None:
        super().__init__(daemon=True)
        self.ns, self.messages, self.sent, self.lockstep = ns, messages, 0, lockstep
        self.go = threading.Event()
        self.go.set()

    def run(self) -> None:
        chunk = 10 if self.lockstep else RATE // 10  # lockstep: a few event-minutes per chunk
        tail, routed = (Tail(self.ns.bootstrap, self.ns.topic("keyed")), 0) if self.lockstep else (None, 0)
        while self.sent < len(self.messages):
            self.go.wait()
            part = self.messages[self.sent : self.sent + chunk]
            self.ns.send(part, rate=RATE, keyed=self.lockstep)
            self.sent += len(part)
            if tail is not None:  # (re-routed duplicates after a handover only make this return sooner)
                routed = tail.wait_for(routed + keyed_outputs(part))
        if tail is not None:
            tail.close()


def test_live_worker_alerts_exactly_as_the_replay_does(ns: Namespace) -> None:
    d = Day(seed=11)
    worker = ns.worker()
    worker.wait_ready()
    expected = d.expected(ns)
    ns.send(d.messages, rate=RATE)
    assert alerts_on(ns, len(expected)) == expected
    published = [EnrichedMention.model_validate_json(v) for _, v in ns.read("enriched", want=len(d.mentions))]
    assert {m.id: m for m in published} == {m["id"]: enrich(SocialMention.model_validate(m), "AA") for m in d.mentions}
    assert len(published) == len(d.mentions)  # each post once, as the worker enriched it for the state
    status, body = worker.get("/metrics")
    assert status == 200 and b'ioc_events_processed_total{agent="correlate"}' in body and b"ioc_alerts_total{" in body


def desk_day() -> tuple[list[dict], list[dict]]:
    """20 Nov 2026 on the w26 schedule: posts naming only AA3001 before it leaves ORD (their station from the
    schedule), a DFW security queue surge, AA2390 reported delayed by passengers and then by ops, whose
    route-less DELAY breaks a listed group's connection (CONNECTION_RISK); the clock ends past every expiry."""

    def post(i: int, at: str, text: str) -> dict:
        return {"id": f"d{i}", "platform": "x", "author": {"handle": f"pax{i}"}, "text": text, "created_at": at}

    mentions = [
        post(1, "2026-11-20T12:30:00Z", "flight 3001 delayed again, no update"),
        post(2, "2026-11-20T12:36:00Z", "Flight 3001 is delayed, no update from the crew"),
        *(
            post(10 + n, f"2026-11-20T15:{n:02d}:30Z", f"security line at DFW is insane, {20 + n} min")
            for n in range(8)
        ),
        post(3, "2026-11-20T21:45:00Z", "AA2390 delayed again, stuck at the gate"),
        post(4, "2026-11-20T21:52:00Z", "flight 2390 delayed 40 min and counting"),
    ]
    delay = {
        "event_id": "o-2390",
        "type": "DELAY",
        "carrier": "AA",
        "flight_number": "2390",
        "occurred_at": "2026-11-20T22:05:00Z",
        "reported_at": "2026-11-20T22:10:00Z",
        "details": {"estimated_arrival": "2026-11-21T00:55:00Z"},
    }
    return mentions, [delay, *clock_events(4, "2026-11-21T06:00:00Z")]


def desk_signature(values) -> set[tuple]:
    """What the desk puts on each alert version, with what identifies it."""
    out = set()
    for v in values:
        a = orjson.loads(v)
        out.add((a["alert_id"], a["version"], a["status"], a["kind"], a["priority"], a["unit"], tuple(a["units"]),
                 a["station"], orjson.dumps(a["leg"]), a["explanation"]))  # fmt: skip
    return out


def test_live_worker_puts_the_desk_on_alerts_exactly_as_the_replay_does(ns: Namespace, tmp_path) -> None:
    ns.extra_env = desk_env(tmp_path)
    mentions, ops = desk_day()
    worker = ns.worker()
    worker.wait_ready()
    expected = desk_signature(replay_alerts(tmp_path, mentions, ops, ns.extra_env))
    assert {k for _, _, _, k, *_ in expected} == {"SOCIAL_FIRST", "STATION_SURGE", "CONNECTION_RISK"}
    assert {u for *_, unit, _, _, _, _ in expected for u in [unit] if u} == {"ORD narrowbody"}
    assert any(s == "ORD" for *_, s, _, _ in expected)  # AA3001's posts name no station: the schedule gives ORD
    ns.send(in_event_time_order(mentions, ops), rate=RATE)
    assert desk_signature(v for _, v in ns.read("alerts", want=len(expected))) == expected
    published = {m.id: m for m in (EnrichedMention.model_validate_json(v) for _, v in ns.read("enriched", want=12))}
    schedule = desk().schedule
    assert published == {
        m["id"]: with_schedule(enrich(SocialMention.model_validate(m)), schedule, "AA") for m in mentions
    }
    assert published["d1"].stations[0].source == "schedule" and published["d1"].legs[0].flight == "AA3001"


def test_kill_9_mid_stream_then_restart_loses_nothing(ns: Namespace) -> None:
    d = Day(seed=23)
    messages = d.messages
    worker = ns.worker()
    worker.wait_ready()
    expected = d.expected(ns)
    feeder = Feeder(ns, messages)
    feeder.start()
    while feeder.sent < len(messages) * 0.4:
        time.sleep(0.05)
    worker.kill()  # mid-batch, offsets and changelog partly written
    feeder.go.clear()  # the feeds pause while no worker is up (a backlog would arrive reordered)
    ns.worker().wait_ready()
    feeder.go.set()
    feeder.join()
    assert alerts_on(ns, len(expected)) == expected


def test_two_workers_split_partitions_and_hand_over_state(ns: Namespace) -> None:
    d = Day(seed=37, hours=4)
    messages = d.messages
    first, second = ns.worker(), ns.worker()
    a, b = first.wait_ready(partitions=2), second.wait_ready(partitions=2)
    expected = d.expected(ns)
    assert sorted(a["assigned"] + b["assigned"]) == [0, 1, 2, 3]
    feeder = Feeder(ns, messages, lockstep=True)
    feeder.start()
    while feeder.sent < len(messages) * 0.5:
        time.sleep(0.05)
    feeder.go.clear()
    assert first.stop() == 0  # clean shutdown: leaves the group, the survivor takes over
    assert second.wait_ready(partitions=4)["assigned"] == [0, 1, 2, 3]
    feeder.go.set()
    feeder.join()
    assert alerts_on(ns, len(expected)) == expected


def poison(rnd: random.Random, limit: int) -> tuple[bytes | None, str]:
    """A malformed message and the dead-letter reason it must get."""
    good = {
        "id": "x",
        "platform": "twitter",
        "author": {"handle": "a"},
        "text": "flight 12 delayed",
        "created_at": "2026-03-01T06:00:00Z",
    }
    kind = rnd.randrange(6)
    if kind == 0:
        return rnd.randbytes(rnd.randint(1, 64)) + b"\xff", "decode"
    if kind == 1:
        return b'{"id": "truncated', "decode"
    if kind == 2:
        return orjson.dumps([good]), "decode"
    if kind == 3:
        return orjson.dumps({**good, "created_at": "not a time"}), "schema"
    if kind == 4:
        return orjson.dumps({k: v for k, v in good.items() if k != "author"}), "schema"
    return orjson.dumps({**good, "text": "x" * (limit + 10)}), "oversize"


def test_poison_messages_are_dead_lettered_and_good_ones_processed(ns: Namespace) -> None:
    d = Day(seed=5, hours=3, flights=60)
    messages = d.messages
    rnd, limit = random.Random(9), ns.settings.topics.max_message_bytes
    bad = [poison(rnd, limit) for _ in range(1000)]
    mixed, reasons = list(messages), Counter()
    for value, reason in bad:
        mixed.insert(
            rnd.randrange(len(mixed) + 1),
            (rnd.choice(["mentions", "ops", "actions"]) if reason != "oversize" else "mentions", value),
        )
        reasons[reason] += 1
    worker = ns.worker()
    worker.wait_ready()
    expected = d.expected(ns)
    ns.send(mixed, rate=2000)
    letters = [orjson.loads(v) for _, v in ns.read("deadletter", want=1000)]
    assert Counter(d["reason"] for d in letters) == reasons
    sent = Counter(v for v, _ in bad)
    kept = Counter(base64.b64decode(d["original_b64"]) for d in letters if not d.get("truncated"))
    assert kept == Counter({v: n for v, n in sent.items() if len(v) <= limit})  # byte for byte
    assert all(d["error"] and d["topic"].startswith(ns.settings.topics.prefix) and d["offset"] >= 0 for d in letters)
    assert alerts_on(ns, len(expected)) == expected  # every good message was processed
