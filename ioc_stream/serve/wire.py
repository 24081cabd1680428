"""Request and response bodies of the HTTP API (pydantic v2: validation and the OpenAPI document)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ioc_stream.alerts.timeline import AlertDetail, TimelineEntry
from ioc_stream.fields import Id
from ioc_stream.models import Alert, AlertAction
from ioc_stream.reports.pulse import Count, HourCount, Pulse

# API bodies made in alerts/timeline.py and reports/pulse.py
__all__ = ["AlertDetail", "Count", "HourCount", "Pulse", "TimelineEntry"]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AlertList(_Body):
    """A page of alerts, plus the change sequence to resume the SSE stream from (Last-Event-ID)."""

    alerts: list[Alert]
    count: int
    seq: int = Field(description="Pass as Last-Event-ID to /api/alerts/stream to get every change after this list")


class AckBody(_Body):
    """Acknowledge: `action_id` makes retries idempotent (derived from alert and user when omitted)."""

    action_id: Id | None = Field(default=None, description="the action's id on ioc.alert-actions (its contract's)")


class ResolveBody(AckBody):
    """Resolve, optionally with a closing note."""

    text: str | None = Field(default=None, max_length=4_000)


class NoteBody(AckBody):
    """A note for the alert's log."""

    text: str = Field(min_length=1, max_length=4_000)


class ActionResult(_Body):
    """The action as written to `ioc.alert-actions`, and the alert as every page now sees it."""

    action: AlertAction
    alert: Alert
    duplicate: bool = Field(description="True when this action_id was already applied: nothing was written again")


class Health(_Body):
    status: Literal["ok", "starting"]
    detail: dict[str, str] = Field(default_factory=dict)
