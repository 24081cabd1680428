"""Every Prometheus metric ioc-stream exports (prefix `ioc_`); one registry shared by all shells."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

_LEAD_BUCKETS = (0, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200)
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)

MENTIONS = Counter("ioc_mentions", "Social mentions enriched", ["lang", "category"], registry=REGISTRY)
MENTIONS_GEOTAGGED = Counter("ioc_mentions_geotagged", "Mentions that carried coordinates", registry=REGISTRY)
MENTIONS_BY_STATION = Counter("ioc_mentions_by_station", "Mentions placed at a station", ["station"], registry=REGISTRY)
MENTIONS_BY_FLIGHT = Counter(
    "ioc_mentions_by_flight",
    "Mentions naming one of our carrier's flights (others are not counted)",
    ["flight"],
    registry=REGISTRY,
)
OPS_EVENTS = Counter("ioc_ops_events", "Ops events received", ["type"], registry=REGISTRY)
ALERTS = Counter("ioc_alerts", "Alert state changes emitted", ["status", "category", "severity"], registry=REGISTRY)
OPEN_ALERTS = Gauge("ioc_open_alerts", "Alerts open or escalated now", ["kind"], registry=REGISTRY)
OPS_FIRST = Counter("ioc_ops_first", "Posts ops already knew about (no alert)", ["category"], registry=REGISTRY)
LEAD_TIME = Histogram(
    "ioc_lead_time_seconds", "Ops reported_at minus first post", buckets=_LEAD_BUCKETS, registry=REGISTRY
)
OPS_FIRST_LAG = Histogram(
    "ioc_ops_first_lag_seconds",
    "First post minus ops reported_at, when ops knew first",
    buckets=_LEAD_BUCKETS,
    registry=REGISTRY,
)
DETECTION_LATENCY = Histogram(
    "ioc_detection_latency_seconds",
    "Wall time from a post entering Kafka to its alert leaving the worker",
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
DEADLETTERS = Counter("ioc_deadletters", "Messages sent to the dead-letter topic", ["reason"], registry=REGISTRY)
CONSUMER_LAG = Gauge("ioc_consumer_lag", "Messages behind the log end", ["topic", "partition"], registry=REGISTRY)
TABLE_KEYS = Gauge("ioc_table_keys", "Keys held in correlation state", ["table"], registry=REGISTRY)
EVENTS_PROCESSED = Counter("ioc_events_processed", "Events processed per agent", ["agent"], registry=REGISTRY)
LATE_EVENTS = Counter(
    "ioc_late_events",
    "Late events by input and reason: dropped (behind the kept watermark: beyond retention), after_judgement "
    "(an ops event older than the judged watermark, still applied: a lagging feed catching up)",
    ["input", "reason"],
    registry=REGISTRY,
)
CONFLICTS = Counter(
    "ioc_conflicts", "Repeated event ids with other content, dead-lettered (the first one stands)", registry=REGISTRY
)
INPUT_EVENT_TIME_LAG = Gauge(
    "ioc_input_event_time_lag_seconds",
    "Wall time minus the latest event time routed, per input (mentions, ops): an input far behind the other is idle",
    ["input"],
    registry=REGISTRY,
)
WORKER_UP = Gauge("ioc_worker_up", "1 while the worker is running and assigned", registry=REGISTRY)

# The HTTP API (ioc-stream api).
API_REQUESTS = Counter("ioc_api_requests", "HTTP requests served", ["method", "route", "status"], registry=REGISTRY)
API_ACTIONS = Counter("ioc_api_actions", "People's actions accepted by the API", ["action"], registry=REGISTRY)
API_DENIED = Counter("ioc_api_denied", "Requests refused by auth or rate limit", ["reason"], registry=REGISTRY)
API_SSE_CLIENTS = Gauge("ioc_api_sse_clients", "Open alert streams (console, wall)", registry=REGISTRY)
API_ALERTS_HELD = Gauge("ioc_api_alerts_held", "Alerts in the API's materialised view", registry=REGISTRY)
API_BAD_RECORDS = Counter("ioc_api_bad_records", "Undecodable records skipped by the API", ["topic"], registry=REGISTRY)

# The native-feed adapters (ioc-stream ingest, live connectors).
INGEST_RECORDS = Counter(
    "ioc_ingest_records", "Contract records made from a native feed and produced", ["format"], registry=REGISTRY
)
INGEST_REJECTED = Counter(
    "ioc_ingest_rejected", "Native-feed lines or messages that could not be read", ["format"], registry=REGISTRY
)
INGEST_CONNECTIONS = Counter(
    "ioc_ingest_connections",
    "Stream connections and status polls, by outcome",
    ["format", "outcome"],
    registry=REGISTRY,
)
INGEST_UP = Gauge(
    "ioc_ingest_up", "1 while the stream is connected or the last poll succeeded", ["format"], registry=REGISTRY
)
