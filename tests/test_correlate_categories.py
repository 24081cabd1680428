"""What a post counts for: every category it reports above the bar, and only when it reports (not asks or talks)."""

from __future__ import annotations

from correlate_factory import mention, ops, run

from ioc_stream.config import CorrelationConfig
from ioc_stream.correlate import Correlator
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
