"""Dead-letter records: what could not be processed, byte for byte, with where it came from and why."""

from __future__ import annotations

import base64
import time

import orjson

from ioc_stream.ingest.messages import Reason


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
