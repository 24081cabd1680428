"""An endless simulated feed in event-time order, hour by hour, optionally paced against the wall clock."""

from __future__ import annotations

import heapq
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from ioc_stream.simulate.scenario import generate

#: Records of an hour's flights reach this far before the hour starts (ON_TIME 30 min before departure).
_LEAD_IN = timedelta(hours=1)


def stream(
    seed: int, start: datetime, speed: float | None = None, flights_per_hour: int = 20
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ("mention" | "ops", record) forever, in event-time order.

    `speed` paces output against the wall clock (60 = one simulated hour per minute); None = as fast
    as the consumer reads. Each hour is its own seeded scenario, so the feed is reproducible.
    """
    heap: list[tuple[str, int, str, dict[str, Any]]] = []
    seq = 0
    hour = 0
    wall0 = time.monotonic()
    while True:
        while not heap or heap[0][0] >= _iso(start + timedelta(hours=hour) - _LEAD_IN):
            chunk = generate(
                seed * 100_003 + hour, start + timedelta(hours=hour), 1, flights_per_hour, tag=f"{seed}h{hour}"
            )
            for kind, rows, field in (("mention", chunk.mentions, "created_at"), ("ops", chunk.ops, "reported_at")):
                for r in rows:
                    seq += 1
                    heapq.heappush(heap, (r[field], seq, kind, r))
            hour += 1
        t, _, kind, rec = heapq.heappop(heap)
        if speed:
            lag = (datetime.fromisoformat(t.replace("Z", "+00:00")) - start).total_seconds() / speed
            wait = wall0 + lag - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        yield kind, rec


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")
