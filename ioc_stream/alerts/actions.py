"""The action rule applied to a published alert (the API's view); the worker's state applies the same rule."""

from __future__ import annotations

from typing import Any

from ioc_stream.models import Alert, AlertAction, Note


def apply_action(alert: Alert, action: AlertAction) -> Alert:
    """The alert as it looks once `action` is folded in, by the one rule (AlertAction.effect)."""
    ack, resolve, note = action.effect(alert.acked_at is not None, alert.resolved_at is not None)
    update: dict[str, Any] = {}
    if ack:
        update |= {"acked_by": action.by, "acked_at": action.at}
    if resolve:
        update |= {"resolved_by": action.by, "resolved_at": action.at}
    if note:
        update["notes"] = [*alert.notes, Note(by=action.by, at=action.at, text=action.text or "")]
    return alert.model_copy(update=update) if update else alert


def is_reflected(alert: Alert, action: AlertAction) -> bool:
    """True when a version from the worker already carries what `action` did."""
    if action.action == "ack":
        return alert.acked_at is not None
    if action.action == "resolve":
        return alert.resolved_at is not None
    return any(n.by == action.by and n.text == action.text for n in alert.notes)
