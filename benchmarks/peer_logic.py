"""The correlation the peer implementations (Quix Streams, naive Faust) run: ioc-stream's own pure core.

Both peers validate and enrich with routing.route(), re-key onto a keyed topic, and per key call
Correlator.apply with the same per-partition watermark (max event time - allowed lateness) as
stream.processor. What the frameworks cannot do naturally is tick keys that receive no event: a peer
key is advanced when its next event arrives, so an alert on an idle key expires late or never. The
comparison (alerts.comparable) therefore leaves EXPIRED versions out.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ioc_stream.alerts.correlator import Correlator
from ioc_stream.config import CorrelationConfig
from ioc_stream.correlate import KeyState
from ioc_stream.ingest.messages import Rejected
from ioc_stream.models import Alert
from ioc_stream.pipeline.envelope import Envelope
from ioc_stream.pipeline.routing import route

MAX_BYTES = 256 * 1024


def route_or_drop(role: str, value: bytes | None, carrier: str = "AA") -> list[tuple[str, bytes]]:
    """(state key, envelope) pairs for one raw input message; a rejected message gives none."""
    try:
        return route(role, value, carrier=carrier, max_bytes=MAX_BYTES, ts=_now()).outputs
    except Rejected:
        return []


class LazyCorrelation:
    """Correlator.apply per keyed event with a per-partition watermark; state in and out as bytes."""

    def __init__(self, config: CorrelationConfig | None = None) -> None:
        self.config = config or CorrelationConfig()
        self.correlator = Correlator(self.config)
        self.watermarks: dict[int, tuple[float, datetime]] = {}

    def apply(
        self, partition: int, key: str, state: bytes | None, envelope: Envelope
    ) -> tuple[bytes | None, list[Alert]]:
        """Apply one event to the key's state bytes; returns the new bytes (None = delete) and alert changes."""
        wm = self.watermarks.get(partition)
        t = envelope.event_time
        if t is not None and (wm is None or t - self.config.allowed_lateness_s > wm[0]):
            w = t - self.config.allowed_lateness_s
            wm = (w, datetime.fromtimestamp(w, UTC))
            self.watermarks[partition] = wm
        current = KeyState.from_bytes(state) if state is not None else None
        new, alerts = self.correlator.apply(key, current, envelope.record, watermark=wm[1] if wm else None)
        return (new.to_bytes() if new is not None else None), alerts


def _now() -> float:
    import time

    return time.time()


def comparable(alerts: list[dict[str, Any]]) -> dict[str, tuple[str, float | None]]:
    """alert_id -> (status, lead_time_s) of its highest non-EXPIRED version (duplicates collapse)."""
    best: dict[str, tuple[int, str, float | None]] = {}
    for a in alerts:
        if a["status"] == "EXPIRED":
            continue
        seen = best.get(a["alert_id"])
        if seen is None or a["version"] > seen[0]:
            best[a["alert_id"]] = (a["version"], a["status"], a.get("lead_time_s"))
    return {aid: (status, lead) for aid, (_, status, lead) in best.items()}


def compare(ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> dict[str, Any]:
    """How far two systems' alerts agree, by alert_id, status and lead time (EXPIRED left out)."""
    a, b = comparable(ours), comparable(theirs)
    same = sum(1 for aid in a.keys() & b.keys() if a[aid] == b[aid])
    return {
        "alerts_ours": len(a),
        "alerts_theirs": len(b),
        "identical": same,
        "only_ours": sorted(a.keys() - b.keys())[:5],
        "only_theirs": sorted(b.keys() - a.keys())[:5],
        "differing": sorted(aid for aid in a.keys() & b.keys() if a[aid] != b[aid])[:5],
        "equal": a == b,
    }
