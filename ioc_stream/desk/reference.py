"""The desk's tables as one plain object: loaded once by a shell, handed to the pure core (correlator, renderer).

A `Desk` holds the schedule, the units and the impact table. Everything it answers is a pure lookup, so the
worker and the replay, given the same files, put the same leg, unit and impact on the same alert version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ioc_stream.desk.impact import Disruption, Impact, assess
from ioc_stream.desk.units import Units
from ioc_stream.desk_config import DeskConfig, ImpactTable, load_impact_table
from ioc_stream.models import OpsEvent
from ioc_stream.schedule.index import Schedule
from ioc_stream.schedule.json_format import load
from ioc_stream.schedule.legs import Leg

#: Ops event types that raise a CONNECTION_RISK alert when the leg's connections may not hold.
RISK_TYPES = frozenset({"DELAY", "CANCELLATION"})


@dataclass(frozen=True, slots=True)
class Desk:
    """The schedule, the units and the impact table (each may be empty: then it answers nothing)."""

    schedule: Schedule = field(default_factory=lambda: Schedule(()))
    units: Units = field(default_factory=Units)
    table: ImpactTable | None = None

    def __bool__(self) -> bool:
        return bool(len(self.schedule) or self.units or self.table)

    def leg(self, flight: str, at: datetime) -> Leg | None:
        """The leg of `flight` flying at (or nearest within 6 h of) `at`."""
        return self.schedule.leg_at(flight, at) if len(self.schedule) else None

    def leg_departing(self, flight: str, departure: datetime) -> Leg | None:
        """The leg of `flight` scheduled to depart at `departure` (to the minute)."""
        departure = departure.astimezone(UTC)
        for shift in (-1, 0, 1):
            for leg in self.schedule.legs(flight, departure.date() + timedelta(days=shift)):
                if leg.departure_utc.replace(second=0) == departure.replace(second=0):
                    return leg
        return None

    def impact(self, leg: Leg | None, disruption: Disruption | None) -> Impact:
        """What the impact table says about `disruption` of `leg` (nothing without a table, a leg or a disruption)."""
        if self.table is None or leg is None or disruption is None:
            return Impact()
        return assess(leg, disruption, self.schedule, self.table)

    def station_reasons(self, station: str | None) -> tuple[str, ...]:
        """Why a station alert matters more: the station is a military market."""
        markets = self.table.military_markets if self.table else []
        return tuple(f"military market {m.station} ({m.name})" for m in markets if m.station == station)

    def leg_at_risk(self, event: OpsEvent) -> Leg | None:
        """The leg a DELAY or CANCELLATION is about when a listed group or high-volume connection off it may not
        hold (what a CONNECTION_RISK alert is for); None otherwise."""
        if self.table is None or str(event.type) not in RISK_TYPES:
            return None
        leg = self.schedule.leg_of_event(event)
        if leg is None:
            return None
        return leg if self.impact(leg, Disruption.of_event(event, leg)).connection_risk else None


def load_desk(config: DeskConfig) -> Desk:
    """The desk of the settings: the schedule and impact table files read once (errors name the file)."""
    return Desk(
        schedule=load(config.schedule) if config.schedule else Schedule(()),
        units=Units(config.units),
        table=load_impact_table(config.impact_table) if config.impact_table else None,
    )
