"""The internal keyed-topic envelope: {"k": "m"|"o"|"a", "d": <record>, "ts": <wall time it entered Kafka>}."""

from __future__ import annotations

from dataclasses import dataclass

import orjson
from pydantic import BaseModel

from ioc_stream.models import AlertAction, EnrichedMention, OpsEvent
from ioc_stream.pipeline.ordering import Record, event_time

#: Envelope kind -> the model its "d" holds.
KINDS: dict[str, type[EnrichedMention] | type[OpsEvent] | type[AlertAction]] = {
    "m": EnrichedMention,
    "o": OpsEvent,
    "a": AlertAction,
}
KIND_OF: dict[type[BaseModel], str] = {model: kind for kind, model in KINDS.items()}


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


def record_json(record: Record) -> str:
    """The record's contract JSON, as embedded in its envelope (and published as an enriched mention)."""
    return record.model_dump_json(exclude_none=True)


def pack(record: Record, ts: float, json: str | None = None) -> bytes:
    """Serialize `record` into an envelope (its JSON, `json` when already made, is embedded, not re-encoded)."""
    body = orjson.Fragment(record_json(record) if json is None else json)
    return orjson.dumps({"k": KIND_OF[type(record)], "d": body, "ts": ts})


def unpack(value: bytes) -> Envelope:
    """Decode and validate an envelope; raises ValueError (incl. pydantic's) when it is not one."""
    env = orjson.loads(value)
    if not isinstance(env, dict) or env.get("k") not in KINDS:
        raise ValueError("not a keyed-event envelope (want {k: m|o|a, d, ts})")
    model = KINDS[env["k"]]
    return Envelope(env["k"], model.model_validate(env["d"]), float(env.get("ts") or 0.0))


class Packed:
    """Envelopes this process packed, by their bytes, so reading one back from the keyed topic skips
    decoding and validating it again: the same bytes decode to the same record.

    An envelope is forgotten when it is read back (each is read once; a re-delivery just decodes), so
    the cache holds what is in flight, not the day: at rest it is empty. `cap` bounds it when the
    keyed partitions belong to another worker (oldest dropped first). A record another worker packed,
    or one read after a restart, is decoded as usual."""

    __slots__ = ("_by_bytes", "_cap")

    def __init__(self, cap: int = 50_000) -> None:
        self._by_bytes: dict[bytes, Envelope] = {}
        self._cap = cap

    def __len__(self) -> int:
        return len(self._by_bytes)

    def add(self, value: bytes, record: Record, ts: float) -> None:
        """Remember that `value` is the envelope of `record` entered at `ts`."""
        by_bytes = self._by_bytes
        if value not in by_bytes:
            by_bytes[value] = Envelope(KIND_OF[type(record)], record, ts)
            if len(by_bytes) > self._cap:
                del by_bytes[next(iter(by_bytes))]

    def unpack(self, value: bytes) -> Envelope:
        """The envelope of `value`: remembered (and forgotten now), or decoded (raises like `unpack`)."""
        env = self._by_bytes.pop(value, None)
        return env if env is not None else unpack(value)
