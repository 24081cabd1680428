"""Worker knobs (batching, group timeouts, readiness) as IOC_WORKER_* env vars; tests shorten the timeouts."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class WorkerTuning(BaseSettings):
    """How the Faust worker batches and how fast it notices a lost peer (IOC_WORKER_MAX_POLL_RECORDS=2000, ...)."""

    model_config = SettingsConfigDict(env_prefix="IOC_WORKER_", extra="ignore")

    reorder_grace_s: float = Field(
        default=0.05, ge=0, description="A caught-up partition vouches only for records this old"
    )
    reorder_max_hold_s: float = Field(
        default=10.0,
        ge=0,
        description="Longest the merge waits for a lagging partition that delivers nothing (order beats latency here)",
    )
    tick_interval_s: float = Field(default=1.0, gt=0, description="Timer: rebuild after rebalance, tick, gauges")
    session_timeout_s: float = Field(default=30.0, gt=0, description="Kafka group session timeout")
    heartbeat_interval_s: float = Field(default=3.0, gt=0)
    rebalance_timeout_s: float = Field(default=60.0, gt=0)
    commit_interval_s: float = Field(default=1.0, gt=0, description="How often processed offsets are committed")
    producer_linger_ms: int = Field(default=5, ge=0)
    max_poll_records: int = Field(default=2000, ge=1, description="Most records per fetch = per batch")
    max_partition_fetch_bytes: int = Field(
        default=262_144,
        ge=1024,
        description="Most bytes one fetch takes from a partition (smaller: partitions interleave)",
    )
    fetch_max_wait_ms: int = Field(default=100, ge=0, description="Longest the broker holds a fetch waiting for data")
    recovery_consistency_check: bool = Field(
        default=True,
        description="rocksdb://: refuse to start when a partition's database persisted an offset past its changelog's "
        "end (the topic was deleted or truncated: remove the data directory); off only for brokers whose "
        "ListOffsets under-reports the end (the embedded Tansu answers the last batch's first offset + 1)",
    )
    ready_max_lag: int = Field(default=1000, ge=0, description="/readyz says ready only under this lag")
    log_level: str = "WARNING"
