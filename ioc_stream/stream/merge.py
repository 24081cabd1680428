"""Event-time merge of several input partitions, so re-keyed events leave in the order they happened.

Kafka keeps order only within a partition. The posts and the ops feed arrive on different topics and
partitions, and a fetch (or a catch-up after downtime) can run one partition minutes ahead of another.
Like Kafka Streams' timestamp-synchronised record selection, the merge releases the record with the
earliest event time, but only while no partition that still has unread data is empty here (its next
record might be earlier). A partition that is caught up cannot hold anything back.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Hashable, Iterable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class EventTimeMerge(Generic[T]):
    """Per-partition FIFO buffers released in (sort key) order; pure, the caller says which partitions lag."""

    def __init__(self) -> None:
        self._buffers: dict[Hashable, deque[tuple[Any, float, T]]] = {}

    def __len__(self) -> int:
        return sum(len(b) for b in self._buffers.values())

    def add(self, partition: Hashable, sort_key: Any, item: T, now: float | None = None) -> None:
        """Buffer `item` behind earlier ones of the same partition."""
        self._buffers.setdefault(partition, deque()).append((sort_key, time.monotonic() if now is None else now, item))

    def held_for(self, now: float | None = None) -> float:
        """Seconds the oldest buffered item has waited (0 when empty)."""
        added = [buf[0][1] for buf in self._buffers.values() if buf]
        return (time.monotonic() if now is None else now) - min(added) if added else 0.0

    def release(self, lagging: Iterable[Hashable], *, force: bool = False) -> list[T]:
        """Items in merged order, as far as no lagging partition with an empty buffer could precede them.

        `lagging`: partitions with data not yet read. `force` releases everything (bounded waiting).
        """
        waiting_on = set(lagging)
        out: list[T] = []
        buffers = self._buffers
        while True:
            heads = [(buf[0][0], p) for p, buf in buffers.items() if buf]
            if not heads:
                break
            if not force and any(not buffers.get(p) for p in waiting_on):
                break
            _, p = min(heads, key=lambda h: h[0])
            out.append(buffers[p].popleft()[2])
        return out

    def clear(self) -> list[T]:
        """Drop and return everything buffered (after a rebalance the consumer re-reads it anyway)."""
        items = [item for buf in self._buffers.values() for *_, item in buf]
        self._buffers.clear()
        return items
