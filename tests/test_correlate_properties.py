"""Property tests of the correlation state machine: any arrival order, duplicates, late ops, eviction."""

from __future__ import annotations

from correlate_factory import KEY, mention, ops, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ioc_stream.alerts.correlator import Correlator
from ioc_stream.config import CorrelationConfig
from ioc_stream.pipeline.ordering import order_key
from ioc_stream.pipeline.replay import Replayer
from ioc_stream.taxonomy import Category, OpsEventType

CATEGORIES = [Category.DIVERSION, Category.DELAY]
OPS_TYPES = [OpsEventType.DIVERSION, OpsEventType.DELAY, OpsEventType.CANCELLATION, OpsEventType.TARMAC_HOLD]
PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def episodes(draw, max_minutes: int = 180):
    """Posts and ops events about one flight within a few hours (well inside one episode window)."""
    posts = draw(
        st.lists(
            st.tuples(st.sampled_from("abcd"), st.integers(0, max_minutes), st.sampled_from(CATEGORIES), st.booleans()),
            min_size=1,
            max_size=10,
        )
    )
    reports = draw(st.lists(st.tuples(st.sampled_from(OPS_TYPES), st.integers(-60, max_minutes + 30)), max_size=3))
    events = [mention(f"p{i}", a, m, category=c, onboard=o) for i, (a, m, c, o) in enumerate(posts)]
    events += [ops(f"o{i}", m, type=t) for i, (t, m) in enumerate(reports)]
    return events


def brief(events) -> list[str]:
    """Compact event list for failure messages."""
    out = []
    for e in events:
        if hasattr(e, "event_id"):
            out.append(f"{e.event_id}:{e.type}@{e.reported_at:%H:%M}")
        else:
            out.append(
                f"{e.id}:{e.author.handle}:{e.incident.category}"
                f"{'*' if e.incident.onboard else ''}@{e.created_at:%H:%M}"
            )
    return out


def final(alerts):
    latest = {}
    for a in alerts:
        if a.alert_id not in latest or a.version > latest[a.alert_id].version:
            latest[a.alert_id] = a
    return latest


def standing(alerts):
    """What the bridge ends up with: per alert that stands, its category, status, first report and lead time
    (OPEN and ESCALATED are both "live": which one depends on how much evidence came after opening)."""
    return sorted(
        (
            str(a.category),
            "LIVE" if a.status in ("OPEN", "ESCALATED") else str(a.status),
            a.first_reported_at,
            a.lead_time_s,
        )
        for a in final(alerts).values()
        if a.status != "RETRACTED"
    )


@PROPS
@given(st.data())
def test_no_duplicate_alert_and_versions_strictly_increase_in_any_order(data) -> None:
    events = data.draw(episodes())
    order = data.draw(st.permutations(events))
    _, _, out = run(order, roundtrip=False)
    seen: dict[str, int] = {}
    for a in out:
        assert a.version > seen.get(a.alert_id, 0), "versions must strictly increase per alert_id"
        seen[a.alert_id] = a.version
    per_category = [s[0] for s in standing(out)]
    assert len(per_category) == len(set(per_category)), "one standing alert per flight, category and window"


@PROPS
@given(st.data())
def test_final_standing_alerts_do_not_depend_on_arrival_order(data) -> None:
    events = data.draw(episodes())
    order = data.draw(st.permutations(events))
    _, _, in_order = run(sorted(events, key=order_key), roundtrip=False)
    _, _, shuffled = run(order, roundtrip=False)
    assert standing(shuffled) == standing(in_order), "\n".join(brief(order))


@PROPS
@given(st.data())
def test_state_survives_serialisation_between_every_event(data) -> None:
    events = data.draw(st.permutations(data.draw(episodes())))
    _, s1, plain = run(events, roundtrip=False)
    _, s2, through_bytes = run(events)
    assert [a.model_dump() for a in plain] == [a.model_dump() for a in through_bytes]
    assert (s1 is None and s2 is None) or s1.to_bytes() == s2.to_bytes()


@PROPS
@given(st.data())
def test_reapplying_any_event_changes_nothing_and_returns_current_versions(data) -> None:
    events = data.draw(st.permutations(data.draw(episodes())))
    c = Correlator(CorrelationConfig())
    state, out, applied = None, [], []
    for ev in events:
        state, alerts = c.apply(KEY, state, ev)
        out += alerts
        applied.append(ev)
        again = data.draw(st.sampled_from(applied))
        before = None if state is None else state.to_bytes()
        state2, replayed = c.apply(KEY, state, again)
        assert (None if state2 is None else state2.to_bytes()) == before
        current = final(out)
        for a in replayed:
            assert a.model_dump() == current[a.alert_id].model_dump()
        state = state2
    assert c.counters.duplicates == len(events)
    _, _, once = run(events, roundtrip=False)
    assert final(once).keys() == final(out).keys()
    assert [a.model_dump() for a in final(once).values()] == [a.model_dump() for a in final(out).values()]


@PROPS
@given(st.data())
def test_ops_report_before_the_posts_means_no_alert_stands_whatever_the_order(data) -> None:
    category = data.draw(st.sampled_from(CATEGORIES))
    ops_type = OpsEventType.DIVERSION if category == Category.DIVERSION else OpsEventType.DELAY
    n = data.draw(st.integers(2, 6))
    posts = [
        mention(
            f"p{i}", f"author{i}", data.draw(st.integers(0, 120)), category=category, onboard=data.draw(st.booleans())
        )
        for i in range(n)
    ]
    known = ops("o1", -data.draw(st.integers(0, 240)), type=ops_type)  # posts stay within the 6 h lookback
    order = data.draw(st.permutations([*posts, known]))
    c, _, out = run(order, roundtrip=False)
    assert standing(out) == []
    assert c.counters.ops_first == n


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("abcdef"), st.integers(0, 3 * 24 * 60), st.sampled_from(CATEGORIES), st.booleans()),
        max_size=40,
    )
)
def test_eviction_empties_every_key_once_the_watermark_passes_its_windows(posts) -> None:
    events = sorted(
        [mention(f"p{i}", a, m, category=c, onboard=o, station="DFW") for i, (a, m, c, o) in enumerate(posts)],
        key=order_key,
    )
    config = CorrelationConfig()
    r = Replayer(Correlator(config))
    for ev in events:
        r.feed(ev)
    last = r.progress.mentions or 0
    r.finish(last + max(config.match_window_s, config.expire_after_s) + config.author_window_s + 3600)
    assert r.states == {}


def test_memory_stays_bounded_over_a_long_stream() -> None:
    """Three simulated days of one busy flight number and station: held state does not grow with time."""
    config = CorrelationConfig()
    r = Replayer(Correlator(config))
    sizes = []
    for hour in range(72):
        for i in range(12):  # a steady trickle of incident posts every hour, some of which alert
            m = 60 * hour + 5 * i
            r.feed(mention(f"h{hour}p{i}", f"u{(hour * 7 + i) % 5}", m, category=CATEGORIES[i % 2], station="DFW"))
        r.feed(ops(f"h{hour}o", 60 * hour + 50, type=OpsEventType.DELAY))
        sizes.append(sum(len(s.to_bytes()) for s in r.states.values()))
    first_day, last_day = max(sizes[12:24]), max(sizes[60:72])
    assert last_day <= first_day * 1.25, (first_day, last_day)


def test_watermark_window_keeps_late_but_allowed_events() -> None:
    """With both feeds in step, an event within the allowed lateness still counts; further behind it is dropped."""
    config = CorrelationConfig()
    r = Replayer(Correlator(config))
    r.feed(mention("p1", "alice", 0))
    r.feed(ops("o9", 20, flight_number="1"))  # both feeds move on, on another flight
    r.feed(mention("p9", "zed", 20, flight="AA1"))
    out = r.feed(mention("p2", "bob", 5))  # 15 min behind both feeds, only 10 allowed
    assert r.correlator.counters.late_dropped == 1 and r.correlator.counters.late_mentions == 1 and out == []
    r2 = Replayer(Correlator(config))
    r2.feed(mention("p1", "alice", 0))
    r2.feed(ops("o9", 8, flight_number="1"))
    r2.feed(mention("p9", "zed", 8, flight="AA1"))
    out = r2.feed(mention("p2", "bob", 5))
    assert [a.status for a in out] == ["OPEN"]  # 3 min behind: still in time


def test_a_post_behind_its_own_feed_still_counts_while_the_ops_feed_is_further_behind() -> None:
    """Lateness is judged against the slower input: while ops lags, nothing newer than it is too late."""
    config = CorrelationConfig()
    r = Replayer(Correlator(config))
    r.feed(ops("o0", 0, flight_number="1"))  # the ops feed stops at T0
    r.feed(mention("p1", "alice", 60))
    r.feed(mention("p9", "zed", 120, flight="AA1"))  # the posts run an hour ahead
    out = r.feed(mention("p2", "bob", 61))  # an hour behind the posts, ahead of ops: in time
    assert [a.status for a in out] == ["OPEN"] and r.correlator.counters.late_dropped == 0
