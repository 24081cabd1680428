"""The impact of a disrupted leg: the large groups on it, the tight high-volume connections off it, military markets.

`assess` joins the reference table to the schedule: a group or a connection is read against the onward leg
the schedule has ("group of 40 connecting DFW->SAT at 18:05, 45 min connection"), and a connection is at
risk unless it is known to hold (the leg flies, its delay is known, and the time left is at least the
minimum connection time). Any reason raises the priority one step; a connection at risk is what a
CONNECTION_RISK alert is for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ioc_stream.desk_config import ImpactTable
from ioc_stream.models import OpsEvent
from ioc_stream.schedule.index import Schedule
from ioc_stream.schedule.legs import Leg

#: Event types (and post categories, same names) that make a leg miss its connections, or arrive late.
MISSES = {"CANCELLATION": "cancelled", "DIVERSION": "diverted"}
DELAYS = frozenset(
    {
        "DELAY",
        "TARMAC_HOLD",
        "GATE_RETURN",
        "MECHANICAL",
        "CREW",
        "MEDICAL",
        "DISRUPTIVE_PASSENGER",
        "SAFETY_SECURITY",
        "GROUND_STOP",
        "AIRPORT_CLOSURE",
    }
)


@dataclass(frozen=True, slots=True)
class Disruption:
    """What happened to a leg as its connections see it: it will not arrive (`misses`), or `late_min` late."""

    kind: str
    late_min: int | None = None

    @property
    def misses(self) -> bool:
        return self.kind in MISSES

    @classmethod
    def of(cls, kind: str) -> Disruption | None:
        """From an event type or post category name: None for what does not move the leg (bags, queues)."""
        return cls(kind) if kind in MISSES or kind in DELAYS else None

    @classmethod
    def of_event(cls, event: OpsEvent, leg: Leg) -> Disruption | None:
        """From an ops event about `leg` (see `of_report`)."""
        return cls.of_report(str(event.type), event.details, leg)

    @classmethod
    def of_report(cls, kind: str, details: Mapping[str, Any], leg: Leg) -> Disruption | None:
        """From what ops reported about `leg`: the arrival delay from its estimated arrival, else its estimated
        departure, else its `delay_minutes` (a late departure arrives as late)."""
        found = cls.of(kind)
        if found is None or found.misses:
            return found
        for key, scheduled in (("estimated_arrival", leg.arrival_utc), ("estimated_departure", leg.departure_utc)):
            if isinstance(details.get(key), str):
                try:
                    when = datetime.fromisoformat(details[key].replace("Z", "+00:00"))
                    return cls(found.kind, _minutes(when - scheduled))
                except (ValueError, TypeError):  # not a time, or one without its zone
                    pass
        minutes = details.get("delay_minutes")
        return cls(found.kind, int(minutes) if isinstance(minutes, int | float) else None)

    def text(self) -> str:
        """How it reads in a sentence: "cancelled", "delayed 35 min", "delayed" (by how much not yet known)."""
        if self.misses:
            return MISSES[self.kind]
        what = self.kind.replace("_", " ").lower()
        what = "delayed" if self.kind == "DELAY" else what
        return f"{what} {self.late_min} min" if self.late_min is not None else what


@dataclass(frozen=True, slots=True)
class Impact:
    """Why a disrupted leg matters more than its severity says (empty: it does not), and what is at risk."""

    reasons: tuple[str, ...] = ()
    at_risk: tuple[str, ...] = ()  # the onward flights whose connection may not hold

    @property
    def bump(self) -> int:
        """Priority steps to raise: one for any reason."""
        return 1 if self.reasons else 0

    @property
    def reason(self) -> str | None:
        """The reasons as one text for an alert's explanation."""
        return "; ".join(self.reasons) or None

    @property
    def connection_risk(self) -> bool:
        return bool(self.at_risk)

    def priority(self, base: int) -> int:
        """`base` (1 most urgent .. 4) raised by `bump`."""
        return max(1, base - self.bump)


def _minutes(delta: timedelta) -> int:
    return round(delta.total_seconds() / 60)


def _connection(leg: Leg, outbound: str, disruption: Disruption, schedule: Schedule, mct: int) -> tuple[str, bool]:
    """("connecting DFW->SAT at 18:05, 45 min connection (...)", at risk) for passengers from `leg` to `outbound`."""
    onward = schedule.departure(outbound, leg.destination, leg.arrival_utc)
    if onward is None:
        return f"connecting to {outbound} at {leg.destination}", True
    window = _minutes(onward.departure_utc - leg.arrival_utc)
    text = f"connecting {leg.destination}->{onward.destination} at {onward.departure:%H:%M}, {window} min connection"
    if disruption.misses:
        return f"{text} ({leg.flight} {MISSES[disruption.kind]})", True
    if disruption.late_min is None:
        return f"{text} (delay not yet known, minimum {mct} min)", True
    left = window - disruption.late_min
    if left < mct:
        return f"{text} ({left} min left after a {disruption.late_min} min delay, minimum {mct})", True
    return text, False


def assess(leg: Leg, disruption: Disruption, schedule: Schedule, table: ImpactTable) -> Impact:
    """The impact of `disruption` on `leg`: large groups on it (with their connection), high-volume
    connections off it that may not hold, and a military market at either end."""
    reasons: list[str] = []
    at_risk: list[str] = []
    listed = {
        (c.inbound, c.outbound): c.min_connection_min for c in table.connections if c.min_connection_min is not None
    }

    def mct(outbound: str) -> int:
        return listed.get((leg.flight, outbound), table.min_connection_min)

    for g in table.groups:
        if g.flight != leg.flight or g.date != leg.service_date or g.size < table.large_group:
            continue
        who = f"group of {g.size}{f' ({g.name})' if g.name else ''}"
        if g.connects_to is None:
            reasons.append(f"{who} on {leg.flight}")
            continue
        text, risky = _connection(leg, g.connects_to, disruption, schedule, mct(g.connects_to))
        reasons.append(f"{who} {text}")
        if risky:
            at_risk.append(g.connects_to)
    for c in table.connections:
        if (
            c.inbound != leg.flight
            or (c.date is not None and c.date != leg.service_date)
            or c.passengers < table.high_volume
        ):
            continue
        text, risky = _connection(leg, c.outbound, disruption, schedule, mct(c.outbound))
        if risky:
            reasons.append(f"{c.passengers} passengers on {c.outbound} {text}")
            at_risk.append(c.outbound)
    for m in table.military_markets:
        if m.station in (leg.origin, leg.destination):
            reasons.append(f"military market {m.station} ({m.name})")
    return Impact(tuple(reasons), tuple(dict.fromkeys(at_risk)))
