"""Structured logs for every ioc-stream process: JSON lines (pretty on a TTY), private data masked."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

#: Event-dict fields that hold a loyalty number; shown as "****4321".
_LOYALTY_FIELDS = frozenset({"loyalty_id", "customer"})
#: Fields that may hold a direct message's text; dropped unless the record is at debug level.
_TEXT_FIELDS = frozenset({"text", "excerpt"})
_LOYALTY_IN_TEXT = re.compile(r"(?i)(loyalty[_ ]?id['\"]?\s*[:=]\s*['\"]?)([A-Z0-9-]{5,})")


def mask_loyalty(value: str) -> str:
    """Keep the last four characters of a loyalty number: "AA1234567" -> "****4567"."""
    return "****" + value[-4:] if len(value) > 4 else "****"


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return mask_loyalty(value)
    if isinstance(value, dict) and "loyalty_id" in value:
        return {**value, "loyalty_id": mask_loyalty(str(value["loyalty_id"]))}
    return value


def redact(_logger: Any, method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: mask loyalty ids everywhere; drop direct-message text above debug."""
    for name in _LOYALTY_FIELDS & event.keys():
        event[name] = _mask(event[name])
    direct = event.get("channel") == "direct"
    if direct and method != "debug":
        for name in _TEXT_FIELDS & event.keys():
            event[name] = "[direct message withheld]"
    for name, value in event.items():
        if isinstance(value, str) and "oyalty" in value:
            event[name] = _LOYALTY_IN_TEXT.sub(lambda m: m.group(1) + mask_loyalty(m.group(2)), value)
    return event


def configure(level: str = "INFO", *, json: bool | None = None) -> None:
    """Set up structlog (and route stdlib logging through it); JSON unless stderr is a TTY."""
    pretty = sys.stderr.isatty() if json is None else not json
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        redact,
    ]
    renderer = structlog.dev.ConsoleRenderer() if pretty else structlog.processors.JSONRenderer()
    numeric = logging.getLevelName(level.upper()) if isinstance(level, str) else level
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(numeric if isinstance(numeric, int) else logging.INFO),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(structlog.stdlib.ProcessorFormatter(foreign_pre_chain=shared, processor=renderer))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(numeric if isinstance(numeric, int) else logging.INFO)


def get_logger(name: str | None = None, **context: Any) -> structlog.stdlib.BoundLogger:
    """A logger bound to `context` (e.g. flight=..., alert_id=...)."""
    return structlog.get_logger(name).bind(**context)
