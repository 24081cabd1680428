"""The offline counterpart of the worker's event-time bounds: a record far off its file's own time line.

Live, an event stamped more than a few minutes ahead of its Kafka timestamp, or further behind than the
retention, is dead-lettered as time_skew. A file has no broker clock, so the replay measures each
record against its neighbours: the median event time of the `WINDOW` records around it in file order
(per input) is its time line, and a record further than the retention from it is off the line. A dozen
posts stamped 2099 in a day's file are refused; the day itself, or a sparse week of files in order, is
not. (A run of skewed records longer than half the window would set the median: the live bound has no
such blind spot.)
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median_low

#: Records around each one (itself included) whose median event time is its time line.
WINDOW = 101


def off_time_line(times: Sequence[int], retention_s: int) -> list[bool]:
    """For event times in file order: True where a time is more than `retention_s` from its neighbours' median."""
    half = WINDOW // 2
    return [abs(t - median_low(times[max(0, i - half) : i + half + 1])) > retention_s for i, t in enumerate(times)]
