"""An alert's story in time order: the posts, the detection, what ops reported and when, people's actions."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ioc_stream.alerts.authors import Customer
from ioc_stream.alerts.store import utc
from ioc_stream.models import Alert


class TimelineEntry(BaseModel):
    """One moment on an alert's timeline: a post, the detection, the ops event, a person's action."""

    model_config = ConfigDict(extra="forbid")

    at: datetime
    kind: Literal["post", "detected", "ops_occurred", "ops_reported", "ack", "resolve", "note"]
    side: Literal["social", "ops", "people"]
    label: str
    ref: str | None = None


class AlertDetail(BaseModel):
    """An alert with its evidence and a timeline of posts vs ops events."""

    model_config = ConfigDict(extra="forbid")

    alert: Alert
    timeline: list[TimelineEntry]
    lead_time_s: float | None = Field(description="Ops reported_at minus the first post; None until ops reports")
    customers: dict[str, Customer] = Field(
        default_factory=dict,
        description="The evidence's authors a direct message linked to a loyalty id, by handle (masked unless liaison)",
    )


def timeline(alert: Alert) -> list[TimelineEntry]:
    """Every dated moment of `alert`, oldest first (posts before the detection they caused on ties)."""
    entries = [
        TimelineEntry(at=e.created_at, kind="post", side="social", label=f"@{e.author}: {e.excerpt}", ref=e.post_id)
        for e in alert.evidence
    ]
    entries.append(TimelineEntry(at=alert.detected_at, kind="detected", side="social", label=alert.explanation))
    if ops := alert.ops_event:
        what = ops.type.value.replace("_", " ").lower()
        entries.append(
            TimelineEntry(
                at=ops.occurred_at, kind="ops_occurred", side="ops", label=f"{what} occurred", ref=ops.event_id
            )
        )
        entries.append(
            TimelineEntry(
                at=ops.reported_at, kind="ops_reported", side="ops", label=f"ops reported {what}", ref=ops.event_id
            )
        )
    if alert.acked_at:
        entries.append(
            TimelineEntry(at=alert.acked_at, kind="ack", side="people", label=f"acknowledged by {alert.acked_by}")
        )
    if alert.resolved_at:
        entries.append(
            TimelineEntry(at=alert.resolved_at, kind="resolve", side="people", label=f"resolved by {alert.resolved_by}")
        )
    entries += [TimelineEntry(at=n.at, kind="note", side="people", label=f"{n.by}: {n.text}") for n in alert.notes]
    order = {"post": 0, "detected": 1, "ops_occurred": 2, "ops_reported": 3, "ack": 4, "resolve": 5, "note": 6}
    return sorted(entries, key=lambda t: (utc(t.at), order[t.kind]))


def lead_time_s(alert: Alert) -> float | None:
    """Seconds passengers were ahead of ops: the alert's own figure, else ops reported_at minus first post."""
    if alert.lead_time_s is not None:
        return alert.lead_time_s
    if alert.ops_event is None:
        return None
    return (utc(alert.ops_event.reported_at) - utc(alert.first_reported_at)).total_seconds()


def detail(alert: Alert, customers: dict[str, Customer] | None = None) -> AlertDetail:
    """The body of GET /api/alerts/{id}; `customers`: the loyalty customers among its authors."""
    return AlertDetail(alert=alert, timeline=timeline(alert), lead_time_s=lead_time_s(alert), customers=customers or {})
