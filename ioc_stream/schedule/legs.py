"""A schedule is periodic services (what SSIM and the CSV describe); a leg is one service on one date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from ioc_stream.models import ScheduledLeg
from ioc_stream.schedule.zones import zone

_FLIGHT = re.compile(r"^\s*([A-Z\d]{2}[A-Z]?)\s*0*(\d{1,4})[A-Z]?\s*$")


def flight_key(carrier: str, number: int | str) -> str:
    """The join key the correlator uses: "AA" + 2390 -> "AA2390" (no leading zeros, no suffix)."""
    return f"{carrier.strip().upper()}{int(number)}"


def parse_flight(text: str) -> tuple[str, int] | None:
    """("AA", 2390) from "AA2390", "aa 2390" or "AA02390"; None when it is not a flight designator."""
    m = _FLIGHT.match(text.upper())
    return (m.group(1), int(m.group(2))) if m else None


def hhmm(minutes: int) -> str:
    """Minutes after midnight as SSIM writes them: 1085 -> "1805" (1440 -> "2400")."""
    return f"{minutes // 60:02d}{minutes % 60:02d}"


def minutes_of(text: str) -> int:
    """ "1805" or "18:05" -> 1085 minutes after midnight; "2400" is the end of the day. ValueError otherwise."""
    digits = text.strip().replace(":", "")
    if len(digits) != 4 or not digits.isdigit():
        raise ValueError(f"time {text!r} is not HHMM")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"time {text!r} out of range")
    return hours * 60 + minutes


@dataclass(frozen=True, slots=True)
class Leg:
    """One leg as flown on one date: where from and to, when (aware, in each airport's local time), on what."""

    carrier: str
    number: int
    leg_seq: int
    service_date: date
    origin: str
    destination: str
    departure: datetime
    arrival: datetime
    aircraft: str
    seats: int | None = None
    suffix: str = ""

    @property
    def flight(self) -> str:
        return flight_key(self.carrier, self.number)

    @property
    def departure_utc(self) -> datetime:
        return self.departure.astimezone(UTC)

    @property
    def arrival_utc(self) -> datetime:
        return self.arrival.astimezone(UTC)

    def ref(self) -> ScheduledLeg:
        """The leg as posts and alerts carry it (the `ScheduledLeg` contract)."""
        return ScheduledLeg(
            flight=self.flight,
            service_date=self.service_date,
            origin=self.origin,
            destination=self.destination,
            departure=self.departure,
            arrival=self.arrival,
            aircraft=self.aircraft,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: local times with their offset, plus UTC."""
        return {
            "flight": self.flight,
            "service_date": self.service_date.isoformat(),
            "leg": self.leg_seq,
            "origin": self.origin,
            "destination": self.destination,
            "departure": self.departure.isoformat(),
            "arrival": self.arrival.isoformat(),
            "departure_utc": self.departure_utc.isoformat().replace("+00:00", "Z"),
            "arrival_utc": self.arrival_utc.isoformat().replace("+00:00", "Z"),
            "aircraft": self.aircraft,
            "seats": self.seats,
        }


@dataclass(frozen=True, slots=True)
class Service:
    """A leg flown on every date of a period on some days of the week (SSIM's flight leg record).

    Times are minutes after midnight on the service date plus `departure_day` / `arrival_day` (SSIM's date
    variation), in each airport's zone (`clock` "local") or in UTC (`clock` "utc", SSIM time mode U, where
    the period and the days are UTC dates too). A zone is an IANA name or a fixed ±HHMM offset.
    """

    carrier: str
    number: int
    leg_seq: int
    origin: str
    destination: str
    first: date
    last: date
    days: str  # the ISO weekdays flown, "1234567" or e.g. "135"
    departs: int
    arrives: int
    origin_zone: str
    destination_zone: str
    aircraft: str
    seats: int | None = None
    departure_day: int = 0
    arrival_day: int = 0
    every: int = 1  # weeks between operations (SSIM frequency rate: 2 is every other week)
    clock: Literal["local", "utc"] = "local"
    suffix: str = ""

    @property
    def flight(self) -> str:
        return flight_key(self.carrier, self.number)

    def operates(self, day: date) -> bool:
        """True when the service is flown with service date `day`."""
        if not self.first <= day <= self.last or str(day.isoweekday()) not in self.days:
            return False
        week0 = self.first - timedelta(days=self.first.weekday())
        return self.every == 1 or ((day - week0).days // 7) % self.every == 0

    def first_operation(self) -> date | None:
        """The first service date of the period, None when no date of it is flown."""
        for i in range(min(14 * self.every, (self.last - self.first).days + 1)):
            day = self.first + timedelta(days=i)
            if self.operates(day):
                return day
        return None

    def _at(self, day: date, shift: int, minutes: int, zone_spec: str) -> datetime:
        here = zone(zone_spec)
        d = day + timedelta(days=shift)
        if self.clock == "utc":
            return (datetime(d.year, d.month, d.day, tzinfo=UTC) + timedelta(minutes=minutes)).astimezone(here)
        return datetime(d.year, d.month, d.day, tzinfo=here) + timedelta(minutes=minutes)  # wall-clock arithmetic

    def leg(self, day: date) -> Leg | None:
        """This service as flown on service date `day`, or None when it does not operate that day."""
        if not self.operates(day):
            return None
        return Leg(
            carrier=self.carrier,
            number=self.number,
            leg_seq=self.leg_seq,
            service_date=day,
            origin=self.origin,
            destination=self.destination,
            departure=self._at(day, self.departure_day, self.departs, self.origin_zone),
            arrival=self._at(day, self.arrival_day, self.arrives, self.destination_zone),
            aircraft=self.aircraft,
            seats=self.seats,
            suffix=self.suffix,
        )
