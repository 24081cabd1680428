"""Times as the feeds write them: day-of-month stamps, HHMM clock times and FAA durations, resolved in UTC."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from ioc_stream.ingest.problems import Unreadable


def iso(t: datetime) -> str:
    """UTC ISO 8601 with a Z, to the second (the contracts' wire form)."""
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def day_on_or_before(day: int, at: date) -> date:
    """The date with day-of-month `day` nearest before (or on) `at`: a telex's service date.

    Months without that day are skipped (day 31 seen on 2 March is 31 January)."""
    if not 1 <= day <= 31:
        raise Unreadable(f"day of month {day} out of range")
    year, month = at.year, at.month
    if day > at.day:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    for _ in range(3):
        try:
            return date(year, month, day)
        except ValueError:
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    raise Unreadable(f"no month has day {day}")  # unreachable for 1..31


def stamp_near(day: int, hour: int, minute: int, near: datetime) -> datetime:
    """The UTC time on day-of-month `day` at hour:minute nearest to `near` (a DDHHMM stamp has no month)."""
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise Unreadable(f"time {hour:02d}{minute:02d} out of range")
    near = near.astimezone(UTC)
    best: datetime | None = None
    for shift in (-1, 0, 1):
        year, month = near.year, near.month + shift
        if month < 1:
            year, month = year - 1, 12
        elif month > 12:
            year, month = year + 1, 1
        try:
            t = datetime(year, month, day, hour, minute, tzinfo=UTC)
        except ValueError:
            continue
        if best is None or abs(t - near) < abs(best - near):
            best = t
    if best is None:
        raise Unreadable(f"day of month {day} out of range")
    return best


def clock_near(hhmm: str, near: datetime, *, ahead: timedelta = timedelta(hours=12)) -> datetime:
    """The UTC time HHMM (or DDHHMM) nearest to `near`, at most `ahead` after it (telex times are past or soon)."""
    if not re.fullmatch(r"\d{4}|\d{6}", hhmm):
        raise Unreadable(f"not a HHMM or DDHHMM time: {hhmm!r}")
    if len(hhmm) == 6:
        return stamp_near(int(hhmm[:2]), int(hhmm[2:4]), int(hhmm[4:]), near)
    hour, minute = int(hhmm[:2]), int(hhmm[2:])
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise Unreadable(f"time {hhmm} out of range")
    t = near.astimezone(UTC).replace(hour=hour, minute=minute, second=0, microsecond=0)
    if t - near > ahead:
        t -= timedelta(days=1)
    elif near - t > timedelta(days=1) - ahead:
        t += timedelta(days=1)
    return t


_DURATION = re.compile(r"(?:(\d+)\s*hours?)?\s*(?:and\s*)?(?:(\d+)\s*min(?:ute)?s?)?", re.I)


def duration_minutes(text: str | None) -> int | None:
    """Minutes in an FAA duration ("1 hour and 35 minutes", "46 minutes", "2 hours"); None when absent."""
    if text is None or not text.strip():
        return None
    m = _DURATION.fullmatch(text.strip().rstrip("."))
    if m is None or (m[1] is None and m[2] is None):
        raise Unreadable(f"not a duration: {text.strip()!r}")
    return int(m[1] or 0) * 60 + int(m[2] or 0)
