"""What a post counts for: every category it reports above the bar, and only when it reports (not asks or talks)."""

from __future__ import annotations

from correlate_factory import mention, ops, run
from hypothesis import given, settings
from hypothesis import strategies as st

from ioc_stream.alerts.correlator import Correlator
from ioc_stream.config import CorrelationConfig
from ioc_stream.taxonomy import Category, OpsEventType

C = Category


def _by_category(alerts):
    latest = {}
    for a in alerts:
        latest[a.alert_id] = a
    return {a.category: a for a in latest.values()}


def test_a_post_counts_under_every_category_it_reports_and_says_how() -> None:
    medical_and_diversion = mention("p1", "ana", 0, C.MEDICAL, onboard=True, also={C.DIVERSION: 0.75})
    _, _, alerts = run([medical_and_diversion])
    alerts = _by_category(alerts)
    assert set(alerts) == {C.MEDICAL, C.DIVERSION}
    evidence = alerts[C.DIVERSION].evidence[0]
    assert (evidence.counted_as, evidence.primary_category) == (C.DIVERSION, C.MEDICAL)
    assert alerts[C.MEDICAL].evidence[0].counted_as == C.MEDICAL


def test_a_category_below_the_bar_does_not_count() -> None:
    weak = mention("p1", "ana", 0, C.MEDICAL, onboard=True, also={C.DIVERSION: 0.4})
    _, _, alerts = run([weak])
    assert set(_by_category(alerts)) == {C.MEDICAL}
    lower_bar = Correlator(CorrelationConfig(category_min_confidence=0.3))
    _, _, alerts = run([weak], correlator=lower_bar)
    assert set(_by_category(alerts)) == {C.MEDICAL, C.DIVERSION}


def test_secondary_categories_confirm_by_their_own_ops_events() -> None:
    posts = [
        mention("p1", "ana", 0, C.TARMAC_HOLD, also={C.DELAY: 0.8}),
        mention("p2", "bo", 3, C.TARMAC_HOLD, also={C.DELAY: 0.7}),
    ]
    _, _, alerts = run([*posts, ops("o1", 20, OpsEventType.DELAY)])
    alerts = _by_category(alerts)
    assert alerts[C.DELAY].status == "CONFIRMED" and alerts[C.DELAY].lead_time_s == 20 * 60
    assert alerts[C.TARMAC_HOLD].status == "CONFIRMED"  # a DELAY event tells ops of a tarmac hold too (COMPATIBLE)


def test_questions_and_talk_never_count_relayed_reports_do() -> None:
    asked = [mention(f"q{i}", f"a{i}", i, C.DIVERSION, report="question") for i in range(3)]
    talked = [mention(f"t{i}", f"b{i}", i, C.DIVERSION, report="talk") for i in range(3)]
    c, _, alerts = run([*asked, *talked])
    assert alerts == [] and c.counters.mentions == 0
    relayed = [mention("r1", "c1", 0, C.DIVERSION, report="relayed"), mention("r2", "c2", 2, C.DIVERSION)]
    _, _, alerts = run(relayed)
    assert [a.status for a in alerts] == ["OPEN"]
    assert [e.report for e in alerts[0].evidence] == ["relayed", "first_hand"]


def test_a_station_surge_straddling_a_bucket_boundary_opens_at_its_fifth_post() -> None:
    posts = [mention(f"s{i}", f"u{i}", 8 + i, C.SAFETY_SECURITY, flight=None, station="DFW") for i in range(5)]
    _, _, alerts = run(posts, key="S:DFW")  # 19:43 .. 19:47: across the 19:45 bucket boundary
    assert [(a.kind, a.status, a.authors) for a in alerts] == [("STATION_SURGE", "OPEN", 5)]
    assert alerts[0].detected_at == posts[-1].created_at


@settings(max_examples=60, deadline=None)
@given(st.permutations(list(range(7))), st.integers(min_value=0, max_value=14))
def test_whether_a_station_surges_does_not_depend_on_arrival_order(order: list[int], start: int) -> None:
    posts = [mention(f"s{i}", f"u{i}", start + 1.5 * i, C.AIRPORT_QUEUE, flight=None, station="DFW") for i in range(7)]
    _, _, in_order = run(posts, key="S:DFW")
    _, _, shuffled = run([posts[i] for i in order], key="S:DFW")

    def outcome(alerts):  # what the bridge ends up with (an alert's id is fixed when it opens, as for flights)
        last = {a.alert_id: a for a in alerts}
        return sorted((a.category, a.first_reported_at, a.detected_at) for a in last.values())

    assert outcome(shuffled) == outcome(in_order) != []  # a late post moves the detection back


def test_a_post_with_a_non_operational_primary_still_reaches_the_state_it_counts_in() -> None:
    from ioc_stream.correlate import mention_keys

    booking_and_diversion = mention("p1", "ana", 0, C.BOOKING, also={C.DIVERSION: 0.6})
    assert mention_keys(booking_and_diversion) == ["F:AA2390"]
    assert mention_keys(mention("p2", "bo", 0, C.BOOKING)) == []
    assert mention_keys(mention("p3", "cy", 0, C.DIVERSION, report="question")) == []


def test_surge_state_written_before_post_times_were_kept_still_counts() -> None:
    import orjson

    from ioc_stream.alerts.correlator import Correlator
    from ioc_stream.correlate import KeyState

    posts = [mention(f"s{i}", f"u{i}", 1 + i, C.AIRPORT_QUEUE, flight=None, station="DFW") for i in range(5)]
    correlator, state, _ = run(posts[:4], key="S:DFW")
    old = orjson.loads(state.to_bytes())
    old["b"] = [row[:5] for row in old["b"]]  # the bucket rows as the previous format wrote them
    restored = KeyState.from_bytes(orjson.dumps(old))
    _, out = Correlator(correlator.config).apply("S:DFW", restored, posts[4])
    assert [(a.kind, a.status, a.authors) for a in out] == [("STATION_SURGE", "OPEN", 5)]
