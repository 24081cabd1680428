"""The correlation agent's pure core: apply a batch of keyed events to per-key state, tick what is due.

No Kafka here: state lives behind the small StateStore protocol (a Faust table in the worker, a dict in
tests), so the same code runs live and under test. Per partition, events are applied in log order and
the watermark (max event time seen - allowed lateness) advances event by event, ticking due keys
before the event that moved it, so the result depends only on each partition's event order, never on
batch boundaries, timers, or a crash and restart in between.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, cast

import orjson

from ioc_stream.models import Alert
from ioc_stream.pipeline.deadlines import DeadlineIndex
from ioc_stream.pipeline.envelope import Envelope
from ioc_stream.pipeline.partitions import is_watermark_key, partition_for, watermark_key


class StateStore(Protocol):
    """Bytes per state key; `put(key, None)` deletes."""

    def get(self, key: str) -> bytes | None: ...
    def put(self, key: str, value: bytes | None) -> None: ...
    def keys(self) -> Iterable[str]: ...


class DictStore(dict[str, bytes]):
    """A StateStore over a plain dict (tests, benchmarks, replay-like runs)."""

    def put(self, key: str, value: bytes | None) -> None:
        if value is None:
            self.pop(key, None)
        else:
            self[key] = value


@dataclass(slots=True)
class Item:
    """One keyed event to apply; `ref` is whatever the shell needs to dead-letter it (the Kafka event)."""

    key: str
    envelope: Envelope
    ref: Any = None


@dataclass(slots=True)
class Outcome:
    """What a batch produced: alert changes (with the wall time their cause entered Kafka) and failures."""

    alerts: list[tuple[Alert, float | None]] = field(default_factory=list)
    failures: list[tuple[Item | str, Exception]] = field(default_factory=list)
    applied: int = 0
    ticked: int = 0

    def extend(self, other: Outcome) -> None:
        self.alerts += other.alerts
        self.failures += other.failures
        self.applied += other.applied
        self.ticked += other.ticked


@dataclass(slots=True)
class Clock:
    """Per-partition event-time progress and the keys waiting for it."""

    watermark: float | None = None
    deadlines: DeadlineIndex = field(default_factory=DeadlineIndex)


def next_tick_of(correlator: Any) -> Callable[[Any], float | None]:
    """A deadline policy from the engine: the watermark at which tick() next has work."""
    from ioc_stream.correlate.times import epoch

    def deadline(state: Any) -> float | None:
        when = correlator.next_tick(state)
        return None if when is None else epoch(when)

    return deadline


def _as_dt(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


class KeyedProcessor:
    """Applies keyed events with a Correlator over a StateStore, partition by partition."""

    def __init__(
        self,
        correlator: Any,
        state_type: Any,
        store: StateStore,
        *,
        partitions: int,
        lateness_s: float,
        deadline_of: Callable[[Any], float | None] | None = None,
    ) -> None:
        self.correlator = correlator
        self.state_type = state_type
        self.store = store
        self.partitions = partitions
        self.lateness_s = lateness_s
        self.deadline_of = deadline_of or next_tick_of(correlator)
        self.clocks: dict[int, Clock] = {}

    # -- the batch -------------------------------------------------------------------------------
    def process(self, partition: int, items: Iterable[Item]) -> Outcome:
        """Apply `items` (one partition, log order); each touched key is read once and written once."""
        clock = self.clocks.setdefault(partition, Clock())
        states: dict[str, Any] = {}
        out = Outcome()
        wm_before = clock.watermark
        wm_dt = _as_dt(clock.watermark) if clock.watermark is not None else None
        for item in items:
            t = item.envelope.event_time
            if t is not None and (clock.watermark is None or t - self.lateness_s > clock.watermark):
                clock.watermark = t - self.lateness_s
                wm_dt = _as_dt(clock.watermark)
                self._tick_due(clock, wm_dt, states, out)
            key = item.key
            state = states[key] if key in states else self._load(key)
            try:
                state, alerts = self.correlator.apply(key, state, item.envelope.record, watermark=wm_dt)
                clock.deadlines.schedule(key, self.deadline_of(state) if state is not None else None)
            except Exception as exc:  # one bad event must not stop the partition
                out.failures.append((item, exc))
                states.setdefault(key, state)
                continue
            states[key] = state
            out.applied += 1
            ts = item.envelope.ts
            out.alerts.extend((alert, ts) for alert in alerts)
        self._save(states)
        if clock.watermark != wm_before and clock.watermark is not None:
            self.store.put(watermark_key(partition, self.partitions), orjson.dumps(clock.watermark))
        return out

    def tick(self, partition: int) -> Outcome:
        """Tick the keys of `partition` already due at its watermark (after a rebuild, or from a timer)."""
        clock = self.clocks.get(partition)
        out = Outcome()
        if clock is None or clock.watermark is None:
            return out
        states: dict[str, Any] = {}
        self._tick_due(clock, _as_dt(clock.watermark), states, out)
        self._save(states)
        return out

    # -- recovery --------------------------------------------------------------------------------
    def rebuild(self, assigned: Iterable[int]) -> int:
        """Reset clocks for `assigned` partitions from the store (after recovery or a rebalance).

        Returns how many keys were indexed; keys of other partitions are ignored.
        """
        wanted = set(assigned)
        self.clocks = {p: Clock() for p in wanted}
        indexed = 0
        for key in list(self.store.keys()):
            p = partition_for(key, self.partitions)
            if p not in wanted:
                continue
            raw = self.store.get(key)
            if raw is None:
                continue
            if is_watermark_key(key):
                self.clocks[p].watermark = float(orjson.loads(raw))
                continue
            try:
                deadline = self.deadline_of(self.state_type.from_bytes(raw))
            except Exception:  # an unreadable state is ticked (and so reported) at once
                deadline = float("-inf")
            self.clocks[p].deadlines.schedule(key, deadline)
            indexed += 1
        return indexed

    # -- helpers ---------------------------------------------------------------------------------
    def _load(self, key: str) -> Any:
        raw = self.store.get(key)
        return self.state_type.from_bytes(raw) if raw is not None else None

    def _tick_due(self, clock: Clock, wm_dt: datetime, states: dict[str, Any], out: Outcome) -> None:
        for key in clock.deadlines.pop_due(cast(float, clock.watermark)):  # set before any tick
            try:
                state = states[key] if key in states else self._load(key)
                state, alerts = self.correlator.tick(key, state, wm_dt)
                clock.deadlines.schedule(key, self.deadline_of(state) if state is not None else None)
            except Exception as exc:
                out.failures.append((key, exc))
                continue
            states[key] = state
            out.ticked += 1
            out.alerts.extend((alert, None) for alert in alerts)

    def _save(self, states: dict[str, Any]) -> None:
        put = self.store.put
        for key, state in states.items():
            put(key, state.to_bytes() if state is not None else None)
