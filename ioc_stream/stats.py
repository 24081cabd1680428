"""Nearest-rank percentiles, shared by the replay summary, the pulse and the benchmarks."""

from __future__ import annotations

from collections.abc import Iterable


def nearest_rank(values: Iterable[float], pct: int) -> float | None:
    """The `pct`-th nearest-rank percentile (integer arithmetic, no float rounding); None for no data."""
    ordered = sorted(values)
    return ordered[max(0, -(-pct * len(ordered) // 100) - 1)] if ordered else None


def percentiles(values: Iterable[float], qs: tuple[int, ...] = (50, 90, 99)) -> dict[str, float | None]:
    """Nearest-rank percentiles keyed "p50", "p90", ...; None when there are no values."""
    ordered = sorted(values)
    return {f"p{q}": nearest_rank(ordered, q) for q in qs}
