"""Event-time order, the one the replay applies and the worker's merge restores: ops first on ties, then by id."""

from __future__ import annotations

from collections.abc import Iterable

from ioc_stream.correlate.times import epoch
from ioc_stream.models import AlertAction, EnrichedMention, OpsEvent

Event = EnrichedMention | OpsEvent
Record = EnrichedMention | OpsEvent | AlertAction


def order_key(e: Event) -> tuple[int, int, str]:
    """Event time (a post's created_at, an ops event's reported_at); ties: ops first, then by id."""
    if isinstance(e, OpsEvent):
        return (epoch(e.reported_at), 0, e.event_id)
    return (epoch(e.created_at), 1, e.id)


def event_time(record: Record) -> int | None:
    """A mention's created_at, an ops event's reported_at, in epoch seconds; None for people's actions."""
    if isinstance(record, EnrichedMention):
        return epoch(record.created_at)
    if isinstance(record, OpsEvent):
        return epoch(record.reported_at)
    return None


def arrival_order(record: Record) -> tuple[int, int, str]:
    """Sort key of a routed record: the replay's event-time order; people's actions keep theirs, last."""
    if isinstance(record, (EnrichedMention, OpsEvent)):
        return order_key(record)
    return (2**62, 2, "")


def order_events(mentions: Iterable[EnrichedMention], ops: Iterable[OpsEvent]) -> list[Event]:
    """All events of both streams in replay order."""
    events: list[Event] = [*mentions, *ops]
    events.sort(key=order_key)
    return events
