"""The schedule applied to records once enriched: a post's legs of the day and, when only one fits, its station;
an ops event's missing origin and destination. Pure: the shells load the schedule once and pass it in, so
enrichment itself stays free of files and the worker and the replay complete records alike."""

from __future__ import annotations

from typing import Any, TypeVar, cast

from ioc_stream.models import EnrichedMention, OpsEvent, StationRef
from ioc_stream.pipeline.ordering import Record
from ioc_stream.schedule.index import Schedule

R = TypeVar("R", bound=Record)


def scheduled_mention(m: EnrichedMention, schedule: Schedule, carrier: str) -> EnrichedMention:
    """The post with the leg of the day of each of our flights it names (`legs`) and, when it names one of our
    flights and no station, the station the schedule places it at (before departure: the origin; bags after
    landing: the destination)."""
    ours = [f.flight for f in m.flights if f.carrier == carrier]
    legs = [leg for flight in ours if (leg := schedule.leg_at(flight, m.created_at)) is not None]
    update: dict[str, Any] = {"legs": [leg.ref() for leg in legs]}
    if not m.stations and len(ours) == 1 and legs:
        code = schedule.station_of_post(ours[0], m.created_at, m.incident.category)
        leg = legs[0]
        if code is not None:
            when = f"departs {code} at {leg.departure:%H:%M}" if code == leg.origin else f"landed at {code}"
            update["stations"] = [StationRef(code=code, source="schedule", evidence=f"{leg.flight} {when}")]
    return m.model_copy(update=update)


def with_schedule(record: R, schedule: Schedule | None, carrier: str) -> R:
    """`record` completed from the schedule (posts and ops events; people's actions as they are)."""
    if schedule is None or not len(schedule):
        return record
    if isinstance(record, EnrichedMention):
        return cast(R, scheduled_mention(record, schedule, carrier))
    if isinstance(record, OpsEvent):
        return cast(R, schedule.complete(record))
    return record
