"""Reconnect and retry delays: exponential with a cap, longer after a rate limit, reset by a success."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Backoff:
    """Deterministic exponential backoff (no jitter: one connector per feed, so no thundering herd)."""

    initial: float = 1.0
    maximum: float = 320.0
    factor: float = 2.0
    rate_limited: float = 60.0
    _next: float | None = None

    def next(self, *, status: int | None = None) -> float:
        """The delay before the next attempt after a failure (HTTP 429 starts at `rate_limited`)."""
        floor = self.rate_limited if status == 429 else self.initial
        delay = floor if self._next is None else max(floor, self._next)
        self._next = min(self.maximum, delay * self.factor)
        return min(delay, self.maximum)

    def reset(self) -> None:
        """After a success: the next failure waits `initial` again."""
        self._next = None
