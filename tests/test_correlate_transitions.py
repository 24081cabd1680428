"""Each alert transition of the correlation engine, on hand-built enriched posts and ops events."""

from __future__ import annotations

import pytest
from correlate_factory import KEY, action, at, mention, ops, run

from ioc_stream.alerts.correlator import Correlator
from ioc_stream.config import CorrelationConfig
from ioc_stream.correlate import alert_key, mention_keys, ops_keys
from ioc_stream.models import Alert
from ioc_stream.taxonomy import Category, OpsEventType

AID = "AA2390:DIVERSION:20150224T1935Z"


def test_keys_route_flights_stations_and_alert_ids_back() -> None:
    m = mention("p1", "a", 0, station="DFW")
    assert mention_keys(m) == ["F:AA2390", "S:DFW"]
    assert mention_keys(mention("p2", "a", 0, category=Category.CUSTOMER_SERVICE)) == []
    assert ops_keys(ops("o1", 0)) == ["F:AA2390"]
    assert ops_keys(ops("o2", 0, OpsEventType.GROUND_STOP, flight_number=None, station="DFW")) == ["S:DFW"]
    assert alert_key(AID) == KEY
    assert alert_key("DFW:AIRPORT_QUEUE:20150224T1930Z") == "S:DFW"
    assert alert_key("B6123:DELAY:20150224T1930Z") == "F:B6123"
    with pytest.raises(ValueError):
        alert_key("nonsense")


def test_one_author_is_not_enough_two_distinct_authors_open() -> None:
    _, _, alerts = run([mention("p1", "alice", 0), mention("p2", "alice", 3)])
    assert alerts == []
    _, _, alerts = run([mention("p1", "alice", 0), mention("p2", "bob", 29)])
    assert [(a.alert_id, a.version, a.status, a.authors) for a in alerts] == [(AID, 1, "OPEN", 2)]
    Alert.model_validate(alerts[0].model_dump())  # rendered without validation, but valid


def test_authors_further_apart_than_the_window_do_not_open() -> None:
    _, _, alerts = run([mention("p1", "alice", 0), mention("p2", "bob", 31)])
    assert alerts == []


def test_single_onboard_high_severity_report_opens_but_low_severity_does_not() -> None:
    _, _, alerts = run([mention("p1", "alice", 0, onboard=True)])
    assert [a.status for a in alerts] == ["OPEN"] and alerts[0].severity == "CRITICAL"
    _, _, alerts = run([mention("p1", "alice", 0, category=Category.DELAY, onboard=True)])
    assert alerts == []


def test_escalates_on_new_author_and_confirms_with_lead_time() -> None:
    _, _, alerts = run(
        [mention("p1", "alice", 0), mention("p2", "bob", 5), mention("p3", "carol", 7, onboard=True), ops("o1", 30)]
    )
    assert [(a.version, a.status) for a in alerts] == [(1, "OPEN"), (2, "ESCALATED"), (3, "CONFIRMED")]
    final = alerts[-1]
    assert (
        final.lead_time_s == 1800 and final.ops_event_id == "o1" and final.ops_event.details == {"diverted_to": "TUL"}
    )
    assert final.detected_at == at(5) and final.first_reported_at == at(0) and final.confirmed_at == at(30)
    assert "3 passengers report a diversion of AA2390 (first 19:35Z, one onboard)" in final.explanation


def test_incompatible_ops_event_does_not_confirm() -> None:
    _, _, alerts = run([mention("p1", "alice", 0), mention("p2", "bob", 5), ops("o1", 30, OpsEventType.CANCELLATION)])
    assert [a.status for a in alerts] == ["OPEN"]


def test_posts_ops_already_knew_about_raise_nothing_and_are_counted() -> None:
    c, _, alerts = run([ops("o1", -60), mention("p1", "alice", 0), mention("p2", "bob", 5)])
    assert alerts == []
    assert c.counters.ops_first == 2 and c.counters.ops_first_lags == [3600, 3900]


def test_ops_report_older_than_the_lookback_does_not_count_as_known() -> None:
    _, _, alerts = run([ops("o1", -7 * 60), mention("p1", "alice", 0), mention("p2", "bob", 5)])
    assert [a.status for a in alerts] == ["OPEN"]


def test_late_ops_event_reported_before_first_post_retracts() -> None:
    c, _, alerts = run([mention("p1", "alice", 0), mention("p2", "bob", 5), ops("o1", -10)])
    assert [(a.version, a.status) for a in alerts] == [(1, "OPEN"), (2, "RETRACTED")]
    assert c.counters.retracted == 1 and c.counters.ops_first == 2
    assert "before the first post" in alerts[-1].explanation


def test_late_ops_event_turns_pending_posts_into_ops_first() -> None:
    c, _, alerts = run([mention("p1", "alice", 0), ops("o1", -10), mention("p2", "bob", 5)])
    assert alerts == []
    assert c.counters.ops_first == 2


def test_out_of_order_confirming_event_confirms_on_open() -> None:
    _, _, alerts = run([ops("o1", 30), mention("p1", "alice", 0), mention("p2", "bob", 5)])
    assert [(a.version, a.status, a.lead_time_s) for a in alerts] == [(1, "OPEN", None), (2, "CONFIRMED", 1800)]


def test_expires_when_watermark_passes_and_late_confirmation_still_counts() -> None:
    c = Correlator(CorrelationConfig())
    state, _ = c.apply(KEY, None, mention("p1", "alice", 0))
    state, _ = c.apply(KEY, state, mention("p2", "bob", 5))
    assert c.next_tick(state) <= at(6 * 60)
    state, out = c.tick(KEY, state, at(6 * 60 - 1))
    assert c.next_tick(state) == at(6 * 60)
    assert out == []
    state, out = c.tick(KEY, state, at(6 * 60))
    assert [(a.status, a.updated_at) for a in out] == [("EXPIRED", at(6 * 60))]
    state, out = c.apply(KEY, state, ops("o1", 8 * 60), watermark=at(8 * 60 - 10))
    assert [(a.status, a.lead_time_s) for a in out] == [("CONFIRMED", 8 * 3600)]


def test_duplicate_post_counts_once_and_reapplying_returns_current_version() -> None:
    c, state, alerts = run([mention("p1", "alice", 0), mention("p2", "bob", 5), mention("p3", "carol", 6)])
    before = state.to_bytes()
    state, out = c.apply(KEY, state, mention("p1", "alice", 0))
    assert [(a.alert_id, a.version) for a in out] == [(AID, alerts[-1].version)]
    assert state.to_bytes() == before and c.counters.duplicates == 1
    state, out = c.apply(KEY, state, mention("p2b", "bob", 9))  # same author, new post: no new version
    assert out == [] and state.alerts[AID].authors == {"alice", "bob", "carol"}


def test_actions_fold_in_bump_version_and_are_idempotent() -> None:
    c, state, _ = run([mention("p1", "alice", 0), mention("p2", "bob", 5)])
    state, out = c.apply(KEY, state, action("x1", AID, "ack", "sam"))
    assert [(a.version, a.acked_by) for a in out] == [(2, "sam")]
    state, out = c.apply(KEY, state, action("x1", AID, "ack", "sam"))
    assert [a.version for a in out] == [2]
    state, out = c.apply(KEY, state, action("x2", AID, "note", "sam", text="called the station"))
    state, out = c.apply(KEY, state, action("x3", AID, "resolve", "kim", minutes=90))
    assert (
        out[0].version == 4 and out[0].resolved_by == "kim" and [n.text for n in out[0].notes] == ["called the station"]
    )
    _, out = c.apply(KEY, state, action("x4", "AA2390:DIVERSION:20150101T0000Z"))
    assert out == [] and c.counters.orphan_actions == 1


def test_too_late_event_is_dropped_and_counted() -> None:
    c = Correlator(CorrelationConfig())
    state, _ = c.apply(KEY, None, mention("p1", "alice", 60), watermark=at(50))
    state, out = c.apply(KEY, state, mention("p2", "bob", 40), watermark=at(50))
    assert out == [] and c.counters.late_dropped == 1


def test_priority_table_raises_priority_and_names_the_reason(tmp_path) -> None:
    from ioc_stream.alerts.priority import Priorities

    table = tmp_path / "impact.csv"
    table.write_text("flight,station,reason\nAA2390,,large group (school band)\n")
    c = Correlator(CorrelationConfig(), Priorities.load(table))
    _, _, alerts = run(
        [mention("p1", "alice", 0, category=Category.DELAY), mention("p2", "bob", 1, category=Category.DELAY)], c
    )
    assert alerts[0].severity == "LOW" and alerts[0].priority == 3
    assert "high impact: large group (school band)" in alerts[0].explanation


def test_priority_table_in_json_by_station_and_bad_tables_say_where(tmp_path) -> None:
    from ioc_stream.alerts.priority import Priorities, PriorityTableError

    table = tmp_path / "impact.json"
    table.write_text('[{"station": "MIA", "reason": "military market"}]')
    p = Priorities.load(table)
    assert p.reason("AA1", "MIA") == "military market" and p.priority(3, "military market") == 1
    assert p.priority(4, "x") == 1 and p.priority(1, None) == 4
    bad = tmp_path / "bad.csv"
    bad.write_text("flight,station,reason\nAA1,,\n")
    with pytest.raises(PriorityTableError, match="row 2: needs a flight or station and a reason"):
        Priorities.load(bad)
    with pytest.raises(PriorityTableError, match="cannot read"):
        Priorities.load(tmp_path / "missing.csv")


def test_evidence_is_capped_keeping_the_first_and_newest_and_loyalty_ids_masked() -> None:
    config = CorrelationConfig(evidence_cap=4)
    c = Correlator(config)
    events = [mention(f"p{i}", f"a{i}", i, loyalty="AB1234321" if i == 0 else None) for i in range(8)]
    _, _, alerts = run(events, c)
    shown = [e.post_id for e in alerts[-1].evidence]
    assert shown[:2] == ["p0", "p1"] and shown[-1] == alerts[-1].evidence[-1].post_id == "p7" and len(shown) == 4
    assert alerts[-1].evidence[0].loyalty_id_masked == "****4321" and alerts[-1].evidence[0].channel == "direct"
    assert alerts[-1].authors == 8
