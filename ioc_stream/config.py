"""Every setting, with its default, overridable as an IOC_* environment variable."""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class CorrelationConfig(BaseModel):
    """The correlation semantics; every window and threshold in seconds or counts."""

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


class Settings(BaseSettings):
    """Process settings: IOC_CARRIER=UA, IOC_KAFKA__BOOTSTRAP=..., IOC_CORRELATION__MIN_AUTHORS=3."""

    model_config = SettingsConfigDict(env_prefix="IOC_", env_nested_delimiter="__", extra="ignore")

    carrier: str = Field(default="AA", description="Default carrier for bare flight numbers")
    correlation: CorrelationConfig = CorrelationConfig()
    priority_table: str | None = Field(default=None, description="Path to the high-impact flights table")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once per process from the environment."""
    return Settings()
