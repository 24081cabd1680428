"""Server-Sent Events of alert changes: ids from the store's change log, resumable, with heartbeats."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

from ioc_stream.alerts.store import AlertStore

HEARTBEAT_S = 15.0


class Hub:
    """Wakes every open stream when the store changes (all on one event loop)."""

    def __init__(self) -> None:
        self._waiters: set[asyncio.Event] = set()

    def __len__(self) -> int:
        return len(self._waiters)

    def notify(self) -> None:
        """Tell every subscriber to look at the change log again."""
        for waiter in self._waiters:
            waiter.set()

    @contextmanager
    def subscribe(self) -> Iterator[asyncio.Event]:
        """An event set on every change, for as long as the block runs."""
        waiter = asyncio.Event()
        self._waiters.add(waiter)
        try:
            yield waiter
        finally:
            self._waiters.discard(waiter)


def frame(data: str, *, event: str | None = None, id: int | None = None) -> bytes:
    """One SSE frame; `data` must be a single line (compact JSON is)."""
    head = (f"id: {id}\n" if id is not None else "") + (f"event: {event}\n" if event else "")
    return f"{head}data: {data}\n\n".encode()


def parse_last_event_id(value: str | None) -> int | None:
    """The Last-Event-ID header as a sequence number; None when absent or not ours (treated as a fresh start)."""
    try:
        return int(value) if value else None
    except ValueError:
        return None


async def alert_events(
    store: AlertStore, hub: Hub, last_id: int | None, heartbeat_s: float = HEARTBEAT_S
) -> AsyncIterator[bytes]:
    """Every alert change after `last_id` (or after now), then live ones; `reset` when the gap is unrecoverable."""
    yield b"retry: 3000\n\n"
    cursor = store.seq if last_id is None else last_id
    with hub.subscribe() as wake:
        while True:
            wake.clear()
            changes = store.changes_after(cursor)
            if changes is None:
                cursor = store.seq
                yield frame('{"reason":"history gap: reload the alert list"}', event="reset", id=cursor)
                continue
            for change in changes:
                cursor = change.seq
                yield frame(change.alert.model_dump_json(), event="alert", id=cursor)
            if store.seq > cursor:
                continue
            try:
                await asyncio.wait_for(wake.wait(), heartbeat_s)
            except TimeoutError:
                yield b": heartbeat\n\n"
