"""What the API keeps to serve weekly scorecards, bounded: a tally of posts per local day and the latest version
of each alert without its evidence, for `days` days (21: this week, the last one, and the one before it, which
the last one's "bubbled up" compares with). Pure: the shell feeds it and says what time it is."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo

from ioc_stream.alerts.store import utc
from ioc_stream.models import Alert, EnrichedMention
from ioc_stream.reports.scorecard import Scorecard, Tally, figures, iso_week

#: Distinct stations a day's tally counts (the long tail of geotags is not news).
STATION_CAP = 2_000


class WeekOutOfReach(ValueError):
    """The week starts before what the archive holds (or after now); says what it holds."""


def week_of(t: datetime, tz: tzinfo = UTC) -> str:
    """The ISO week containing `t` in `tz`: "2026-W47"."""
    year, week, _ = t.astimezone(tz).isocalendar()
    return f"{year}-W{week:02d}"


class WeekArchive:
    """Daily post tallies (the local days of `tz`) and the latest version of each alert, for `days` days.

    At most `days` + 1 daily tallies and `max_alerts` alerts are held whatever the clock says; `prune(now)` drops
    alerts detected before the horizon.
    """

    def __init__(self, tz: tzinfo = UTC, days: int = 21, max_alerts: int = 50_000) -> None:
        self.tz = tz
        self.days = days
        self.max_alerts = max_alerts
        self._tallies: dict[date, Tally] = {}
        self._alerts: dict[str, Alert] = {}

    def __len__(self) -> int:
        return len(self._alerts)

    def _day(self, t: datetime) -> date:
        return utc(t).astimezone(self.tz).date()

    def add_mention(self, m: EnrichedMention) -> None:
        """Count a post under its local day; a day older than every one held once the table is full is dropped."""
        day = self._day(m.created_at)
        tally = self._tallies.get(day)
        if tally is None:
            if len(self._tallies) > self.days and day < min(self._tallies):
                return
            tally = self._tallies[day] = Tally()
            while len(self._tallies) > self.days + 1:
                del self._tallies[min(self._tallies)]
        tally.add(m, STATION_CAP)

    def add_alert(self, alert: Alert) -> None:
        """Keep the alert's highest version, without its evidence and notes (the scorecard reads neither)."""
        held = self._alerts.get(alert.alert_id)
        if held is not None and held.version >= alert.version:
            return
        self._alerts[alert.alert_id] = alert.model_copy(update={"evidence": [], "notes": []})
        if len(self._alerts) > self.max_alerts:
            oldest = min(self._alerts.values(), key=lambda a: (utc(a.detected_at), a.alert_id))
            del self._alerts[oldest.alert_id]

    def prune(self, now: datetime) -> None:
        """Forget the days and alerts before the horizon (`days` days before `now`)."""
        horizon = self.horizon(now)
        for day in [d for d in self._tallies if d < horizon.date()]:
            del self._tallies[day]
        for alert_id in [i for i, a in self._alerts.items() if utc(a.detected_at) < horizon]:
            del self._alerts[alert_id]

    def horizon(self, now: datetime) -> datetime:
        """Local midnight `days` days before `now`: what the archive reaches back to."""
        day = self._day(now) - timedelta(days=self.days)
        return datetime(day.year, day.month, day.day, tzinfo=self.tz)

    def _tally(self, since: datetime, until: datetime) -> Tally:
        out = Tally()
        for day, tally in self._tallies.items():
            if since.date() <= day < until.date():
                out += tally
        return out

    def scorecard(self, week: str, now: datetime, top: int = 5) -> Scorecard:
        """The scorecard of `week` (ValueError for a bad week, WeekOutOfReach when not held: older, or not begun)."""
        since, until = iso_week(week, self.tz)
        before = since - timedelta(days=7)
        first = self.horizon(now) + timedelta(days=7)  # the week before it must be held too
        if since < first or since > utc(now):
            first_week = week_of(first + timedelta(days=(7 - first.weekday()) % 7), self.tz)
            raise WeekOutOfReach(
                f"{week} is not held: the API keeps {self.days} days ({first_week} to {week_of(now, self.tz)});"
                " older weeks: `ioc-stream report weekly` over the files"
            )
        latest: Iterable[Alert] = self._alerts.values()
        return figures(week, (since, until), self._tally(since, until), self._tally(before, since), latest, top)
