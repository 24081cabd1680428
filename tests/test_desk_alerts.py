"""The desk's tables on alerts, through the replay: every flight alert's leg and unit, a station alert's units, the
impact that raises a priority and says why, and CONNECTION_RISK from the ops feed alone (no posts)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from desk_tables import desk

from ioc_stream.alerts.correlator import Correlator
from ioc_stream.config import CorrelationConfig
from ioc_stream.correlate.keys import alert_key
from ioc_stream.models import AlertAction, AlertKind, AlertStatus, EnrichedMention, OpsEvent, SocialMention
from ioc_stream.pipeline.replay import replay
from ioc_stream.pipeline.scheduled import with_schedule

T0 = datetime(2026, 11, 20, 21, 40, tzinfo=UTC)  # AA2390 is due out of ORD at 16:05 local (22:05Z)
RISK_ID = "AA2390:CONNECTION_RISK:20261120T2205Z"  # the leg's scheduled departure names the alert
AT_RISK = (
    "group of 40 connecting DFW->SAT at 19:15, 45 min connection (20 min left after a 25 min delay, minimum 40); "
    "35 passengers on AA1234 connecting DFW->SAT at 19:15, 45 min connection"
    " (20 min left after a 25 min delay, minimum 40)"
)


def post(i: int, text: str, minutes: float, author: str | None = None) -> SocialMention:
    return SocialMention.model_validate(
        {
            "id": f"p{i}",
            "platform": "x",
            "author": {"handle": author or f"pax{i}"},
            "text": text,
            "created_at": (T0 + timedelta(minutes=minutes)).isoformat(),
        }
    )


def ops(event_id: str, type_: str, minutes: float, **fields) -> OpsEvent:
    at = (T0 + timedelta(minutes=minutes)).isoformat()
    return OpsEvent.model_validate(
        {
            "event_id": event_id,
            "type": type_,
            "carrier": "AA",
            "flight_number": "2390",
            "service_date": "2026-11-20",
            "occurred_at": at,
            "reported_at": at,
            **fields,
        }
    )


def late(minutes: int) -> dict:
    """Details of a delay that lands AA2390 `minutes` after its 00:30Z arrival."""
    return {
        "details": {
            "estimated_arrival": (datetime(2026, 11, 21, 0, 30, tzinfo=UTC) + timedelta(minutes=minutes)).isoformat()
        }
    }


def latest(result) -> dict:
    return result.final()


def test_a_delayed_inbound_leg_carrying_a_listed_group_raises_connection_risk_from_ops_alone() -> None:
    result = replay([], [ops("o1", "DELAY", 0, **late(25))], desk=desk())
    (alert,) = result.alerts
    assert alert.alert_id == RISK_ID and alert.kind == AlertKind.CONNECTION_RISK and alert.version == 1
    assert alert.status == AlertStatus.OPEN and alert.category == "DELAY" and alert.authors == 0 and not alert.evidence
    assert (
        alert.explanation == f"Ops reports AA2390 ORD->DFW delayed 25 min (at 21:40Z); connection at risk: {AT_RISK}."
    )
    assert alert.priority == 3  # a delay is low severity (4); the group and the connection raise it a step
    assert (alert.flight, alert.station, alert.unit, alert.units) == (
        "AA2390",
        "DFW",
        "ORD narrowbody",
        ["ORD narrowbody"],
    )
    assert (alert.leg.origin, alert.leg.destination, alert.leg.aircraft) == ("ORD", "DFW", "738")
    assert alert.ops_event_id == "o1" and alert.lead_time_s is None
    assert alert_key(alert.alert_id) == "F:AA2390"  # people's actions on it reach the flight's state


def test_the_risk_alert_follows_the_leg_escalates_on_cancellation_and_expires() -> None:
    events = [
        ops("o1", "DELAY", 0, **late(25)),
        ops("o1", "DELAY", 0, **late(25)),  # a re-delivery: no new version
        ops("o2", "DELAY", 20, **late(60)),
        ops("o3", "CANCELLATION", 40),
        ops("o4", "DELAY", 50, **late(90)),  # the leg is cancelled: a delay of it changes nothing
        ops("clock", "ON_TIME", 7 * 60, flight_number="9999"),  # time passes on another key
        ops("o5", "DELAY", 7 * 60 + 1, **late(100)),  # after the alert closed
    ]
    versions = [a for a in replay([], events, desk=desk()).alerts if a.alert_id == RISK_ID]
    assert [(a.version, a.status, a.category) for a in versions] == [
        (1, "OPEN", "DELAY"),
        (1, "OPEN", "DELAY"),
        (2, "ESCALATED", "DELAY"),
        (3, "ESCALATED", "CANCELLATION"),
        (4, "EXPIRED", "CANCELLATION"),
    ]
    assert "delayed 60 min (at 22:00Z)" in versions[2].explanation
    assert versions[3].explanation.startswith("Ops reports AA2390 ORD->DFW cancelled (at 22:20Z); connection at risk:")
    assert versions[3].priority == 2  # a cancellation is medium (3), raised a step
    assert versions[4].explanation.endswith("; closed 6 h 0 min after ops reported it.")


def test_a_delay_the_connections_survive_or_an_unlisted_leg_raises_no_risk() -> None:
    held = replay([], [ops("o1", "DELAY", 0, **late(5))], desk=desk())
    assert held.alerts == []  # 40 min left: the minimum holds
    unlisted = replay([], [ops("o1", "DELAY", 0, flight_number="100", **late(90))], desk=desk())
    assert unlisted.alerts == []
    no_table = replay([], [ops("o1", "DELAY", 0, **late(90))])
    assert no_table.alerts == []


def test_people_act_on_a_risk_alert_like_on_any_other() -> None:
    d = desk()
    engine = Correlator(CorrelationConfig(), desk=d)
    event = with_schedule(ops("o1", "DELAY", 0, **late(25)), d.schedule, "AA")
    state, (opened,) = engine.apply("F:AA2390", None, event, watermark=T0)
    ack = AlertAction(action_id="x1", alert_id=RISK_ID, action="ack", by="cs-lead", at=T0 + timedelta(minutes=3))
    state, (acked,) = engine.apply("F:AA2390", state, ack)
    assert acked.version == 2 and acked.acked_by == "cs-lead" and acked.explanation == opened.explanation


def test_a_flight_alert_carries_its_leg_and_unit_and_says_why_the_impact_raises_it() -> None:
    posts = [
        post(1, "AA2390 delayed again, stuck at the gate", 5),
        post(2, "flight 2390 delayed 40 min and counting", 9),
    ]
    (alert,) = latest(replay(posts, [], desk=desk())).values()
    assert alert.kind == AlertKind.SOCIAL_FIRST and alert.unit == "ORD narrowbody" and alert.units == ["ORD narrowbody"]
    assert alert.leg.departure.isoformat() == "2026-11-20T16:05:00-06:00" and alert.leg.aircraft == "738"
    assert alert.priority == 3  # without the desk a delay is priority 4
    assert alert.explanation.endswith(
        "ops has not reported it (high impact: group of 40 connecting DFW->SAT at 19:15, 45 min connection"
        " (delay not yet known, minimum 40 min); 35 passengers on AA1234 connecting DFW->SAT at 19:15,"
        " 45 min connection (delay not yet known, minimum 40 min))."
    )
    (plain,) = latest(replay(posts, [])).values()
    assert plain.priority == 4 and plain.unit is None and plain.units == [] and plain.leg is None
    assert "high impact" not in plain.explanation


def test_once_ops_confirms_the_impact_is_read_from_what_ops_says() -> None:
    posts = [
        post(1, "AA2390 delayed again, stuck at the gate", 5),
        post(2, "flight 2390 delayed 40 min and counting", 9),
    ]
    final = latest(replay(posts, [ops("o1", "DELAY", 30, **late(5))], desk=desk()))
    flight_alert = next(a for a in final.values() if a.kind == AlertKind.SOCIAL_FIRST)
    assert flight_alert.status == AlertStatus.CONFIRMED
    assert flight_alert.explanation.endswith(
        "(high impact: group of 40 connecting DFW->SAT at 19:15, 45 min connection)."
    )  # 5 min late: the connection holds, the large group is still worth knowing
    assert not any(a.kind == AlertKind.CONNECTION_RISK for a in final.values())


def test_a_station_alert_goes_to_every_unit_of_its_hub() -> None:
    texts = [f"security line at DFW is insane, {n} min and not moving" for n in range(20, 27)]
    posts = [post(i, text, i) for i, text in enumerate(texts)]
    surge = next(a for a in latest(replay(posts, [], desk=desk())).values() if a.kind == AlertKind.STATION_SURGE)
    assert surge.station == "DFW" and surge.unit is None and surge.units == ["DFW narrowbody"] and surge.leg is None


@pytest.mark.parametrize(
    ("minutes", "category", "station"),
    [(-30, "DELAY", "ORD"), (30, "DELAY", None), (200, "BAGGAGE", "DFW"), (200, "DELAY", None)],
)
def test_a_post_naming_only_a_flight_gets_its_leg_and_when_unambiguous_its_station(minutes, category, station) -> None:
    text = "My bag from AA2390 never showed up on the belt" if category == "BAGGAGE" else "flight 2390 delayed again"
    raw = post(1, text, minutes + 25)  # minutes after the 22:05Z departure
    from ioc_stream.enrich import enrich

    m: EnrichedMention = with_schedule(enrich(raw), desk().schedule, "AA")
    assert m.incident.category == category
    assert [(leg.flight, leg.origin, leg.destination) for leg in m.legs] == [("AA2390", "ORD", "DFW")]
    assert [s.code for s in m.stations] == ([station] if station else [])
    if station:
        assert m.stations[0].source == "schedule"
    assert enrich(raw).legs is None  # enrichment alone never reads the schedule


def test_an_ops_event_without_its_route_is_completed_from_the_schedule() -> None:
    event = with_schedule(ops("o1", "DELAY", 0, service_date=None), desk().schedule, "AA")
    assert (event.origin, event.destination, event.service_date.isoformat()) == ("ORD", "DFW", "2026-11-20")
