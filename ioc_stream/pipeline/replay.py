"""Backtest: JSONL posts and ops events through the Correlator in event-time order ("what would we have seen").

The loop (`Replayer`) is the reference the live worker is compared against: same engine, an in-memory
key -> state dict, each input's progress (correlate/progress.py) and a deadline heap for ticks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import orjson

from ioc_stream.alerts.correlator import Correlator
from ioc_stream.alerts.priority import Priorities
from ioc_stream.config import CorrelationConfig
from ioc_stream.correlate.keys import event_keys
from ioc_stream.correlate.progress import Progress
from ioc_stream.desk.reference import Desk
from ioc_stream.enrich import enrich
from ioc_stream.ingest.jsonl import LineError, M, parse_lines
from ioc_stream.models import Alert, EnrichedMention, OpsEvent, SocialMention
from ioc_stream.pipeline.deadlines import DeadlineIndex
from ioc_stream.pipeline.ordering import Event, order_events, order_key
from ioc_stream.pipeline.scheduled import with_schedule
from ioc_stream.pipeline.timeline import off_time_line
from ioc_stream.stats import percentiles

OnError = Callable[[str, LineError], None]
R = TypeVar("R", EnrichedMention, OpsEvent)


class Replayer:
    """Feeds events to a Correlator with in-memory state, ticking keys as the watermark passes their deadlines."""

    def __init__(self, correlator: Correlator, carrier: str | None = None) -> None:
        self.correlator = correlator
        self.carrier = carrier  # only this carrier's flights are keyed (None: every flight)
        self.states: dict[str, Any] = {}
        self._expiries, self._evictions = DeadlineIndex(), DeadlineIndex()
        self.progress = Progress()
        self._judged: int | None = None
        self._kept: int | None = None

    def watermark(self) -> int | None:
        """The judged watermark: alerts unconfirmed by then have expired."""
        return self._judged

    def feed(self, event: Event) -> list[Alert]:
        """Apply one event to each of its keys (after ticking whatever the new progress makes due)."""
        t, kind, _ = order_key(event)
        progress = self.progress.advanced("ops" if kind == 0 else "mentions", t)
        out = self._move(progress) if progress is not self.progress else []
        apply, progress = self.correlator.apply, self.progress
        for key in event_keys(event, self.carrier):
            state, alerts = apply(key, self.states.get(key), event, watermark=progress)
            self._store(key, state)
            out += alerts
        return out

    def finish(self, t: int) -> list[Alert]:
        """Both inputs read up to event time `t` (the end of a backtest): tick whatever that makes due."""
        return self._move(self.progress.merged(Progress(t, t)))

    def _move(self, progress: Progress) -> list[Alert]:
        """Take on new input progress and tick every key whose expiry or eviction it makes due."""
        self.progress = progress
        kept, judged = self.correlator.marks(progress)
        keys: list[str] = []
        if judged is not None and (self._judged is None or judged > self._judged):
            self._judged = judged
            keys = self._expiries.pop_due(judged)
        if kept is not None and (self._kept is None or kept > self._kept):
            self._kept = kept
            keys = list(dict.fromkeys([*keys, *self._evictions.pop_due(kept)]))
        out: list[Alert] = []
        for key in keys:
            state, alerts = self.correlator.tick(key, self.states.get(key), progress)
            self._store(key, state)
            out += alerts
        return out

    def _store(self, key: str, state: Any) -> None:
        if state is None:
            self.states.pop(key, None)
            self._expiries.schedule(key, None)
            self._evictions.schedule(key, None)
            return
        self.states[key] = state
        expiry, eviction = self.correlator.deadlines(state)
        self._expiries.schedule(key, expiry)
        self._evictions.schedule(key, eviction)

    def run(self, events: Iterable[Event]) -> Iterator[Alert]:
        """Feed events in the given order, yielding every alert state change."""
        for e in events:
            yield from self.feed(e)


@dataclass
class ReplayResult:
    """Every alert change, and what the summary needs."""

    alerts: list[Alert] = field(default_factory=list)
    mentions: int = 0
    ops_events: int = 0
    malformed: dict[str, int] = field(default_factory=lambda: {"mentions": 0, "ops": 0})
    counters: dict[str, int] = field(default_factory=dict)
    ops_first_lags: list[int] = field(default_factory=list)
    #: records refused as off their file's time line (pipeline/timeline.py), by input
    time_skew: dict[str, int] = field(default_factory=lambda: {"mentions": 0, "ops": 0})

    def final(self) -> dict[str, Alert]:
        """The latest version of each alert."""
        latest: dict[str, Alert] = {}
        for a in self.alerts:
            cur = latest.get(a.alert_id)
            if cur is None or a.version > cur.version:
                latest[a.alert_id] = a
        return latest

    def summary(self) -> dict[str, Any]:
        """The backtest summary: volumes, malformed lines, alerts by final status, lead times, ops-first."""
        final = self.final().values()
        leads = [a.lead_time_s for a in final if a.status == "CONFIRMED" and a.lead_time_s is not None]
        return {
            "mentions": self.mentions,
            "ops_events": self.ops_events,
            "malformed": self.malformed,
            "alerts": {
                "total": len(final),
                "by_status": dict(sorted(Counter(str(a.status) for a in final).items())),
                "by_kind": dict(sorted(Counter(str(a.kind) for a in final).items())),
            },
            "lead_time_s": {**percentiles(leads), "n": len(leads)},
            "ops_first": self.counters.get("ops_first", 0),
            "ops_first_lag_s": percentiles(self.ops_first_lags),
            "too_late": self.counters.get("late_dropped", 0),
            "time_skew": self.time_skew,
            "duplicates": self.counters.get("duplicates", 0),
            "retracted": self.counters.get("retracted", 0),
        }


def replay(
    mentions: Iterable[SocialMention | EnrichedMention],
    ops: Iterable[OpsEvent],
    config: CorrelationConfig | None = None,
    priorities: Priorities | None = None,
    carrier: str = "AA",
    on_alert: Callable[[Alert], None] | None = None,
    desk: Desk | None = None,
) -> ReplayResult:
    """Enrich (when raw), complete from the desk's schedule, order by event time and correlate (with the desk's
    units and impact table); the reusable backtest loop."""
    schedule = desk.schedule if desk else None
    config = config or CorrelationConfig()
    enriched = [
        with_schedule(m if isinstance(m, EnrichedMention) else enrich(m, carrier), schedule, carrier) for m in mentions
    ]
    ops = [with_schedule(o, schedule, carrier) for o in ops]
    result = ReplayResult(mentions=len(enriched), ops_events=len(ops))
    enriched, result.time_skew["mentions"] = _on_time_line(enriched, config.retention_s)
    ops, result.time_skew["ops"] = _on_time_line(ops, config.retention_s)
    correlator = Correlator(config, priorities, desk)
    for alert in Replayer(correlator, carrier).run(order_events(enriched, ops)):
        result.alerts.append(alert)
        if on_alert is not None:
            on_alert(alert)
    result.counters = correlator.counters.as_dict()
    result.ops_first_lags = list(correlator.counters.ops_first_lags)
    return result


def _on_time_line(records: list[R], retention_s: int) -> tuple[list[R], int]:
    """The records on their file's time line (pipeline/timeline.py), and how many were not."""
    off = off_time_line([order_key(r)[0] for r in records], retention_s)
    kept = [r for r, skewed in zip(records, off, strict=True) if not skewed]
    return kept, len(records) - len(kept)


def read_jsonl(lines: Iterable[bytes], model: type[M], name: str, on_error: OnError | None) -> tuple[list[M], int]:
    """Good records of a JSONL source and the count of malformed lines (each reported to `on_error`)."""
    good: list[M] = []
    bad = 0
    for item in parse_lines(lines, model):
        if isinstance(item, LineError):
            bad += 1
            if on_error is not None:
                on_error(name, item)
        else:
            good.append(item.value)
    return good, bad


def replay_records(
    mentions: Iterable[dict[str, Any]],
    ops: Iterable[dict[str, Any]],
    config: CorrelationConfig | None = None,
    priorities: Priorities | None = None,
    carrier: str = "AA",
    desk: Desk | None = None,
) -> ReplayResult:
    """Replay record dicts (e.g. from ioc_stream.simulate) exactly as the JSONL files would be."""
    m, bad_m = read_jsonl((orjson.dumps(r) for r in mentions), SocialMention, "mentions", None)
    o, bad_o = read_jsonl((orjson.dumps(r) for r in ops), OpsEvent, "ops", None)
    result = replay(m, o, config, priorities, carrier, desk=desk)
    result.malformed = {"mentions": bad_m, "ops": bad_o}
    return result
