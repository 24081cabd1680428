"""Input-topic messages decoded and validated against their contracts, or rejected with a reason."""

from __future__ import annotations

from enum import StrEnum

import orjson
from pydantic import ValidationError

from ioc_stream.ingest.jsonl import describe
from ioc_stream.models import AlertAction, OpsEvent, SocialMention

Input = SocialMention | OpsEvent | AlertAction

#: Input role -> the contract its messages must meet.
ROLES: dict[str, type[SocialMention] | type[OpsEvent] | type[AlertAction]] = {
    "mentions": SocialMention,
    "ops": OpsEvent,
    "actions": AlertAction,
}


class Reason(StrEnum):
    """Why a message went to the dead-letter topic (the `reason` label of metrics.DEADLETTERS)."""

    DECODE = "decode"  # not UTF-8 / not JSON / not a JSON object
    SCHEMA = "schema"  # JSON that fails the contract
    OVERSIZE = "oversize"  # larger than topics.max_message_bytes
    PROCESSING = "processing"  # valid, but enrichment or correlation raised
    TIME_SKEW = "time_skew"  # stamped too far ahead of, or behind, when it entered Kafka (a wrong clock)
    CONFLICT = "conflict"  # an id seen before with other content (the first one stands)
    STATE = "state"  # a stored key state that could not be decoded (quarantined; the key started fresh)


class Rejected(Exception):
    """A record refused before processing, with the reason and a clear one-line message."""

    def __init__(self, reason: Reason, error: str) -> None:
        super().__init__(error)
        self.reason = reason
        self.error = error


def decode(role: str, value: bytes | None, max_bytes: int) -> Input:
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
