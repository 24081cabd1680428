"""The materialised view of `ioc.alerts`: highest version per alert, local actions on top, a change log for SSE."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ioc_stream.alerts.actions import apply_action, is_reflected
from ioc_stream.alerts.authors import AuthorBook
from ioc_stream.models import Alert, AlertAction, AlertKind, AlertStatus
from ioc_stream.taxonomy import Category

#: Statuses after which detection is over; such alerts age out of the view.
TERMINAL: frozenset[AlertStatus] = frozenset({AlertStatus.CONFIRMED, AlertStatus.RETRACTED, AlertStatus.EXPIRED})
#: Statuses the bridge still has to look at.
LIVE: frozenset[AlertStatus] = frozenset({AlertStatus.OPEN, AlertStatus.ESCALATED})


def utc(dt: datetime) -> datetime:
    """`dt` as an aware UTC datetime (naive values are taken to be UTC)."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def is_terminal(alert: Alert) -> bool:
    """Detection is over (confirmed, retracted, expired) or a person resolved it."""
    return alert.status in TERMINAL or alert.resolved_at is not None


@dataclass(frozen=True, slots=True)
class AlertQuery:
    """Filters of GET /api/alerts; empty fields match everything."""

    statuses: frozenset[AlertStatus] = frozenset()
    station: str | None = None
    flight: str | None = None
    category: Category | None = None
    since: datetime | None = None
    limit: int = 100
    unit: str | None = None
    kind: AlertKind | None = None

    def matches(self, alert: Alert) -> bool:
        """True when `alert` passes every filter that is set (a unit matches every alert that goes to it)."""
        if self.statuses and alert.status not in self.statuses:
            return False
        if self.category and alert.category != self.category:
            return False
        if self.kind and alert.kind != self.kind:
            return False
        if self.unit and self.unit.casefold() not in {u.casefold() for u in alert.units}:
            return False
        if self.flight and (alert.flight or "").upper() != self.flight.upper().replace(" ", ""):
            return False
        if self.station:
            code = self.station.upper()
            if alert.station != code and all(e.station != code for e in alert.evidence):
                return False
        return not (self.since and utc(alert.updated_at) < utc(self.since))


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of the change log: the SSE event id and the alert as it stood after the change."""

    seq: int
    alert: Alert


@dataclass
class AlertStore:
    """Alerts by id (highest worker version wins; people's local actions re-applied until the worker has them).

    Memory is bounded: terminal alerts older than `retention` are dropped, the change log keeps `history`
    entries. The API starts `seq` from the clock (serve.app.clock_seq) so SSE ids keep growing across restarts.
    `authors` keeps who wrote the posts: their earlier posts and the loyalty ids direct messages linked to them.
    """

    retention: timedelta = timedelta(days=7)
    history: int = 5_000
    seq: int = 0
    on_change: Callable[[], None] | None = None
    authors: AuthorBook = field(default_factory=AuthorBook)
    alerts: dict[str, Alert] = field(default_factory=dict)
    _worker: dict[str, Alert] = field(default_factory=dict)
    _pending: dict[str, dict[str, AlertAction]] = field(default_factory=dict)
    _applied: dict[str, set[str]] = field(default_factory=dict)
    _log: deque[Change] = field(default_factory=deque)
    _floor: int = 0

    def __post_init__(self) -> None:
        self._floor = self.seq

    def __len__(self) -> int:
        return len(self.alerts)

    def get(self, alert_id: str) -> Alert | None:
        """The current view of one alert."""
        return self.alerts.get(alert_id)

    def upsert(self, alert: Alert) -> Change | None:
        """Take a version from `ioc.alerts`; None when it is not newer than what we hold."""
        held = self._worker.get(alert.alert_id)
        if held is not None and held.version >= alert.version:
            return None
        self._worker[alert.alert_id] = alert
        pending = self._pending.get(alert.alert_id, {})
        for action_id, action in list(pending.items()):
            if is_reflected(alert, action):
                del pending[action_id]
            else:
                alert = apply_action(alert, action)
        if not pending:
            self._pending.pop(alert.alert_id, None)
        return self._record(alert)

    def already(self, action: AlertAction) -> bool:
        """True when this action_id was applied here before (a retry)."""
        return action.action_id in self._applied.get(action.alert_id, ())

    def act(self, action: AlertAction) -> tuple[Alert, bool]:
        """Apply a person's action locally now; returns (alert, fresh), fresh False for a repeated action_id."""
        alert = self.alerts[action.alert_id]
        applied = self._applied.setdefault(action.alert_id, set())
        if action.action_id in applied:
            return alert, False
        applied.add(action.action_id)
        updated = apply_action(alert, action)
        if updated is not alert:
            self._pending.setdefault(action.alert_id, {})[action.action_id] = action
            self._record(updated)
        return updated, True

    def query(self, q: AlertQuery) -> list[Alert]:
        """Alerts matching `q`, newest detection first, at most `q.limit`."""
        hits = (a for a in self.alerts.values() if q.matches(a))
        return sorted(hits, key=lambda a: (utc(a.detected_at), a.alert_id), reverse=True)[: q.limit]

    def changes_after(self, seq: int) -> list[Change] | None:
        """Changes with ids above `seq`, or None when `seq` is older than the log (or not ours): resync."""
        if seq < self._floor or seq > self.seq:
            return None
        return [c for c in self._log if c.seq > seq]

    def prune(self, now: datetime) -> int:
        """Drop terminal alerts last updated before now - retention; returns how many went."""
        cutoff = utc(now) - self.retention
        stale = [i for i, a in self.alerts.items() if is_terminal(a) and utc(a.updated_at) < cutoff]
        for alert_id in stale:
            for table in (self.alerts, self._worker, self._pending, self._applied):
                table.pop(alert_id, None)
        return len(stale)

    def all(self) -> Iterable[Alert]:
        """Every alert in the view."""
        return self.alerts.values()

    def _record(self, alert: Alert) -> Change:
        self.alerts[alert.alert_id] = alert
        self.seq += 1
        change = Change(self.seq, alert)
        self._log.append(change)
        while len(self._log) > self.history:
            self._floor = self._log.popleft().seq
        if self.on_change:
            self.on_change()
        return change
