"""Event-time merge of several input partitions, so re-keyed events leave in the order they happened.

Kafka keeps order only within a partition. The posts and the ops feed arrive on different topics and
partitions, and a fetch (or a catch-up after downtime) can run one partition minutes ahead of another.
Like Kafka Streams' timestamp-synchronised record selection, the merge releases the record with the
earliest event time, but only while no partition that still has unread data is empty here (its next
record might be earlier). A partition that is caught up cannot hold anything back.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class EventTimeMerge(Generic[T]):
    """Per-partition FIFO buffers released in (sort key) order; pure, the caller says which partitions lag.

    `clock` gives seconds of a monotonic clock (the worker passes time.monotonic) where no `now` is given.
    """

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._buffers: dict[Hashable, deque[tuple[Any, float, T]]] = {}
        self._last_add: dict[Hashable, float] = {}

    def __len__(self) -> int:
        return sum(len(b) for b in self._buffers.values())

    def add(self, partition: Hashable, sort_key: Any, item: T, now: float | None = None) -> None:
        """Buffer `item` behind earlier ones of the same partition."""
        now = self._clock() if now is None else now
        self._buffers.setdefault(partition, deque()).append((sort_key, now, item))
        self._last_add[partition] = now

    def held_for(self, now: float | None = None) -> float:
        """Seconds the oldest buffered item has waited (0 when empty)."""
        added = [buf[0][1] for buf in self._buffers.values() if buf]
        return (self._clock() if now is None else now) - min(added) if added else 0.0

    def stalled(self, lagging: Iterable[Hashable], max_hold: float, now: float | None = None) -> bool:
        """True when a lagging partition with nothing buffered has delivered nothing for `max_hold` seconds.

        Only such a partition blocks the merge; one that delivers regularly (a backlog being read in
        fetch-sized chunks) does not, however long records wait for it in event-time order.
        """
        now = self._clock() if now is None else now
        for p in lagging:
            if not self._buffers.get(p) and now - self._last_add.setdefault(p, now) > max_hold:
                return True
        return False

    def release(
        self,
        lagging: Iterable[Hashable],
        *,
        quiet: Iterable[Hashable] = (),
        grace: float = 0.0,
        force: bool = False,
        now: float | None = None,
    ) -> list[T]:
        """Items in merged order, as far as no lagging partition with an empty buffer could precede them.

        `lagging`: partitions with data not yet read. `quiet`: partitions read to their end as far as
        the last fetch knew; one with an empty buffer vouches only for items buffered at least `grace`
        seconds ago (a record produced just before them may not have been visible to that fetch yet).
        `force` releases everything (bounded waiting).
        """
        waiting_on, quiet = set(lagging), set(quiet)
        buffers = self._buffers
        fresh_after = (self._clock() if now is None else now) - grace if grace and quiet else None
        if not force and any(not buffers.get(p) for p in waiting_on):
            return []
        # a heap of partition heads: O(log partitions) per record; `i` breaks ties in partition order
        heap = [(buf[0][0], i, p) for i, (p, buf) in enumerate(buffers.items()) if buf]
        heapq.heapify(heap)
        out: list[T] = []
        while heap:
            _, i, p = heap[0]
            buf = buffers[p]
            if (
                not force
                and fresh_after is not None
                and buf[0][1] > fresh_after
                and any(not buffers.get(q) for q in quiet)
            ):
                break
            out.append(buf.popleft()[2])
            if buf:
                heapq.heapreplace(heap, (buf[0][0], i, p))
                continue
            heapq.heappop(heap)
            if not force and p in waiting_on:  # its next record, still unread, might come first
                break
        return out

    def clear(self) -> list[T]:
        """Drop and return everything buffered (after a rebalance the consumer re-reads it anyway)."""
        items = [item for buf in self._buffers.values() for *_, item in buf]
        self._buffers.clear()
        self._last_add.clear()
        return items
