"""Dead-letter records: what could not be processed, byte for byte, with where it came from and why."""

from __future__ import annotations

import base64
import time
from enum import StrEnum

import orjson


class Reason(StrEnum):
    """Why a message went to the dead-letter topic (the `reason` label of metrics.DEADLETTERS)."""

    DECODE = "decode"          # not UTF-8 / not JSON / not a JSON object
    SCHEMA = "schema"          # JSON that fails the contract
    OVERSIZE = "oversize"      # larger than topics.max_message_bytes
    PROCESSING = "processing"  # valid, but enrichment or correlation raised


class Rejected(Exception):
    """A record refused before processing, with the reason and a clear one-line message."""

    def __init__(self, reason: Reason, error: str) -> None:
        super().__init__(error)
        self.reason = reason
        self.error = error


def dead_letter(
    original: bytes | None,
    *,
    topic: str,
    partition: int,
    offset: int,
    reason: Reason,
    error: str,
    keep_bytes: int,
    at: float | None = None,
) -> bytes:
    """The JSON dead-letter record; the original is kept whole unless it exceeds `keep_bytes`."""
    raw = original or b""
    record = {
        "original_b64": base64.b64encode(raw[:keep_bytes]).decode(),
        "topic": topic,
        "partition": partition,
        "offset": offset,
        "reason": str(reason),
        "error": error,
        "at": at if at is not None else time.time(),
    }
    if len(raw) > keep_bytes:
        record["truncated"] = True
        record["size"] = len(raw)
    return orjson.dumps(record)
