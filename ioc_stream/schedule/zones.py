"""Time zones of the schedule: an airport's IANA zone (airportsdata) or a fixed UTC offset as SSIM writes it."""

from __future__ import annotations

import re
from datetime import timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_OFFSET = re.compile(r"^([+-])(\d{2})(\d{2})$")


class ZoneError(ValueError):
    """A zone that is neither an IANA name nor a ±HHMM offset, or an airport without a known zone."""


@cache
def zone(spec: str) -> tzinfo:
    """The tzinfo of "America/Chicago" (DST-aware) or "-0600" (fixed, as an SSIM record's time variation)."""
    if m := _OFFSET.match(spec):
        sign, hours, minutes = m.groups()
        if int(hours) > 14 or int(minutes) > 59:
            raise ZoneError(f"UTC offset {spec} out of range")
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        return timezone(-delta if sign == "-" else delta)
    try:
        return ZoneInfo(spec)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ZoneError(f"unknown time zone {spec!r}") from exc


@cache
def _airport_zones() -> dict[str, str]:
    import airportsdata

    return {code: row["tz"] for code, row in airportsdata.load("IATA").items() if row.get("tz")}


def airport_zone(code: str) -> str:
    """The IANA zone of an IATA airport code ("DFW" -> "America/Chicago"); ZoneError when unknown."""
    name = _airport_zones().get(code.upper())
    if name is None:
        raise ZoneError(f"no time zone known for airport {code!r}")
    return name
