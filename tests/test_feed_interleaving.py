"""Live equals replay whatever the interleaving of the two feeds within retention (the pure pipeline).

The replay reads both feeds in event-time order. Live, either feed can lag the other by hours (a
connector down, then catching up) and arrive in bursts. The keyed processor, fed the same events in
such an arrival order, must end with the same alerts: same ids, statuses, lead times, first reports
and the ops events that settled them. Versions may differ (an alert judged EXPIRED while ops was
silent comes back CONFIRMED), and an alert the replay never opens because ops knew first may live
only as RETRACTED: in event-time order it would not have opened.
"""

from __future__ import annotations

import random

from correlate_factory import mention, ops
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ioc_stream.alerts.correlator import Correlator
from ioc_stream.config import CorrelationConfig
from ioc_stream.correlate import KeyState
from ioc_stream.correlate.keys import event_keys
from ioc_stream.models import Alert, OpsEvent
from ioc_stream.pipeline.envelope import pack, unpack
from ioc_stream.pipeline.ordering import order_key
from ioc_stream.pipeline.partitions import partition_for
from ioc_stream.pipeline.processor import DictStore, Item, KeyedProcessor
from ioc_stream.pipeline.replay import Replayer
from ioc_stream.taxonomy import Category, OpsEventType

PARTS = 3
HOUR = 60  # minutes
TYPES = {
    Category.DIVERSION: OpsEventType.DIVERSION,
    Category.DELAY: OpsEventType.DELAY,
    Category.MEDICAL: OpsEventType.MEDICAL,
    Category.GATE_RETURN: OpsEventType.GATE_RETURN,
}


def day(seed: int, flights: int = 12, n: int = 260) -> list:
    """A seeded irregular day (~16 h): posts about incidents, ops events confirming some of them later,
    knowing others first, and a status event every half hour on a flight nobody posts about."""
    rnd = random.Random(seed)
    events: list = []
    for i in range(n):
        flight = f"AA{100 + rnd.randrange(flights)}"
        minutes = rnd.uniform(0, 16 * HOUR)
        category = rnd.choice(list(TYPES))
        if rnd.random() < 0.8:
            events.append(
                mention(f"p{i}", f"u{rnd.randrange(30)}", minutes, category, flight, onboard=rnd.random() < 0.2)
            )
        else:
            events.append(ops(f"o{i}", minutes, TYPES[category], flight[2:]))
    events += [ops(f"tick{k}", 30 * k, OpsEventType.ON_TIME, "9") for k in range(2 * 17)]
    return sorted(events, key=order_key)


def station_day(seed: int) -> list:
    """A seeded day at one station: a few bursts of queue or delay posts over a steady trickle, station-level
    ops events (ground stops, delay programs) now and then, and the half-hourly status ticks."""
    rnd = random.Random(seed)
    events: list = []
    for burst in range(rnd.randint(2, 6)):
        start, category = rnd.uniform(0, 14 * HOUR), rnd.choice([Category.AIRPORT_QUEUE, Category.DELAY])
        for i in range(rnd.randint(3, 12)):
            at = start + rnd.uniform(0, 20)
            events.append(mention(f"s{burst}-{i}", f"a{rnd.randrange(40)}", at, category, None, station="DFW"))
    for i in range(rnd.randint(0, 4)):
        kind = rnd.choice([OpsEventType.GROUND_STOP, OpsEventType.DELAY])
        events.append(ops(f"g{i}", rnd.uniform(0, 15 * HOUR), kind, flight_number=None, station="DFW"))
    for i in range(60):
        at = rnd.uniform(0, 16 * HOUR)
        events.append(mention(f"n{i}", f"q{i}", at, Category.AIRPORT_QUEUE, None, station="DFW"))
    events += [ops(f"tick{k}", 30 * k, OpsEventType.ON_TIME, "9") for k in range(2 * 17)]
    return sorted(events, key=order_key)


def arrival(events: list, ops_lag: float, posts_lag: float, burst: int) -> list:
    """The events as they reach the worker: each feed delayed by its lag (minutes), the lagging one in bursts of
    `burst` events, each feed in its own order (Kafka keeps a partition's order; the worker's merge the feed's)."""

    def due(e) -> float:
        t = order_key(e)[0] / 60
        return t + (ops_lag if isinstance(e, OpsEvent) else posts_lag)

    timed = [(due(e), i, e) for i, e in enumerate(events)]
    feeds = {kind: [x for x in timed if isinstance(x[2], OpsEvent) == kind] for kind in (True, False)}
    slower = ops_lag >= posts_lag
    bursts = feeds[slower]
    for start in range(0, len(bursts), burst):  # a catching-up feed arrives a fetch at a time
        chunk = bursts[start : start + burst]
        last = chunk[-1][0]
        bursts[start : start + burst] = [(last, i, e) for _, i, e in chunk]
    merged = sorted(feeds[not slower] + bursts, key=lambda x: (x[0], x[1]))
    return [e for *_, e in merged]


def live_final(events: list, config: CorrelationConfig) -> dict[str, Alert]:
    """Run the keyed processor over `events` in this arrival order, partition by partition; the last version
    of every alert."""
    proc = KeyedProcessor(Correlator(config), KeyState, DictStore(), partitions=PARTS)
    out: dict[str, Alert] = {}
    for e in events:
        items: dict[int, list[Item]] = {}
        for key in event_keys(e):
            items.setdefault(partition_for(key, PARTS), []).append(Item(key, unpack(pack(e, 0.0))))
        for partition, batch in items.items():
            result = proc.process(partition, batch)
            assert not result.failures, result.failures
            for alert, _ in result.alerts:
                if alert.alert_id not in out or alert.version >= out[alert.alert_id].version:
                    out[alert.alert_id] = alert
    # the end of the day on both feeds, as the replay ends: every partition sees the last status tick
    for e in [ops(f"end{p}", 17 * HOUR, OpsEventType.ON_TIME, str(n)) for p, n in _one_flight_per_partition()]:
        (key,) = event_keys(e)
        result = proc.process(partition_for(key, PARTS), [Item(key, unpack(pack(e, 0.0)))])
        for alert, _ in result.alerts:
            out[alert.alert_id] = alert
    return out


def replay_final(events: list, config: CorrelationConfig) -> dict[str, Alert]:
    r = Replayer(Correlator(config))
    out: dict[str, Alert] = {}
    for e in [
        *events,
        *(ops(f"end{p}", 17 * HOUR, OpsEventType.ON_TIME, str(n)) for p, n in _one_flight_per_partition()),
    ]:
        for alert in r.feed(e):
            out[alert.alert_id] = alert
    return out


def _one_flight_per_partition() -> list[tuple[int, int]]:
    found: dict[int, int] = {}
    n = 9000
    while len(found) < PARTS:
        found.setdefault(partition_for(f"F:AA{n}", PARTS), n)
        n += 1
    return sorted(found.items())


def _live(status: str) -> str:
    return "LIVE" if status in ("OPEN", "ESCALATED") else str(status)


def outcome(alerts: dict[str, Alert]) -> dict[str, tuple]:
    """What must not depend on arrival order, for every alert not withdrawn (OPEN and ESCALATED are both "live":
    which one depends on how much evidence came after opening)."""
    return {
        a.alert_id: (_live(a.status), a.lead_time_s, a.first_reported_at, a.detected_at, a.ops_event_id)
        for a in alerts.values()
        if a.status != "RETRACTED"
    }


LAGS = {
    "seed": st.integers(0, 10**6),
    "lagging": st.sampled_from(["ops", "posts"]),
    "lag_hours": st.floats(0, 8),
    "burst": st.integers(1, 200),
}


def live_and_replay(events: list, lagging: str, lag_hours: float, burst: int) -> tuple[dict, dict]:
    """The outcomes of the keyed processor with `lagging` feed `lag_hours` behind (in bursts) and of the replay."""
    config, lag = CorrelationConfig(), lag_hours * HOUR
    arrived = arrival(events, lag if lagging == "ops" else 0, lag if lagging == "posts" else 0, burst)
    return outcome(live_final(arrived, config)), outcome(replay_final(events, config))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(**LAGS)
def test_live_equals_replay_whichever_feed_lags_by_up_to_hours(seed, lagging, lag_hours, burst) -> None:
    live, expected = live_and_replay(day(seed % 10_000), lagging, lag_hours, burst)
    assert expected, "the day should raise alerts"
    assert live == expected


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(**LAGS)
def test_station_surges_do_not_depend_on_which_feed_lags(seed, lagging, lag_hours, burst) -> None:
    """The same for station surges: a late ground stop covers, confirms or retracts them as in event-time order."""
    live, expected = live_and_replay(station_day(seed), lagging, lag_hours, burst)
    assert live == expected


def test_an_ops_feed_a_day_late_confirms_what_the_posts_raised() -> None:
    """The whole ops feed after every post (a connector down all day, within retention): alerts the replay
    confirms come back CONFIRMED with the same lead times, after being judged while ops was silent."""
    config = CorrelationConfig()
    events = day(5)
    posts = [e for e in events if not isinstance(e, OpsEvent)]
    feed = [e for e in events if isinstance(e, OpsEvent)]
    live = live_final(posts + feed, config)
    expected = outcome(replay_final(events, config))
    assert outcome(live) == expected
    confirmed = [a for a in live.values() if a.status == "CONFIRMED"]
    assert confirmed and all(a.lead_time_s and a.lead_time_s > 0 for a in confirmed)


def test_alerts_judged_while_the_ops_feed_is_silent_say_so() -> None:
    """Posts run on while ops is silent: the alert that expires meanwhile carries ops_feed_silent and the
    time of the last ops event read; with the feeds in step nothing says so."""
    config = CorrelationConfig()
    last_ops = ops("o0", 0, OpsEventType.ON_TIME, "9")
    posts = [mention("p1", "alice", 10), mention("p2", "bob", 12), mention("p9", "zed", 7 * HOUR, flight="AA1")]
    r = Replayer(Correlator(config))
    out = [a for e in [last_ops, *posts] for a in r.feed(e)]
    expired = [a for a in out if a.status == "EXPIRED"]
    assert expired and all(a.ops_feed_silent for a in expired)
    assert expired[0].ops_feed_as_of == last_ops.reported_at
    r2 = Replayer(Correlator(config))
    in_step = [last_ops, *posts[:2], ops("o1", 7 * HOUR, OpsEventType.ON_TIME, "9"), posts[2]]
    out2 = [a for e in in_step for a in r2.feed(e)]
    assert [a.status for a in out2 if a.status == "EXPIRED"] and not any(a.ops_feed_silent for a in out2)
