"""Turning an internal AlertRec into the published pydantic Alert, only when its state changed."""

from __future__ import annotations

from datetime import datetime

from ioc_stream.alerts.desk_facts import FLIGHT_KINDS, desk_facts
from ioc_stream.alerts.explain import explain, explain_risk
from ioc_stream.alerts.priority import Priorities
from ioc_stream.config import CorrelationConfig
from ioc_stream.construct import builder
from ioc_stream.correlate.state import AlertRec, OpsRec, Post
from ioc_stream.correlate.times import utc
from ioc_stream.desk.reference import Desk
from ioc_stream.models import Alert, AlertKind, AlertStatus, Evidence, Note, OpsEventRef
from ioc_stream.taxonomy import Category, OpsEventType, Severity

_evidence_of = builder(Evidence)
_ops_ref_of = builder(OpsEventRef)
_note_of = builder(Note)
_alert_of = builder(Alert)  # every field built typed: alerts are made on every state change


def _evidence(p: Post) -> Evidence:
    return _evidence_of(
        dict(
            post_id=p.id,
            author=p.author,
            created_at=utc(p.t),
            excerpt=p.excerpt,
            cues=list(p.cues),
            lang=p.lang,
            onboard=p.onboard,
            channel=p.channel,
            loyalty_id_masked=p.loyalty,
            station=p.station,
            report=p.report,
            counted_as=Category(p.counted_as) if p.counted_as else None,
            primary_category=Category(p.primary) if p.primary else None,
        )
    )


def _ops_ref(o: OpsRec) -> OpsEventRef:
    return _ops_ref_of(
        dict(
            event_id=o.id,
            type=OpsEventType(o.type),
            occurred_at=utc(o.occurred),
            reported_at=utc(o.reported),
            station=o.station,
            details=dict(o.details),
        )
    )


def _opt(t: int | None) -> datetime | None:
    return None if t is None else utc(t)


def render(
    rec: AlertRec,
    priorities: Priorities,
    config: CorrelationConfig,
    desk: Desk | None = None,
    ops_silent_since: int | bool | None = False,
) -> Alert:
    """The Alert for the record's current version (no validation: every field is built typed); `desk` adds its
    leg, unit(s) and impact (alerts/desk_facts.py); `ops_silent_since`: False while the ops feed keeps up, else
    the ops feed's latest event time when this version was judged (None: it has delivered nothing)."""
    flight = rec.subject if rec.kind in FLIGHT_KINDS else None
    station = rec.subject if flight is None else next((p.station for p in rec.evidence if p.station), None)
    if flight is not None and rec.ops is not None and rec.ops.station:
        station = rec.ops.station
    facts = desk_facts(rec, desk)
    if station is None and rec.kind == "CONNECTION_RISK" and facts.leg is not None:
        station = facts.leg.destination  # where the connections are made
    reason = "; ".join(r for r in (priorities.reason(flight, station), *facts.reasons) if r) or None
    if rec.kind == "CONNECTION_RISK":
        explanation = explain_risk(rec, facts.leg, facts.disruption, reason, config.expire_after_s)
    else:
        explanation = explain(rec, reason, config)
    return _alert_of(
        dict(
            alert_id=rec.alert_id,
            version=rec.version,
            kind=AlertKind(rec.kind),
            status=AlertStatus(rec.status),
            flight=flight,
            station=station,
            category=Category(rec.category),
            severity=Severity(rec.severity).name,
            priority=priorities.priority(rec.severity, reason),
            first_reported_at=utc(rec.first_t),
            detected_at=utc(rec.detected_t),
            updated_at=utc(rec.updated_t),
            confirmed_at=_opt(rec.confirmed_t),
            lead_time_s=None if rec.lead_s is None else float(rec.lead_s),
            evidence=[_evidence(p) for p in rec.evidence],
            authors=rec.emitted_authors,
            ops_event_id=rec.ops.id if rec.ops else None,
            ops_event=_ops_ref(rec.ops) if rec.ops else None,
            explanation=explanation,
            acked_by=rec.acked_by,
            acked_at=_opt(rec.acked_t),
            resolved_by=rec.resolved_by,
            resolved_at=_opt(rec.resolved_t),
            notes=[_note_of(dict(by=b, at=utc(t), text=x)) for b, t, x in rec.notes],
            unit=facts.unit,
            units=list(facts.units),
            leg=facts.leg.ref() if facts.leg else None,
            ops_feed_silent=ops_silent_since is not False,
            ops_feed_as_of=None if ops_silent_since is False or ops_silent_since is None else utc(ops_silent_since),
        )
    )
