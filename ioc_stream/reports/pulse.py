"""The social pulse: hourly buckets of enriched mentions over the last 24 h, plus alert figures from the store."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field

from ioc_stream.alerts.store import LIVE, utc
from ioc_stream.alerts.timeline import lead_time_s
from ioc_stream.models import Alert, EnrichedMention
from ioc_stream.reports.scorecard import Tally
from ioc_stream.stats import nearest_rank


class _Figures(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Count(_Figures):
    key: str
    count: int


class HourCount(_Figures):
    hour: datetime
    mentions: int


class Pulse(_Figures):
    """The last 24 hours in numbers for the social pulse page and management."""

    since: datetime
    until: datetime
    mentions: int
    geotagged: int
    geotagged_share: float
    per_hour: list[HourCount]
    top_categories: list[Count]
    top_flights: list[Count]
    top_stations: list[Count]
    languages: list[Count]
    alerts_by_status: dict[str, int]
    alerts_open: int
    lead_time_median_s: float | None
    lead_time_p90_s: float | None
    ack_median_s: float | None = Field(description="Median time from detection to the first ack")


HOUR = 3600
WINDOW_H = 24
#: Each bucket keeps at most this many distinct flights / stations (the long tail is not news).
KEY_CAP = 2_000


@dataclass(slots=True)
class Bucket(Tally):
    """One hour of mentions: the scorecard's tally, and the flights and languages too."""

    flights: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)

    def __iadd__(self, other: Tally) -> Bucket:
        Tally.__iadd__(self, other)
        if isinstance(other, Bucket):
            self.flights.update(other.flights)
            self.languages.update(other.languages)
        return self


def _bump(counter: Counter[str], key: str) -> None:
    if key in counter or len(counter) < KEY_CAP:
        counter[key] += 1


def _top(counter: Counter[str], n: int) -> list[Count]:
    return [Count(key=k, count=c) for k, c in counter.most_common(n)]


def window_start(now_s: int) -> int:
    """Epoch second where the pulse window starts: the 24 whole hour buckets ending with the current one."""
    return now_s - now_s % HOUR - (WINDOW_H - 1) * HOUR


class PulseBuckets:
    """Mentions bucketed by the hour of `created_at`; at most 25 buckets live at once (bounded memory).

    The window ends at the wall clock's `now`; with `event_time`, at the newest post seen when that is
    later, so a simulated or replayed feed running ahead of real time is counted, not dropped as future.
    """

    def __init__(self, event_time: bool = False) -> None:
        self._buckets: dict[int, Bucket] = {}
        self.ignored = 0
        self.event_time = event_time
        self._newest: datetime | None = None  # the newest post's time (event_time only)

    def clock(self, wall: datetime) -> datetime:
        """Where the window ends: `wall`, or the newest post's time when event time runs ahead of it."""
        wall = utc(wall)
        return self._newest if self._newest is not None and self._newest > wall else wall

    def add(self, m: EnrichedMention, now: datetime) -> bool:
        """Count one mention; False (ignored) when it falls before the window or over an hour ahead."""
        created = utc(m.created_at)
        ts = int(created.timestamp())
        if self.event_time and (self._newest is None or created > self._newest):
            self._newest = created
        now_s = int(self.clock(now).timestamp())
        if ts < window_start(now_s) or ts > now_s + HOUR:
            self.ignored += 1
            return False
        bucket = self._buckets.setdefault(ts - ts % HOUR, Bucket())
        bucket.add(m, KEY_CAP)
        bucket.languages[m.lang] += 1
        for f in {f.flight for f in m.flights}:
            _bump(bucket.flights, f)
        self._evict(now_s)
        return True

    def _evict(self, now_s: int) -> None:
        oldest = window_start(now_s)
        for hour in [h for h in self._buckets if h < oldest]:
            del self._buckets[hour]

    def summary(self, now: datetime, alerts: Iterable[Alert], top: int = 8) -> Pulse:
        """The pulse for the 24 hours ending at the hour bucket containing `now` (see `clock`)."""
        now = self.clock(now)
        now_s = int(now.timestamp())
        self._evict(now_s)
        first = window_start(now_s)
        hours = [first + i * HOUR for i in range(WINDOW_H)]
        total = Bucket()
        per_hour = []
        for h in hours:
            b = self._buckets.get(h, Bucket())
            per_hour.append(HourCount(hour=datetime.fromtimestamp(h, UTC), mentions=b.mentions))
            total += b
        since = datetime.fromtimestamp(first, UTC)
        alerts = list(alerts)
        recent = [a for a in alerts if utc(a.updated_at) >= since]
        by_status = Counter(a.status.value for a in recent)
        leads = [lt for a in recent if (lt := lead_time_s(a)) is not None]
        acks = [(utc(a.acked_at) - utc(a.detected_at)).total_seconds() for a in recent if a.acked_at]
        return Pulse(
            since=since,
            until=now,
            mentions=total.mentions,
            geotagged=total.geotagged,
            geotagged_share=round(total.geotagged / total.mentions, 4) if total.mentions else 0.0,
            per_hour=per_hour,
            top_categories=_top(total.categories, top),
            top_flights=_top(total.flights, top),
            top_stations=_top(total.stations, top),
            languages=_top(total.languages, top),
            alerts_by_status=dict(by_status),
            alerts_open=sum(1 for a in alerts if a.status in LIVE and a.resolved_at is None),
            lead_time_median_s=statistics.median(leads) if leads else None,
            lead_time_p90_s=nearest_rank(leads, 90),
            ack_median_s=statistics.median(acks) if acks else None,
        )
