"""The action rule: how a person's ack, resolve or note folds into a published alert (first ack and resolve win)."""

from __future__ import annotations

from typing import Any

from ioc_stream.models import Alert, AlertAction, Note


def apply_action(alert: Alert, action: AlertAction) -> Alert:
    """The alert as it looks once `action` is folded in; the first ack and the first resolve win."""
    update: dict[str, Any] = {}
    if action.action == "ack" and alert.acked_at is None:
        update = {"acked_by": action.by, "acked_at": action.at}
    elif action.action == "resolve" and alert.resolved_at is None:
        update = {"resolved_by": action.by, "resolved_at": action.at}
        if alert.acked_at is None:
            update |= {"acked_by": action.by, "acked_at": action.at}
    elif action.action == "note" and action.text:
        update = {"notes": [*alert.notes, Note(by=action.by, at=action.at, text=action.text)]}
    return alert.model_copy(update=update) if update else alert


def is_reflected(alert: Alert, action: AlertAction) -> bool:
    """True when a version from the worker already carries what `action` did."""
    if action.action == "ack":
        return alert.acked_at is not None
    if action.action == "resolve":
        return alert.resolved_at is not None
    return any(n.by == action.by and n.text == action.text for n in alert.notes)
