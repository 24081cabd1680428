"""The correlation engine: applies one event to one key's state and returns the new state and any alert changes.

Pure and deterministic: no I/O, no wall clock, no randomness. The shells (replay loop, Kafka worker)
own the key -> state mapping and each input's event-time progress (correlate/progress.py), from which
the engine derives the judged watermark (expiry) and the kept watermark (lateness, eviction).

Choices worth knowing (every number is in CorrelationConfig):
- A post counts when it reports something happening now (first-hand or relayed, not a question or talk),
  under its primary category and every other operational one it reports with at least
  `category_min_confidence`; non-operational categories are ignored.
- Decisions use event times, so arrival order changes versions, not outcomes: an alert is detected at
  the event time its evidence first justified it (2 distinct authors within 30 min, or one onboard
  high-severity report); an ops event reported by then (within the 6 h lookback) means ops knew first
  (no alert, or RETRACTED if it came late); one reported later CONFIRMS, lead = reported_at - first post.
- A station-level event covers a surge only if it is in STATION_COVERING and compatible with the
  surge's category (a ground stop explains queues and delays, not a medical emergency).
- Too late = older than the key's kept watermark (the slower input's progress, at most `retention_s`
  behind the faster); state is kept past each window until that watermark passes. An ops event that
  comes after its alert EXPIRED (a lagging feed catching up) still confirms or retracts it.
- A repeated event id with the same content is a duplicate (ignored); with other content it is a
  Conflict (raised: the shell dead-letters it), never silently dropped.
- Posts that add nothing news-worthy are held and shown with the next version, so one
  (alert_id, version) always shows the same content (consumers de-duplicate on it).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from datetime import datetime

from ioc_stream.config import CorrelationConfig
from ioc_stream.correlate import flight, surge
from ioc_stream.correlate.counters import Counters
from ioc_stream.correlate.keys import FLIGHT
from ioc_stream.correlate.lifecycle import act, expire, flush_held
from ioc_stream.correlate.matching import RELEVANT_TYPES
from ioc_stream.correlate.posts import counted_categories, severity, to_post
from ioc_stream.correlate.progress import Progress
from ioc_stream.correlate.state import AlertRec, KeyState, OpsRec
from ioc_stream.correlate.times import epoch, utc
from ioc_stream.desk.reference import Desk
from ioc_stream.models import Alert, AlertAction, EnrichedMention, OpsEvent
from ioc_stream.taxonomy import STATION_COVERING

Event = EnrichedMention | OpsEvent | AlertAction
Watermark = datetime | Progress
#: Renders an alert record's current version; the second argument: False while the ops feed keeps up, else the
#: ops feed's latest event time when it was judged (None: nothing read yet). alerts/correlator.py supplies it.
Render = Callable[[AlertRec, "int | bool | None"], Alert]


class Conflict(ValueError):
    """An event id seen before with other content: the later copy is refused, with both sums."""


def content_sum(event: EnrichedMention | OpsEvent) -> int:
    """A stable sum of what makes an event what it is (not its enrichment), to tell a copy from a conflict."""
    if isinstance(event, OpsEvent):
        e = event
        text = f"{e.type}|{e.carrier}|{e.flight_number}|{e.station}|{e.occurred_at}|{e.reported_at}"
    else:
        text = f"{event.author.handle}|{event.created_at}|{event.text}"
    return zlib.crc32(text.encode())


class CorrelationEngine:
    """Social-first detection for flights and station surges; one instance per process, state per key.

    `render` turns an alert record into the published Alert (the shells run alerts.correlator.Correlator,
    which supplies the bridge's renderer: this layer never imports the one above it)."""

    __slots__ = ("config", "render_alert", "desk", "counters", "_keep_alert_s", "_last_wm", "_silent_as_of")

    def __init__(self, config: CorrelationConfig, render: Render, desk: Desk | None = None) -> None:
        self.config = config
        self.render_alert = render
        self.desk = desk  # schedule, units, impact table: alerts' leg, unit and impact; CONNECTION_RISK
        self.counters = Counters()
        self._keep_alert_s = max(config.match_window_s, config.expire_after_s)
        self._last_wm: tuple[Watermark, int | None, int | None, int | bool | None] | None = None
        self._silent_as_of: int | bool | None = False  # False: the ops feed keeps up; else as of when (None: never)

    def _marks(self, watermark: Watermark) -> tuple[int | None, int | None]:
        """(kept, judged) epoch seconds of a watermark; the shells pass the same object for many events in a row.

        A datetime is one watermark for both inputs (a single ordered stream); a Progress is each input's.
        """
        last = self._last_wm
        if last is not None and last[0] is watermark:
            self._silent_as_of = last[3]
            return last[1], last[2]
        c = self.config
        if isinstance(watermark, Progress):
            kept = watermark.kept(c.allowed_lateness_s, c.retention_s)
            judged = watermark.judged(c.allowed_lateness_s, c.idle_after_s)
            silent: int | bool | None = watermark.ops if watermark.ops_silent(c.idle_after_s) else False
        else:
            kept = judged = epoch(watermark)
            silent = False
        self._last_wm = (watermark, kept, judged, silent)
        self._silent_as_of = silent
        return kept, judged

    def marks(self, watermark: Watermark) -> tuple[int | None, int | None]:
        """(kept, judged) watermarks in epoch seconds: the scales of deadlines()' eviction and expiry."""
        return self._marks(watermark)

    # -- the API the shells call -------------------------------------------------------------

    def apply(
        self, key: str, state: KeyState | None, event: Event, watermark: Watermark | None = None
    ) -> tuple[KeyState | None, list[Alert]]:
        """Apply `event` to the state under `key`; returns the new state (None if empty) and alert changes.

        Re-applying an event already applied changes nothing and returns the current version of the
        alerts it is part of; the same id with other content raises Conflict (state unchanged). An event
        older than the key's kept watermark is counted as too late and dropped.
        """
        out: list[Alert] = []
        kind = type(event)
        is_ops = kind is OpsEvent or (kind is not EnrichedMention and isinstance(event, OpsEvent))
        if is_ops and (
            event.type not in (RELEVANT_TYPES if key.startswith(FLIGHT) else STATION_COVERING)  # type: ignore[union-attr]
            or event.details.get("status") == "ended"  # type: ignore[union-attr]  # a program's end is not the program
        ):
            self.counters.ops_events += 1
            return state, out  # status noise (DEPARTED, ON_TIME, GATE_CHANGE) never touches state
        if state is None:
            state = KeyState()
        if watermark is not None:
            self._advance(state, *self._marks(watermark), out)
        else:
            self._silent_as_of = False
        if is_ops:
            self._on_ops(key, state, event, out)  # type: ignore[arg-type]
        elif kind is EnrichedMention or not isinstance(event, AlertAction):
            self._on_mention(key, state, event, out)  # type: ignore[arg-type]
        else:
            self._on_action(state, event, out)
        if state.empty():
            return None, out
        if state.evict_at is None:
            base = state.floor if state.floor is not None else max(state.seen.values(), default=0)
            state.evict_at = base + self.config.author_window_s
        return state, out

    def tick(self, key: str, state: KeyState | None, watermark: Watermark) -> tuple[KeyState | None, list[Alert]]:
        """Advance the key to `watermark`: expire unconfirmed alerts and evict what no window needs."""
        if state is None:
            return None, []
        out: list[Alert] = []
        self._advance(state, *self._marks(watermark), out)
        if state.empty():
            self.counters.evicted_keys += 1
            return None, out
        return state, out

    def next_tick(self, state: KeyState | None) -> datetime | None:
        """The watermark at which tick() next has work (an expiry or an eviction), both inputs in step."""
        expiry, eviction = self.deadlines(state)
        times = [t for t in (expiry, eviction) if t is not None]
        return utc(min(times)) if times else None

    def deadlines(self, state: KeyState | None) -> tuple[int | None, int | None]:
        """When tick() next has work: (the judged watermark of the next expiry, the kept watermark of the next
        eviction); the shells keep one deadline index for each scale (they differ while an input lags)."""
        if state is None:
            return None, None
        live = [rec.first_t + self.config.expire_after_s for rec in state.alerts.values() if rec.live]
        return (min(live) if live else None), state.evict_at

    # -- events --------------------------------------------------------------------------------

    def _render(self, rec: AlertRec) -> Alert:
        silent = self._silent_as_of if rec.kind != "CONNECTION_RISK" else False  # risk comes from the ops feed
        return self.render_alert(rec, silent)

    def _emitter(self, out: list[Alert]) -> Callable[[AlertRec], None]:
        cap = self.config.evidence_cap

        def emit(rec: AlertRec) -> None:
            flush_held(rec, cap)
            rec.version += 1
            rec.emitted_authors = len(rec.authors)
            out.append(self._render(rec))

        return emit

    def _replayed(self, state: KeyState, event: EnrichedMention | OpsEvent, event_id: str, out: list[Alert]) -> bool:
        """True (and the current alerts it touched in `out`) when this event was applied before; raises
        Conflict when the id was seen with other content."""
        touched = [rec for rec in state.alerts.values() if event_id in rec.members]
        if event_id not in state.seen and not touched:
            return False
        known = state.sums.get(event_id)
        if known is not None and known != content_sum(event):
            self.counters.conflicts += 1
            raise Conflict(
                f"id {event_id!r} seen before with other content (sum {known:08x}, now {content_sum(event):08x})"
            )
        self.counters.duplicates += 1
        out.extend(self._render(rec) for rec in touched)
        return True

    def _late(self, state: KeyState, t: int, counter: str) -> bool:
        if state.floor is not None and t < state.floor:
            self.counters.late_dropped += 1
            setattr(self.counters, counter, getattr(self.counters, counter) + 1)
            return True
        return False

    def _on_mention(self, key: str, state: KeyState, m: EnrichedMention, out: list[Alert]) -> None:
        counted = counted_categories(m.incident, self.config.category_min_confidence)
        if not counted or self._replayed(state, m, m.id, out):
            return
        post = to_post(m)
        if self._late(state, post.t, "late_mentions"):
            return
        self.counters.mentions += 1
        state.seen[m.id] = post.t
        state.sums[m.id] = content_sum(m)
        subject = key[2:]
        rules = flight if key.startswith(FLIGHT) else surge
        emit = self._emitter(out)
        for category in counted:
            name = str(category)
            one = post if name == post.counted_as else post.counting_as(name, severity(name, post.onboard))
            rules.on_post(state, subject, name, one, self.config, self.counters, emit)

    def _on_ops(self, key: str, state: KeyState, e: OpsEvent, out: list[Alert]) -> None:
        if self._replayed(state, e, e.event_id, out):
            return
        t = epoch(e.reported_at)
        if self._late(state, t, "late_ops"):
            return
        self.counters.ops_events += 1
        if state.judged is not None and t < state.judged:
            self.counters.ops_after_judgement += 1  # the feed lagged: it may still confirm what expired
        state.seen[e.event_id] = t
        state.sums[e.event_id] = content_sum(e)
        ops = OpsRec(e.event_id, str(e.type), epoch(e.occurred_at), t, e.station, dict(e.details))
        state.ops.append(ops)
        emit = self._emitter(out)
        if key.startswith(FLIGHT):
            flight.on_ops(state, key[2:], ops, self.config, self.counters, emit)
        else:
            surge.on_ops(state, ops, self.config, self.counters, emit)
        if self.desk is not None and key.startswith(FLIGHT):
            flight.on_risk(state, key[2:], e, ops, self.desk, emit)

    def _on_action(self, state: KeyState, a: AlertAction, out: list[Alert]) -> None:
        self.counters.actions += 1
        rec = state.alerts.get(a.alert_id)
        if rec is None:
            self.counters.orphan_actions += 1
            return
        if a.action_id in rec.members:
            self.counters.duplicates += 1
        elif act(rec, a):
            self._emitter(out)(rec)
            return
        out.append(self._render(rec))  # nothing new: the current one

    # -- time ----------------------------------------------------------------------------------

    def _advance(self, state: KeyState, kept: int | None, judged: int | None, out: list[Alert]) -> None:
        if judged is not None and (state.judged is None or judged > state.judged):
            state.judged = judged
            if state.alerts:
                emit = None
                for rec in state.alerts.values():
                    if rec.live and expire(rec, judged, self.config):
                        emit = emit or self._emitter(out)
                        emit(rec)
        if kept is not None and (state.floor is None or kept > state.floor):
            state.floor = kept
            if state.evict_at is not None and kept >= state.evict_at:
                self._evict(state, kept)

    def _evict(self, state: KeyState, w: int) -> None:
        """Drop what no event at or after watermark `w` can need; note when the next drop is due."""
        c = self.config
        aw, lookback, keep = c.author_window_s, c.ops_lookback_s, self._keep_alert_s
        due: list[int] = []
        state.seen = {k: t for k, t in state.seen.items() if t >= w}
        state.sums = {k: v for k, v in state.sums.items() if k in state.seen}
        if state.seen:
            due.append(min(state.seen.values()) + 1)
        for category in list(state.pending):
            posts = [p for p in state.pending[category] if p.t >= w - aw]
            state.set_pending(category, posts)
            if posts:
                due.append(min(p.t for p in posts) + aw + 1)
        state.ops = [o for o in state.ops if o.reported >= w - lookback]
        due.extend(o.reported + lookback + 1 for o in state.ops)
        for aid in [aid for aid, rec in state.alerts.items() if not rec.live and rec.first_t + keep < w]:
            del state.alerts[aid]
        due.extend(rec.first_t + keep + 1 for rec in state.alerts.values())
        oldest = w // c.surge_bucket_s - c.surge_baseline_buckets
        for category in list(state.buckets):
            buckets = {b: k for b, k in state.buckets[category].items() if b >= oldest}
            if buckets:
                state.buckets[category] = buckets
                due.append((min(buckets) + c.surge_baseline_buckets + 1) * c.surge_bucket_s)
            else:
                del state.buckets[category]
        state.evict_at = max(w + aw, min(due)) if due else None
