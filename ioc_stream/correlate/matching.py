"""Which ops events explain which posts: compatibility predicates and the ops-knew-first lookback."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ioc_stream.correlate.state import OpsRec
from ioc_stream.taxonomy import COMPATIBLE, STATION_COVERING, compatible

Accepts = Callable[[str, str], bool]

#: Ops event types that can matter to some post category; status noise (DEPARTED, ON_TIME) is not kept.
RELEVANT_TYPES: frozenset[str] = frozenset().union(*COMPATIBLE.values())


def flight_accepts(category: str, ops_type: str) -> bool:
    """A flight's ops event explains a post about that flight when the table says so."""
    return compatible(category, ops_type)  # type: ignore[arg-type]


def station_accepts(category: str, ops_type: str) -> bool:
    """A station-level event explains a surge when it covers the station (ground stop, delay program)
    and means what the posts mean (a ground stop explains queues, not a medical emergency)."""
    return ops_type in STATION_COVERING and compatible(category, ops_type)  # type: ignore[arg-type]


def known_by_ops(ops: Iterable[OpsRec], category: str, t: int, lookback_s: int, accepts: Accepts) -> OpsRec | None:
    """The earliest accepted ops event reported at or before `t`, within the lookback; None if ops did not know."""
    best = None
    for o in ops:
        r = o.reported
        if r <= t and t - r <= lookback_s and accepts(category, o.type) and (best is None or r < best.reported):
            best = o
    return best
