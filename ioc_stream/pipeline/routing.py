"""Routing: a raw input message in, validated + enriched + re-keyed envelopes out (pure, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass

import orjson
from pydantic import BaseModel, ValidationError

from ioc_stream.correlate.keys import event_keys
from ioc_stream.enrich import enrich
from ioc_stream.ingest.jsonl import describe
from ioc_stream.models import AlertAction, OpsEvent, SocialMention
from ioc_stream.kafka.deadletter import Reason, Rejected
from ioc_stream.pipeline.envelope import Record, pack

#: Input role -> the contract its messages must meet.
ROLES: dict[str, type[BaseModel]] = {"mentions": SocialMention, "ops": OpsEvent, "actions": AlertAction}


@dataclass(frozen=True, slots=True)
class Routed:
    """A good input record, ready for the keyed topic: one (key, envelope) per state key."""

    record: Record
    outputs: list[tuple[str, bytes]]
    ts: float = 0.0


def decode(role: str, value: bytes | None, max_bytes: int) -> BaseModel:
    """Parse and validate one input message against its role's contract, or raise Rejected."""
    if value is None:
        raise Rejected(Reason.DECODE, "empty message (no value)")
    if len(value) > max_bytes:
        raise Rejected(Reason.OVERSIZE, f"message is {len(value)} bytes, over the {max_bytes}-byte limit")
    try:
        obj = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        raise Rejected(Reason.DECODE, describe(exc)) from exc
    if not isinstance(obj, dict):
        raise Rejected(Reason.DECODE, f"json: expected an object, got {type(obj).__name__}")
    try:
        return ROLES[role].model_validate(obj)
    except ValidationError as exc:
        raise Rejected(Reason.SCHEMA, describe(exc)) from exc


def route(role: str, value: bytes | None, *, carrier: str, max_bytes: int, ts: float) -> Routed:
    """Decode, enrich (mentions), and fan one input message out to its state keys; raises Rejected."""
    model = decode(role, value, max_bytes)
    try:
        record = enrich(model, carrier) if isinstance(model, SocialMention) else model
        keys = event_keys(record, carrier)
        envelope = pack(record, ts) if keys else b""
    except Exception as exc:  # a bug in enrichment must cost one record, not the worker
        raise Rejected(Reason.PROCESSING, f"{type(exc).__name__}: {exc}") from exc
    return Routed(record, [(key, envelope) for key in keys], ts)


def warm_up(carrier: str) -> None:
    """Route one representative post, so enrichment loads its tables now rather than in the first batch."""
    post = b'{"id":"warm-up","platform":"twitter","author":{"handle":"warmup"},"created_at":"2026-01-01T00:00:00Z",' \
        b'"text":"Flight 1234 from DFW delayed again, stuck at the gate"}'  # fmt: skip
    route("mentions", post, carrier=carrier, max_bytes=len(post), ts=0.0)
