"""Real feed behaviour on the embedded broker: an ops feed hours late, a skewed clock, people's actions.

Each test runs its own `ioc-stream worker` processes against its own topics on the session broker.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import httpx
import orjson
import pytest
from stream_helpers import Namespace, clock_events, in_event_time_order, last_time, replay_alerts

from ioc_stream.serve.embedded import EmbeddedApi
from ioc_stream.simulate import generate

pytestmark = pytest.mark.kafka

START = datetime(2026, 3, 2, 6, tzinfo=UTC)
RATE = 800


def final(values: list[bytes]) -> dict[str, dict]:
    """The last version of every alert."""
    out: dict[str, dict] = {}
    for v in values:
        a = orjson.loads(v)
        if a["alert_id"] not in out or a["version"] > out[a["alert_id"]]["version"]:
            out[a["alert_id"]] = a
    return out


def outcome(alerts: dict[str, dict]) -> dict[str, tuple]:
    """What must not depend on how the feeds interleaved (alerts not withdrawn)."""
    return {
        k: (a["status"], a["lead_time_s"], a["first_reported_at"], a["ops_event_id"])
        for k, a in alerts.items()
        if a["status"] != "RETRACTED"
    }


def settled(ns: Namespace, want: dict[str, tuple], timeout: float = 120.0) -> dict[str, dict]:
    """The alerts topic's final versions once they show `want` (or the timeout: then whatever is there)."""
    deadline = time.monotonic() + timeout
    got: dict[str, dict] = {}
    while time.monotonic() < deadline:
        got = final([v for _, v in ns.read("alerts", want=1, idle_s=2.0, timeout=30)])
        if outcome(got) == want:
            break
    return got


def test_an_ops_feed_produced_after_the_days_posts_confirms_them_as_the_replay_does(ns: Namespace) -> None:
    """The ops connector was down all day: every post first, then the whole ops feed. The alerts end as the
    replay's (confirmed with the same lead times), after being judged while the ops feed was silent."""
    sc = generate(21, START, 6, 100)
    ops = sc.ops + clock_events(4, last_time(sc.mentions, sc.ops))
    expected = outcome(final(replay_alerts(ns.tmp, sc.mentions, ops)))
    confirmed = [k for k, v in expected.items() if v[0] == "CONFIRMED"]
    assert len(confirmed) >= 3
    worker = ns.worker()
    worker.wait_ready()
    ns.send(in_event_time_order(sc.mentions, []), rate=RATE)
    silent = final([v for _, v in ns.read("alerts", want=len(confirmed), idle_s=3.0)])
    assert {k for k, a in silent.items() if a["status"] == "CONFIRMED"} == set(), "no ops event has been read yet"
    assert any(a["ops_feed_silent"] and a["ops_feed_as_of"] is None for a in silent.values())
    ns.send(in_event_time_order([], ops), rate=RATE)
    got = settled(ns, expected)
    assert outcome(got) == expected
    assert all(got[k]["lead_time_s"] > 0 for k in confirmed)
    status, body = worker.get("/metrics")
    assert status == 200 and b'ioc_input_event_time_lag_seconds{input="ops"}' in body


def test_a_dozen_posts_from_a_skewed_clock_are_dead_lettered_and_blind_nothing(ns: Namespace) -> None:
    """Twelve posts stamped 2099 (a connector with a wrong clock), one per flight, then a normal day: every
    alert of the day comes as the replay of the day alone has it; the skewed posts are dead letters."""
    sc = generate(23, START, 6, 100)
    ops = sc.ops + clock_events(4, last_time(sc.mentions, sc.ops))
    day = in_event_time_order(sc.mentions, ops)
    flights = range(3000, 3012)  # twelve flights: every keyed partition gets some
    skewed = [
        orjson.dumps(
            {
                "id": f"skew-{n}",
                "platform": "x",
                "author": {"handle": f"clock{n}"},
                "text": f"flight {flight} diverted, we are landing somewhere else",
                "created_at": "2099-01-01T00:00:00Z",
            }
        )
        for n, flight in enumerate(flights)
    ]
    assert len(skewed) == 12
    expected = replay_alerts(ns.tmp, sc.mentions, ops)
    ns.worker().wait_ready()
    ns.send([("mentions", v) for v in skewed], stamp=False)  # the broker's clock: now
    ns.send(day, rate=RATE)
    got = {(a["alert_id"], a["version"], a["status"]) for a in map(orjson.loads, expected)}
    live = [v for _, v in ns.read("alerts", want=len(expected))]
    assert {(a["alert_id"], a["version"], a["status"]) for a in map(orjson.loads, live)} == got
    dead = [orjson.loads(v) for _, v in ns.read("deadletter", want=12)]
    assert sorted(d["reason"] for d in dead) == ["time_skew"] * 12
    assert all("ahead of its broker timestamp" in d["error"] for d in dead)


def test_an_action_through_the_api_reads_the_same_once_the_worker_has_applied_it(ns: Namespace) -> None:
    """The liaison resolves an alert nobody acknowledged: the API shows it resolved and acknowledged at once,
    the worker's next version (from its own state, not a fake) says the same, and the console keeps it."""
    posts = [
        {"id": f"r{i}", "platform": "x", "author": {"handle": f"pax{i}"}, "text": text, "created_at": at}
        for i, (at, text) in enumerate(
            [
                ("2026-03-02T12:30:00Z", "flight 2390 diverting to Tulsa, pilot just said"),
                ("2026-03-02T12:34:00Z", "AA2390 we are diverting to Tulsa"),
            ]
        )
    ]
    tokens = {"liaison-token-001": "liaison:maria"}
    worker = ns.worker()
    worker.wait_ready()
    with EmbeddedApi(ns.settings, tokens) as api:
        api.wait_ready()
        ns.send(in_event_time_order(posts, []))
        auth = {"Authorization": "Bearer liaison-token-001"}
        deadline, alerts = time.monotonic() + 60, []
        while time.monotonic() < deadline and not alerts:
            alerts = httpx.get(api.url + "/api/alerts", headers=auth).json()["alerts"]
            time.sleep(0.2)
        (alert,) = alerts
        aid, version = alert["alert_id"], alert["version"]
        done = httpx.post(f"{api.url}/api/alerts/{aid}/resolve", headers=auth).json()["alert"]
        assert done["resolved_by"] == done["acked_by"] == "maria"
        from_worker = {}
        while time.monotonic() < deadline and not from_worker:
            versions = final([v for _, v in ns.read("alerts", want=1, idle_s=1.0)])
            from_worker = versions[aid] if versions[aid]["version"] > version else {}
        assert from_worker, "the worker published no version with the action"
        assert from_worker["resolved_by"] == from_worker["acked_by"] == "maria"
        time.sleep(1.0)  # the API has read the worker's version by now
        shown = httpx.get(f"{api.url}/api/alerts/{aid}", headers=auth).json()["alert"]
        assert shown["version"] == from_worker["version"]
        assert shown["acked_by"] == "maria" and shown["resolved_by"] == "maria"
