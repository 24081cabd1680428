"""Correlation of enriched posts with ops events: a pure, deterministic engine per state key."""

from __future__ import annotations

from ioc_stream.correlate.engine import CorrelationEngine
from ioc_stream.correlate.keys import alert_key, mention_keys, ops_keys
from ioc_stream.correlate.state import KeyState

__all__ = ["CorrelationEngine", "KeyState", "alert_key", "mention_keys", "ops_keys"]
