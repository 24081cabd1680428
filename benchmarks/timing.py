"""Timing helpers shared by the benchmark scripts: medians of repeated runs, machine facts."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timezone


def rate(fn: Callable[[], int], repeats: int = 5) -> float:
    """Median items/s over `repeats` runs of `fn`, which does the work and returns the item count."""
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        n = fn()
        rates.append(n / (time.perf_counter() - t0))
    return statistics.median(rates)


def machine() -> dict:
    """What the figures were measured on."""
    return {
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "machine": platform.machine(),
        "processor": platform.processor() or platform.machine(),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
    }
