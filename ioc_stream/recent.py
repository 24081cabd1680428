"""A bounded set of recently seen keys: re-delivered Kafka records (after a crash or rebalance) counted once."""

from __future__ import annotations

from collections.abc import Hashable


class Recent:
    """The last `cap` keys seen, oldest forgotten first (a re-delivery comes soon after the first delivery)."""

    __slots__ = ("_cap", "_seen")

    def __init__(self, cap: int = 100_000) -> None:
        self._seen: dict[Hashable, None] = {}
        self._cap = cap

    def add(self, item: Hashable) -> bool:
        """True when `item` is new."""
        if item in self._seen:
            return False
        self._seen[item] = None
        if len(self._seen) > self._cap:
            del self._seen[next(iter(self._seen))]
        return True
