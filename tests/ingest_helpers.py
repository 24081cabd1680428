"""Shared bits of the ingest tests: fixture paths and reading a fixture through a format."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ioc_stream.ingest.formats import FORMATS, Context, Outcome, read_all

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
NEAR = datetime(2015, 2, 24, 20, tzinfo=UTC)


def read_fixture(fmt: str, name: str, **ctx: object) -> Outcome:
    """A fixture file read offline, as `ioc-stream ingest FORMAT FILE` reads it."""
    return read_all(FORMATS[fmt], (FIXTURES / name).read_bytes(), Context(**{"near": NEAR, **ctx}))


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
