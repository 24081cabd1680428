"""Routing: a raw input message in, validated + enriched + re-keyed envelopes out (pure, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass

from ioc_stream.correlate.keys import event_keys
from ioc_stream.correlate.times import epoch
from ioc_stream.enrich import enrich
from ioc_stream.ingest.messages import Reason, Rejected, decode
from ioc_stream.models import AlertAction, OpsEvent, SocialMention
from ioc_stream.pipeline.envelope import pack, record_json
from ioc_stream.pipeline.ordering import Record
from ioc_stream.pipeline.scheduled import with_schedule
from ioc_stream.schedule.index import Schedule


@dataclass(frozen=True, slots=True)
class Routed:
    """A good input record, ready for the keyed topic: one (key, envelope) per state key."""

    record: Record
    outputs: list[tuple[str, bytes]]
    ts: float = 0.0
    #: An enriched mention's contract JSON (the enriched-mentions topic's value); None for other records.
    enriched: bytes | None = None


@dataclass(frozen=True, slots=True)
class TimeBounds:
    """How far an event's own time may be from when it entered Kafka: a connector with a wrong clock must
    not move a watermark (one post stamped 2099 would make every real post after it too late)."""

    ahead_s: float = 5 * 60
    behind_s: float = 24 * 3600

    def check(self, t: int | None, ts: float) -> None:
        """Raise Rejected(TIME_SKEW) when event time `t` is out of bounds of broker time `ts` (0: unknown)."""
        if t is None or not ts:
            return
        if t > ts + self.ahead_s:
            raise Rejected(Reason.TIME_SKEW, f"event time is {t - ts:.0f} s ahead of its broker timestamp")
        if t < ts - self.behind_s:
            raise Rejected(Reason.TIME_SKEW, f"event time is {ts - t:.0f} s behind its broker timestamp")


def route(
    role: str,
    value: bytes | None,
    *,
    carrier: str,
    max_bytes: int,
    ts: float,
    schedule: Schedule | None = None,
    bounds: TimeBounds | None = None,
) -> Routed:
    """Decode, check its time against `bounds`, enrich (mentions), complete from `schedule`
    (pipeline/scheduled.py), and fan one input message out to its state keys; raises Rejected."""
    model = decode(role, value, max_bytes)
    if bounds is not None and not isinstance(model, AlertAction):
        bounds.check(_event_time(model), ts)
    try:
        record: Record
        if isinstance(model, SocialMention):
            record = with_schedule(enrich(model, carrier), schedule, carrier)
            json: str | None = record_json(record)
        else:
            record, json = with_schedule(model, schedule, carrier), None
        keys = event_keys(record, carrier)
        envelope = pack(record, ts, json) if keys else b""
    except Exception as exc:  # a bug in enrichment must cost one record, not the worker
        raise Rejected(Reason.PROCESSING, f"{type(exc).__name__}: {exc}") from exc
    return Routed(record, [(key, envelope) for key in keys], ts, None if json is None else json.encode())


def _event_time(model: SocialMention | OpsEvent) -> int:
    """A raw post's created_at, an ops event's reported_at (event_time() of what it becomes)."""
    return epoch(model.created_at) if isinstance(model, SocialMention) else epoch(model.reported_at)


def warm_up(carrier: str) -> None:
    """Route one representative post, so enrichment loads its tables now rather than in the first batch."""
    post = (
        b'{"id":"warm-up","platform":"twitter","author":{"handle":"warmup"},"created_at":"2026-01-01T00:00:00Z",'
        b'"text":"Flight 1234 from DFW delayed again, stuck at the gate"}'
    )
    route("mentions", post, carrier=carrier, max_bytes=len(post), ts=0.0)
