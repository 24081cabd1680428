"""The schedule as a pure index: the leg of a flight on a date or at a time, a post's station, an ops event's route."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from ioc_stream.models import OpsEvent
from ioc_stream.schedule.legs import Leg, Service, flight_key, parse_flight
from ioc_stream.taxonomy import Category

#: How far before its departure and after its arrival a time still belongs to a leg.
NEAR = timedelta(hours=6)
#: Categories passengers post about once they have landed: such a post after the arrival is at the destination.
AFTER_ARRIVAL: frozenset[Category] = frozenset({Category.BAGGAGE})


def _key(flight: str) -> str | None:
    parsed = parse_flight(flight)
    return flight_key(*parsed) if parsed else None


def distance(leg: Leg, at: datetime) -> timedelta:
    """How far `at` is from the leg's scheduled block (zero from its departure to its arrival)."""
    if at < leg.departure_utc:
        return leg.departure_utc - at
    return max(timedelta(0), at - leg.arrival_utc)


class Schedule:
    """Services by flight; every answer is computed for the dates asked, the season is never expanded."""

    def __init__(self, services: Iterable[Service]) -> None:
        self.services: tuple[Service, ...] = tuple(services)
        by_flight: dict[str, list[Service]] = {}
        for s in self.services:
            by_flight.setdefault(s.flight, []).append(s)
        self._by_flight = {k: tuple(sorted(v, key=lambda s: (s.leg_seq, s.first))) for k, v in by_flight.items()}

    def __len__(self) -> int:
        return len(self.services)

    @property
    def flights(self) -> frozenset[str]:
        return frozenset(self._by_flight)

    def legs(self, flight: str, on: date) -> list[Leg]:
        """Every leg of `flight` ("AA2390") with service date `on`, in departure order."""
        key = _key(flight)
        found: dict[tuple[int, str], Leg] = {}
        for service in self._by_flight.get(key, ()) if key else ():
            leg = service.leg(on)
            if leg is not None:
                found.setdefault((leg.leg_seq, leg.origin), leg)  # a repeated record is the same leg
        return sorted(found.values(), key=lambda leg: leg.departure_utc)

    def leg_at(self, flight: str, at: datetime, near: timedelta = NEAR) -> Leg | None:
        """The leg of `flight` whose block contains `at`, else the nearest within `near` of it (None: no leg)."""
        at = at.astimezone(UTC)
        day = at.date()
        candidates = [leg for shift in range(-2, 2) for leg in self.legs(flight, day + timedelta(days=shift))]
        close = [leg for leg in candidates if distance(leg, at) <= near]
        return min(close, key=lambda leg: (distance(leg, at), leg.departure_utc), default=None)

    def station_of_post(self, flight: str, at: datetime, category: Category | None = None) -> str | None:
        """Where a post naming only `flight` was written, when only one station fits: the origin before the
        scheduled departure, the destination after the arrival for what is posted on landing (bags); None
        in between (airborne, or held at the origin: either could be)."""
        leg = self.leg_at(flight, at)
        if leg is None:
            return None
        at = at.astimezone(UTC)
        if at < leg.departure_utc:
            return leg.origin
        if at >= leg.arrival_utc and category in AFTER_ARRIVAL:
            return leg.destination
        return None

    def departure(
        self, flight: str, station: str, after: datetime, within: timedelta = timedelta(hours=24)
    ) -> Leg | None:
        """The first leg of `flight` out of `station` departing at or after `after` (and within `within`)."""
        after = after.astimezone(UTC)
        legs = [leg for shift in range(-1, 3) for leg in self.legs(flight, after.date() + timedelta(days=shift))]
        out = [leg for leg in legs if leg.origin == station and after <= leg.departure_utc <= after + within]
        return min(out, key=lambda leg: leg.departure_utc, default=None)

    def leg_of_event(self, event: OpsEvent) -> Leg | None:
        """The scheduled leg an ops event is about: its service date's legs (else those near `occurred_at`),
        those that fit the route it gives, the one nearest its time."""
        if event.flight is None:
            return None
        at = event.occurred_at.astimezone(UTC)
        legs = self.legs(event.flight, event.service_date) if event.service_date else []
        if not legs:
            legs = [leg for leg in [self.leg_at(event.flight, at)] if leg is not None]
        legs = [
            leg
            for leg in legs
            if (event.origin is None or leg.origin == event.origin)
            and (event.destination is None or leg.destination == event.destination)
            and (event.station is None or event.station in (leg.origin, leg.destination))
        ]
        return min(legs, key=lambda leg: (distance(leg, at), leg.departure_utc), default=None)

    def complete(self, event: OpsEvent) -> OpsEvent:
        """The event with the origin and destination it lacks taken from its scheduled leg (unchanged if none)."""
        if event.origin and event.destination:
            return event
        leg = self.leg_of_event(event)
        if leg is None:
            return event
        update: dict[str, object] = {
            "origin": event.origin or leg.origin,
            "destination": event.destination or leg.destination,
        }
        if event.service_date is None:
            update["service_date"] = leg.service_date
        return event.model_copy(update=update)
