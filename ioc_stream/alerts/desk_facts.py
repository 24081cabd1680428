"""What the desk's tables add to an alert as it renders: its leg of the day, its unit(s), and why it matters more.

A flight alert's leg is the one its first post (or, for CONNECTION_RISK, its id's scheduled departure) falls on;
its disruption is what ops reported when ops confirmed it, else what the posts report; the impact table then
says why it matters (groups, connections, military markets). A station alert goes to every unit of the hub.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ioc_stream.correlate.state import AlertRec
from ioc_stream.correlate.times import utc
from ioc_stream.desk.impact import Disruption
from ioc_stream.desk.reference import Desk
from ioc_stream.schedule.legs import Leg

NO_DESK = Desk()
#: Kinds about one flight (the others are about a station).
FLIGHT_KINDS = frozenset({"SOCIAL_FIRST", "CONNECTION_RISK"})


@dataclass(frozen=True, slots=True)
class DeskFacts:
    """The leg, the unit(s) and the impact reasons of one alert version (all empty without a desk)."""

    leg: Leg | None = None
    unit: str | None = None
    units: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    disruption: Disruption | None = None


def risk_departure(alert_id: str) -> datetime | None:
    """The scheduled departure a CONNECTION_RISK id names ("AA2390:CONNECTION_RISK:20261120T2205Z")."""
    try:
        return datetime.strptime(alert_id.rsplit(":", 1)[1], "%Y%m%dT%H%MZ").replace(tzinfo=UTC)
    except (IndexError, ValueError):
        return None


def _leg(rec: AlertRec, desk: Desk) -> Leg | None:
    if rec.kind == "CONNECTION_RISK":
        departure = risk_departure(rec.alert_id)
        return desk.leg_departing(rec.subject, departure) if departure else None
    return desk.leg(rec.subject, utc(rec.first_t))


def _disruption(rec: AlertRec, leg: Leg) -> Disruption | None:
    """What ops reported (a CONNECTION_RISK, or a confirmed alert), else what the posts report."""
    ops = rec.ops
    if ops is not None and (rec.kind == "CONNECTION_RISK" or rec.status == "CONFIRMED"):
        return Disruption.of_report(ops.type, ops.details, leg)
    return Disruption.of(rec.category)


def desk_facts(rec: AlertRec, desk: Desk | None) -> DeskFacts:
    """The desk's facts about the record's current version."""
    desk = desk or NO_DESK
    if rec.kind not in FLIGHT_KINDS:
        return DeskFacts(units=tuple(desk.units.of_station(rec.subject)), reasons=desk.station_reasons(rec.subject))
    leg = _leg(rec, desk)
    if leg is None:
        return DeskFacts()
    unit = desk.units.of_leg(leg)
    disruption = _disruption(rec, leg)
    reasons = desk.impact(leg, disruption).reasons
    return DeskFacts(leg, unit, (unit,) if unit else (), reasons, disruption)
