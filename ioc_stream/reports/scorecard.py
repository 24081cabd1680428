"""The weekly scorecard: an ISO week's mentions and alert versions in, the figures management reads out (pure).

Alerts are those detected in the week, each at its highest version (as every consumer of `ioc.alerts` keeps
them). Lead time is over confirmed alerts (ops reported after the first post); response time is detection
to the first acknowledgement; "bubbled up" compares the week's categories and stations with the week before.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo

from pydantic import BaseModel, ConfigDict, Field

from ioc_stream.alerts.store import utc
from ioc_stream.alerts.timeline import lead_time_s
from ioc_stream.models import Alert, AlertKind, AlertStatus, EnrichedMention
from ioc_stream.pipeline.replay import ReplayResult
from ioc_stream.stats import percentiles
from ioc_stream.taxonomy import Category

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


class _Figures(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Spread(_Figures):
    """Nearest-rank percentiles of a duration, in seconds, over `n` alerts (None without any)."""

    p50: float | None
    p90: float | None
    n: int


class AlertFigures(_Figures):
    total: int
    by_kind: dict[str, int]
    by_status: dict[str, int]


class Story(_Figures):
    """One of the week's largest alerts or station surges, with the sentence that explains it."""

    alert_id: str
    kind: AlertKind
    status: AlertStatus
    subject: str = Field(description="The flight, or the station of a surge")
    category: Category
    priority: int
    authors: int
    detected_at: datetime
    lead_time_s: float | None = Field(description="How far passengers were ahead of ops (confirmed alerts)")
    explanation: str


class Growth(_Figures):
    """A category or station: its mentions this week and the week before."""

    key: str
    this_week: int
    previous_week: int
    change: int
    change_pct: float | None = Field(description="None when the week before had none")


class BubbledUp(_Figures):
    categories: list[Growth]
    stations: list[Growth]


class Scorecard(_Figures):
    """The figures of `ioc-stream report weekly --json` (and, in time, GET /api/scorecard)."""

    week: str
    since: datetime
    until: datetime
    mentions: int
    geotagged: int
    geotagged_share: float
    alerts: AlertFigures
    lead_time_s: Spread
    response_time_s: Spread
    top_stories: list[Story]
    bubbled_up: BubbledUp


def iso_week(week: str, tz: tzinfo = UTC) -> tuple[datetime, datetime]:
    """[Monday 00:00, next Monday 00:00) of "2026-W47" in `tz`; ValueError for anything else."""
    m = _WEEK.match(week)
    if not m:
        raise ValueError(f"week {week!r} is not YYYY-Www (e.g. 2026-W47)")
    try:
        monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError as exc:
        raise ValueError(f"week {week!r}: {exc}") from exc
    start = datetime(monday.year, monday.month, monday.day, tzinfo=tz)
    nxt = monday + timedelta(days=7)
    return start, datetime(nxt.year, nxt.month, nxt.day, tzinfo=tz)


def _spread(values: list[float]) -> Spread:
    return Spread(**percentiles(values, (50, 90)), n=len(values))


def _story(a: Alert) -> Story:
    return Story(
        alert_id=a.alert_id,
        kind=a.kind,
        status=a.status,
        subject=a.flight or a.station or "?",
        category=a.category,
        priority=a.priority,
        authors=a.authors,
        detected_at=a.detected_at,
        lead_time_s=lead_time_s(a) if a.status == AlertStatus.CONFIRMED else None,
        explanation=a.explanation,
    )


def _largest(alerts: list[Alert], top: int) -> list[Alert]:
    return sorted(alerts, key=lambda a: (-a.authors, a.priority, utc(a.detected_at), a.alert_id))[:top]


def _growth(now: Counter[str], before: Counter[str], top: int) -> list[Growth]:
    rows = [
        Growth(
            key=k,
            this_week=n,
            previous_week=before[k],
            change=n - before[k],
            change_pct=round(100 * (n - before[k]) / before[k], 1) if before[k] else None,
        )
        for k, n in now.items()
        if n > before[k]
    ]
    return sorted(rows, key=lambda g: (-g.change, -g.this_week, g.key))[:top]


@dataclass(slots=True)
class Tally:
    """Posts as the scorecard counts them: how many, how many geotagged, by category (not NONE) and by station."""

    mentions: int = 0
    geotagged: int = 0
    categories: Counter[str] = field(default_factory=Counter)
    stations: Counter[str] = field(default_factory=Counter)

    def add(self, m: EnrichedMention, station_cap: int | None = None) -> None:
        """Count one post; with `station_cap`, a station beyond that many distinct ones is not counted."""
        self.mentions += 1
        self.geotagged += m.geo is not None
        if m.incident.category != Category.NONE:
            self.categories[m.incident.category.value] += 1
        for code in {s.code for s in m.stations}:
            if station_cap is None or code in self.stations or len(self.stations) < station_cap:
                self.stations[code] += 1

    def __iadd__(self, other: Tally) -> Tally:
        self.mentions += other.mentions
        self.geotagged += other.geotagged
        self.categories.update(other.categories)
        self.stations.update(other.stations)
        return self


def scorecard(
    week: str, mentions: Iterable[EnrichedMention], alert_versions: Iterable[Alert], tz: tzinfo = UTC, top: int = 5
) -> Scorecard:
    """The scorecard of ISO `week` (in `tz`): `mentions` may span more (the week before feeds "bubbled up"),
    `alert_versions` are every version seen (the highest of each alert counts)."""
    since, until = iso_week(week, tz)
    before = since - timedelta(days=7)
    this, previous = Tally(), Tally()
    for m in mentions:
        t = utc(m.created_at)
        if since <= t < until:
            this.add(m)
        elif before <= t < since:
            previous.add(m)
    return figures(
        week, (since, until), this, previous, ReplayResult(alerts=list(alert_versions)).final().values(), top
    )


def figures(
    week: str, span: tuple[datetime, datetime], this: Tally, previous: Tally, latest: Iterable[Alert], top: int = 5
) -> Scorecard:
    """The scorecard of `week` spanning `span` from its posts' tally, the week before's, and the latest version of
    each alert (those detected in the span count)."""
    since, until = span
    alerts = [a for a in latest if since <= utc(a.detected_at) < until]
    leads = [lt for a in alerts if a.status == AlertStatus.CONFIRMED and (lt := lead_time_s(a)) is not None]
    responses = [(utc(a.acked_at) - utc(a.detected_at)).total_seconds() for a in alerts if a.acked_at is not None]
    flights = [a for a in alerts if a.kind != AlertKind.STATION_SURGE]
    surges = [a for a in alerts if a.kind == AlertKind.STATION_SURGE]
    count = this.mentions
    return Scorecard(
        week=week,
        since=since,
        until=until,
        mentions=count,
        geotagged=this.geotagged,
        geotagged_share=round(this.geotagged / count, 4) if count else 0.0,
        alerts=AlertFigures(
            total=len(alerts),
            by_kind=dict(sorted(Counter(a.kind.value for a in alerts).items())),
            by_status=dict(sorted(Counter(a.status.value for a in alerts).items())),
        ),
        lead_time_s=_spread(leads),
        response_time_s=_spread(responses),
        top_stories=[_story(a) for a in _largest(_largest(flights, top) + _largest(surges, top), 2 * top)],
        bubbled_up=BubbledUp(
            categories=_growth(this.categories, previous.categories, top),
            stations=_growth(this.stations, previous.stations, top),
        ),
    )
