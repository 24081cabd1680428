"""An in-memory index of when each state key next needs a tick, so a tick never scans every key."""

from __future__ import annotations

import heapq


class DeadlineIndex:
    """A min-heap of (deadline, key) with lazy deletion: O(log n) schedule, O(k log n) to pop k due keys.

    Deadlines are epoch seconds of event time; a key has at most one live deadline.
    """

    __slots__ = ("_due", "_heap")

    def __init__(self) -> None:
        self._heap: list[tuple[float, str]] = []
        self._due: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self._due)

    def __contains__(self, key: str) -> bool:
        return key in self._due

    def schedule(self, key: str, deadline: float | None) -> None:
        """Set (or, with None, drop) the moment `key` must next be ticked."""
        if deadline is None:
            self._due.pop(key, None)
            return
        if self._due.get(key) == deadline:
            return
        self._due[key] = deadline
        heapq.heappush(self._heap, (deadline, key))
        if len(self._heap) > 4 * len(self._due) + 64:
            self._compact()

    def next_deadline(self) -> float | None:
        """The earliest live deadline, or None when nothing is scheduled."""
        heap, due = self._heap, self._due
        while heap and due.get(heap[0][1]) != heap[0][0]:
            heapq.heappop(heap)
        return heap[0][0] if heap else None

    def pop_due(self, now: float) -> list[str]:
        """Remove and return every key whose deadline is <= `now`, earliest first."""
        heap, due, out = self._heap, self._due, []
        while heap and heap[0][0] <= now:
            deadline, key = heapq.heappop(heap)
            if due.get(key) == deadline:
                del due[key]
                out.append(key)
        return out

    def clear(self) -> None:
        """Forget every deadline (before a rebuild after a rebalance)."""
        self._heap.clear()
        self._due.clear()

    def _compact(self) -> None:
        self._heap = [(d, k) for k, d in self._due.items()]
        heapq.heapify(self._heap)
