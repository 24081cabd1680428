"""The correlation agent's pure core: apply a batch of keyed events to per-key state, tick what is due.

No Kafka here: state lives behind the small StateStore protocol (a Faust table in the worker, a dict in
tests), so the same code runs live and under test. Per partition, events are applied in log order and
each input's progress (latest post time, latest ops time: correlate/progress.py) advances event by
event, ticking due keys before the event that moved it, so the result depends only on each
partition's event order, never on batch boundaries, timers, or a crash and restart in between.

A stored state that cannot be decoded (corrupt, or from a newer version) is quarantined: the key
starts fresh and the bytes are handed to the shell (Outcome.quarantined) to dead-letter with the key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson

from ioc_stream.correlate.progress import Progress
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
    #: (key, stored bytes, why) of states that could not be decoded: the key started fresh
    quarantined: list[tuple[str, bytes, Exception]] = field(default_factory=list)
    applied: int = 0
    ticked: int = 0

    def extend(self, other: Outcome) -> None:
        self.alerts += other.alerts
        self.failures += other.failures
        self.quarantined += other.quarantined
        self.applied += other.applied
        self.ticked += other.ticked


@dataclass(slots=True)
class Clock:
    """Per-partition event-time progress of each input, its judged watermark, and the keys waiting for it."""

    progress: Progress = field(default_factory=Progress)
    watermark: float | None = None  # the judged watermark: expiries are due by it
    kept: float | None = None  # the kept watermark: evictions are due by it
    deadlines: DeadlineIndex = field(default_factory=DeadlineIndex)  # expiries
    evictions: DeadlineIndex = field(default_factory=DeadlineIndex)

    def move_to(self, marks: tuple[int | None, int | None]) -> bool:
        """Take on the (kept, judged) watermarks where they are later; True when either moved."""
        kept, judged = marks
        moved = False
        if judged is not None and (self.watermark is None or judged > self.watermark):
            self.watermark, moved = judged, True
        if kept is not None and (self.kept is None or kept > self.kept):
            self.kept, moved = kept, True
        return moved

    def due(self) -> list[str]:
        """Keys with an expiry or an eviction due, each once, earliest first."""
        keys = self.deadlines.pop_due(self.watermark) if self.watermark is not None else []
        if self.kept is not None:
            keys = list(dict.fromkeys([*keys, *self.evictions.pop_due(self.kept)]))
        return keys

    def schedule(self, key: str, deadlines: tuple[float | None, float | None]) -> None:
        """Index the key's next expiry and eviction (None drops either)."""
        self.deadlines.schedule(key, deadlines[0])
        self.evictions.schedule(key, deadlines[1])


_INPUT = {"m": "mentions", "o": "ops"}


def progress_bytes(progress: Progress) -> bytes:
    """How a partition's progress is stored under its watermark key."""
    return orjson.dumps({"m": progress.mentions, "o": progress.ops})


def progress_from(raw: bytes, lateness_s: int) -> Progress:
    """The inverse of progress_bytes; a bare number (format 1: one watermark, the latest event time of either input
    minus the allowed lateness) reads as both inputs at that latest time."""
    d = orjson.loads(raw)
    if isinstance(d, dict):
        return Progress(d.get("m"), d.get("o"))
    t = int(d) + lateness_s
    return Progress(t, t)


class KeyedProcessor:
    """Applies keyed events with a Correlator over a StateStore, partition by partition."""

    def __init__(
        self,
        correlator: Any,
        state_type: Any,
        store: StateStore,
        *,
        partitions: int,
    ) -> None:
        self.correlator = correlator
        self.state_type = state_type
        self.store = store
        self.partitions = partitions
        self.clocks: dict[int, Clock] = {}

    # -- the batch -------------------------------------------------------------------------------
    def process(self, partition: int, items: Iterable[Item]) -> Outcome:
        """Apply `items` (one partition, log order); each touched key is read once and written once."""
        clock = self.clocks.setdefault(partition, Clock())
        states: dict[str, Any] = {}
        out = Outcome()
        before = clock.progress
        for item in items:
            t = item.envelope.event_time
            if t is not None:
                progress = clock.progress.advanced(_INPUT[item.envelope.kind], t)
                if progress is not clock.progress:
                    clock.progress = progress
                    if clock.move_to(self.correlator.marks(progress)):
                        self._tick_due(clock, states, out)
            key = item.key
            try:
                state = states[key] if key in states else self._load(key, out)
                state, alerts = self.correlator.apply(key, state, item.envelope.record, watermark=clock.progress)
                clock.schedule(key, self.correlator.deadlines(state))
            except Exception as exc:  # one bad event must not stop the partition
                out.failures.append((item, exc))
                states.setdefault(key, state)
                continue
            states[key] = state
            out.applied += 1
            ts = item.envelope.ts
            out.alerts.extend((alert, ts) for alert in alerts)
        self._save(states)
        if clock.progress != before:
            self.store.put(watermark_key(partition, self.partitions), progress_bytes(clock.progress))
        return out

    def tick(self, partition: int) -> Outcome:
        """Tick the keys of `partition` already due at its watermark (after a rebuild, or from a timer)."""
        clock = self.clocks.get(partition)
        out = Outcome()
        if clock is None:
            return out
        states: dict[str, Any] = {}
        self._tick_due(clock, states, out)
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
                clock = self.clocks[p]
                clock.progress = progress_from(raw, self.correlator.config.allowed_lateness_s)
                clock.move_to(self.correlator.marks(clock.progress))
                continue
            try:
                deadlines: tuple[float | None, float | None] = self.correlator.deadlines(
                    self.state_type.from_bytes(raw)
                )
            except Exception:  # an unreadable state is ticked (so quarantined and reported) at once
                deadlines = (float("-inf"), None)
            self.clocks[p].schedule(key, deadlines)
            indexed += 1
        return indexed

    # -- helpers ---------------------------------------------------------------------------------
    def _load(self, key: str, out: Outcome) -> Any:
        """The key's state, or None (a fresh start) when there is none or it cannot be decoded (quarantined)."""
        raw = self.store.get(key)
        if raw is None:
            return None
        try:
            return self.state_type.from_bytes(raw)
        except Exception as exc:  # never crash-loop on state: hand the bytes over, start the key afresh
            out.quarantined.append((key, raw, exc))
            self.store.put(key, None)
            return None

    def _tick_due(self, clock: Clock, states: dict[str, Any], out: Outcome) -> None:
        progress = clock.progress
        for key in clock.due():
            try:
                state = states[key] if key in states else self._load(key, out)
                state, alerts = self.correlator.tick(key, state, progress)
                clock.schedule(key, self.correlator.deadlines(state))
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
