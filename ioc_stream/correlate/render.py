"""Turning an internal AlertRec into the published pydantic Alert, only when its state changed."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from ioc_stream.correlate.explain import explain
from ioc_stream.correlate.priority import Priorities
from ioc_stream.correlate.state import AlertRec, OpsRec, Post
from ioc_stream.correlate.times import utc
from ioc_stream.models import Alert, AlertKind, AlertStatus, Evidence, Note, OpsEventRef
from ioc_stream.taxonomy import Category, OpsEventType, Severity

M = TypeVar("M", bound=BaseModel)


def _built(cls: type[M], fields: dict[str, Any]) -> M:
    """A model instance from already-typed `fields`, all given: what model_construct does, minus its
    per-field default handling (a third of the cost; alerts are built on every state change)."""
    obj = cls.__new__(cls)
    setattr_ = object.__setattr__
    setattr_(obj, "__dict__", fields)
    setattr_(obj, "__pydantic_fields_set__", set(fields))
    setattr_(obj, "__pydantic_extra__", None)
    setattr_(obj, "__pydantic_private__", None)
    return obj


def _evidence(p: Post) -> Evidence:
    return _built(Evidence, dict(
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
    ))


def _ops_ref(o: OpsRec) -> OpsEventRef:
    return OpsEventRef.model_construct(
        event_id=o.id,
        type=OpsEventType(o.type),
        occurred_at=utc(o.occurred),
        reported_at=utc(o.reported),
        station=o.station,
        details=dict(o.details),
    )


def _opt(t: int | None):
    return None if t is None else utc(t)


def render(rec: AlertRec, priorities: Priorities, expire_after_s: int) -> Alert:
    """The Alert for the record's current version (no validation: every field is built typed)."""
    flight = rec.subject if rec.kind == "SOCIAL_FIRST" else None
    station = rec.subject if flight is None else next((p.station for p in rec.evidence if p.station), None)
    if flight is not None and rec.ops is not None and rec.ops.station:
        station = rec.ops.station
    reason = priorities.reason(flight, station)
    return _built(Alert, dict(
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
        explanation=explain(rec, reason, expire_after_s),
        acked_by=rec.acked_by,
        acked_at=_opt(rec.acked_t),
        resolved_by=rec.resolved_by,
        resolved_at=_opt(rec.resolved_t),
        notes=[Note.model_construct(by=b, at=utc(t), text=x) for b, t, x in rec.notes],
    ))
