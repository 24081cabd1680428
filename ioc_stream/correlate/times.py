"""Event times inside the engine are epoch-second ints; conversion to and from aware datetimes."""

from __future__ import annotations

from datetime import UTC, datetime


def epoch(dt: datetime) -> int:
    """Whole seconds since the epoch of an aware datetime."""
    return int(dt.timestamp())


def utc(t: int) -> datetime:
    """The aware UTC datetime of epoch seconds `t`."""
    return datetime.fromtimestamp(t, UTC)


def stamp(t: int) -> str:
    """Compact minute stamp used in alert ids: 20150224T1935Z."""
    return utc(t).strftime("%Y%m%dT%H%MZ")


def clock(t: int) -> str:
    """Hour and minute for sentences: 19:35Z."""
    return utc(t).strftime("%H:%MZ")
