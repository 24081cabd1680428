"""Which unit a leg or a station belongs to: the units table (fleet types at hubs) turned into lookups."""

from __future__ import annotations

from collections.abc import Sequence

from ioc_stream.desk_config import Unit
from ioc_stream.schedule.legs import Leg


class Units:
    """A leg belongs to the unit flying its aircraft type at its origin, else at its destination, else to a unit
    with that type and no hubs; a station to every unit with it as a hub. The table allows one unit per pair."""

    def __init__(self, units: Sequence[Unit] = ()) -> None:
        self.names: tuple[str, ...] = tuple(u.name for u in units)
        self._at = {(a, h): u.name for u in units for a in u.fleet for h in u.hubs}
        self._anywhere = {a: u.name for u in units if not u.hubs for a in u.fleet}
        self._hubs: dict[str, list[str]] = {}
        for u in units:
            for h in u.hubs:
                self._hubs.setdefault(h, []).append(u.name)

    def __bool__(self) -> bool:
        return bool(self.names)

    def of(self, aircraft: str, *stations: str | None) -> str | None:
        """The unit of `aircraft` at the first of `stations` that is one of its hubs (None: no unit)."""
        aircraft = aircraft.upper()
        for s in stations:
            if s and (unit := self._at.get((aircraft, s.upper()))):
                return unit
        return self._anywhere.get(aircraft)

    def of_leg(self, leg: Leg) -> str | None:
        """The unit of a scheduled leg: its aircraft type at its origin, else at its destination."""
        return self.of(leg.aircraft, leg.origin, leg.destination)

    def of_station(self, station: str | None) -> list[str]:
        """Every unit with `station` as a hub, in table order (a station alert goes to all of them)."""
        return list(self._hubs.get((station or "").upper(), ()))
