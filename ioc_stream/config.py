"""Every setting, with its default, overridable as an IOC_* environment variable (nested with __)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from ioc_stream.desk_config import DeskConfig
from ioc_stream.report_config import ReportConfig


class CorrelationConfig(BaseModel):
    """The correlation semantics; windows in seconds, thresholds in counts."""

    match_window_s: int = 12 * 3600
    author_window_s: int = 30 * 60
    min_authors: int = 2
    ops_lookback_s: int = 6 * 3600
    expire_after_s: int = 6 * 3600
    allowed_lateness_s: int = 10 * 60
    evidence_cap: int = 20
    surge_bucket_s: int = 15 * 60
    surge_baseline_buckets: int = 8
    surge_min_mentions: int = 5
    surge_factor: float = 3.0
    category_min_confidence: float = 0.5  # a post counts under a category besides its primary from this confidence
    idle_after_s: int = Field(
        default=15 * 60,
        description="An input this far behind the other in event time is idle: alerts are judged without waiting "
        "for it (and say so: ops_feed_as_of)",
    )
    retention_s: int = Field(
        default=24 * 3600,
        description="How late an input may lag the other and still count (an ops feed catching up confirms the "
        "alerts it matches); also how far behind its broker timestamp an event may be stamped",
    )
    max_ahead_s: int = Field(
        default=5 * 60, description="How far ahead of its broker timestamp an event may be stamped (clock skew)"
    )


class TopicsConfig(BaseModel):
    """Topic names (before the prefix) and their sizing."""

    prefix: str = ""
    mentions: str = "social.mentions"
    ops: str = "ops.flight-events"
    keyed: str = "ioc.keyed-events"
    enriched: str = "ioc.enriched-mentions"
    alerts: str = "ioc.alerts"
    actions: str = "ioc.alert-actions"
    deadletter: str = "ioc.deadletter"
    partitions: int = 4
    replication: int = 1
    retention_ms: int = 7 * 24 * 3600 * 1000
    history_retention_ms: int = Field(
        default=22 * 24 * 3600 * 1000,
        description="Retention of the enriched-mentions and alerts topics: the API re-reads them on start to serve "
        "the weekly scorecard (its `scorecard_days`) and the authors' history",
    )
    deadletter_retention_ms: int = 30 * 24 * 3600 * 1000
    max_message_bytes: int = 256 * 1024
    min_insync_replicas: int | None = Field(
        default=None, description="min.insync.replicas of every topic created (default: the broker's)"
    )

    def name(self, topic: str) -> str:
        """The full topic name for one of the fields above, e.g. name(self.alerts)."""
        return f"{self.prefix}{topic}"


class KafkaConfig(BaseModel):
    """How to reach Kafka; SASL/TLS for a production cluster."""

    bootstrap: str = "127.0.0.1:9092"
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None
    ssl_cafile: str | None = None
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None
    client_id: str = "ioc-stream"
    group_id: str = "ioc-stream"


class ApiConfig(BaseModel):
    """The HTTP API and console: bind address, tokens (token -> role), CORS, write rate limit."""

    host: str = "127.0.0.1"
    port: int = 8080
    tokens: dict[str, str] = Field(
        default_factory=dict,
        description='token -> "role" or "role:user", role one of bridge (read), liaison (read, act), admin (all)',
    )
    anonymous_read: bool = Field(default=False, description="Allow reads without a token (wall screens)")
    cors_origins: list[str] = Field(default_factory=list)
    write_rate_per_minute: int = 60
    pulse_clock: Literal["wall", "event"] = Field(
        default="wall",
        description='Where the pulse\'s 24 h end: "wall" (now), or "event": at the newest post when that is later '
        "(a simulated or replayed feed running ahead of real time; the demo sets it)",
    )
    scorecard_tz: str = Field(default="UTC", description="The zone GET /api/scorecard counts weeks in (IANA name)")
    scorecard_days: int = Field(
        default=21,
        ge=1,
        le=60,
        description="Days of post tallies and alerts the API keeps for the scorecard (21: this week, the last one "
        "and the one before it); on start it re-reads that much of the enriched-mentions topic",
    )
    history_authors: int = Field(default=10_000, ge=0, description="Authors whose recent posts the API keeps")
    history_posts: int = Field(default=10, ge=1, le=100, description="Recent posts kept per author")


class Settings(BaseSettings):
    """Process settings: IOC_CARRIER=UA, IOC_KAFKA__BOOTSTRAP=..., IOC_CORRELATION__MIN_AUTHORS=3."""

    model_config = SettingsConfigDict(env_prefix="IOC_", env_nested_delimiter="__", extra="ignore")

    carrier: str = Field(default="AA", description="Default carrier for bare flight numbers")
    correlation: CorrelationConfig = CorrelationConfig()
    topics: TopicsConfig = TopicsConfig()
    kafka: KafkaConfig = KafkaConfig()
    api: ApiConfig = ApiConfig()
    web_port: int = Field(default=6066, description="Worker web port: /healthz, /readyz, /metrics")
    data_dir: str = Field(
        default=".ioc-stream",
        description="Worker state directory; with IOC_STORE=rocksdb:// the state table's databases live in "
        "<data_dir>/v1/tables-<group_id>/ (keep it on a volume: a restart on it reads only the changelog's tail; "
        "one directory per worker process, RocksDB locks it)",
    )
    store: Literal["memory://", "rocksdb://"] = Field(
        default="memory://",
        description="The state table's store: memory:// (a start re-reads the whole changelog) or rocksdb:// "
        "(RocksDB under data_dir, survives restarts)",
    )
    priority_table: str | None = Field(default=None, description="Path to the high-impact flights table")
    desk: DeskConfig = DeskConfig()
    report: ReportConfig = ReportConfig()
    log_level: str = "INFO"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once per process from the environment."""
    return Settings()
