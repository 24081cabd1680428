"""The offline counterpart of the worker's event-time bounds: a record far off its file's own time line.

Live, an event stamped more than a few minutes ahead of its Kafka timestamp, or further behind than the
retention, is dead-lettered as time_skew. A file has no broker clock, so the replay measures each
record against its neighbours: records are taken in file order in blocks of `BLOCK` per input, and a
record further than the retention from its block's median event time is off the time line. A dozen
posts stamped 2099 in a day's file are refused; the day itself, or a week of files in order, is not.
(More than half a block of consecutive skewed records would set the median: the live bound has no
such blind spot.)
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median_low

#: Records per block whose median event time is the time line of its records.
BLOCK = 100


def off_time_line(times: Sequence[int], retention_s: int) -> list[bool]:
    """For event times in file order: True where a time is more than `retention_s` from its block's median."""
    out: list[bool] = []
    for start in range(0, len(times), BLOCK):
        block = times[start : start + BLOCK]
        middle = median_low(block)
        out += [abs(t - middle) > retention_s for t in block]
    return out
