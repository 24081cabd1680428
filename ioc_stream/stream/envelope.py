"""The internal keyed-topic envelope: {"k": "m"|"o"|"a", "d": <record>, "ts": <wall time it entered Kafka>}."""

from __future__ import annotations

from dataclasses import dataclass

import orjson
from pydantic import BaseModel

from ioc_stream.correlate.times import epoch
from ioc_stream.models import AlertAction, EnrichedMention, OpsEvent

#: Envelope kind -> the model its "d" holds.
KINDS: dict[str, type[BaseModel]] = {"m": EnrichedMention, "o": OpsEvent, "a": AlertAction}
KIND_OF: dict[type[BaseModel], str] = {model: kind for kind, model in KINDS.items()}

Record = EnrichedMention | OpsEvent | AlertAction


@dataclass(frozen=True, slots=True)
class Envelope:
    """One record on the keyed topic, decoded."""

    kind: str
    record: Record
    ts: float

    @property
    def event_time(self) -> int | None:
        """Event time in epoch seconds that advances the watermark (None for people's actions)."""
        return event_time(self.record)


def event_time(record: Record) -> int | None:
    """A mention's created_at, an ops event's reported_at (as the replay orders them); None for actions."""
    if isinstance(record, EnrichedMention):
        return epoch(record.created_at)
    if isinstance(record, OpsEvent):
        return epoch(record.reported_at)
    return None


def pack(record: Record, ts: float) -> bytes:
    """Serialize `record` into an envelope (the record's JSON is embedded, not re-encoded)."""
    body = orjson.Fragment(record.model_dump_json(exclude_none=True))
    return orjson.dumps({"k": KIND_OF[type(record)], "d": body, "ts": ts})


def unpack(value: bytes) -> Envelope:
    """Decode and validate an envelope; raises ValueError (incl. pydantic's) when it is not one."""
    env = orjson.loads(value)
    if not isinstance(env, dict) or env.get("k") not in KINDS:
        raise ValueError("not a keyed-event envelope (want {k: m|o|a, d, ts})")
    model = KINDS[env["k"]]
    return Envelope(env["k"], model.model_validate(env["d"]), float(env.get("ts") or 0.0))
