"""Timing helpers shared by the benchmark scripts: medians of repeated runs, machine facts."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime


def rate(fn: Callable[[], int], repeats: int = 5) -> float:
    """Median items/s over `repeats` runs of `fn`, which does the work and returns the item count."""
    return statistics.median(rates(fn, repeats))


def rates(fn: Callable[[], int], repeats: int = 5) -> list[float]:
    """Items/s of each of `repeats` runs of `fn` (which does the work and returns the item count), in run order."""
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        n = fn()
        out.append(n / (time.perf_counter() - t0))
    return out


def fastest(
    fns: dict[str, Callable[[Sequence], object]], items: Sequence, repeats: int, chunk: int = 250
) -> dict[str, float]:
    """Seconds per item for each function: the sum over chunks of each chunk's fastest time.

    Chunks are timed interleaved across the functions, `repeats` times each, and only each chunk's
    best time counts: on a shared, noisy machine a burst of load spoils one sample, not the figure.
    """
    chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    best = {name: [float("inf")] * len(chunks) for name in fns}
    for _ in range(repeats):
        for i, part in enumerate(chunks):
            for name, fn in fns.items():
                t0 = time.perf_counter()
                fn(part)
                best[name][i] = min(best[name][i], time.perf_counter() - t0)
    return {name: sum(times) / len(items) for name, times in best.items()}


def machine() -> dict:
    """What the figures were measured on."""
    return {
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "machine": platform.machine(),
        "processor": platform.processor() or platform.machine(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
    }
