"""State keys: which per-flight ("F:AA2390") or per-station ("S:DFW") state an event belongs to."""

from __future__ import annotations

import re

from ioc_stream.correlate.posts import counted_categories
from ioc_stream.models import AlertAction, EnrichedMention, OpsEvent

FLIGHT = "F:"
STATION = "S:"

# Flights end in digits ("AA2390", "B6123"); stations are three letters ("DFW").
_ALERT_SUBJECT = re.compile(r"^(?:(?P<flight>[A-Z0-9]{2,3}\d{1,4})|(?P<station>[A-Z]{3})):")


def mention_keys(m: EnrichedMention, carrier: str | None = None) -> list[str]:
    """Keys of a post: one per flight it names (only `carrier`'s, when given), one per station.

    A post that counts under no operational category (praise, booking, service; a question or
    talk) never alerts, so it has no key and never reaches correlation state; one that reports an
    operational category besides a non-operational primary has keys (the correlator applies the
    confidence bar). Another airline's flight ("@Delta flight 1019") is not ours to alert on: with
    `carrier` set it gets no flight key.
    """
    if not counted_categories(m.incident, 0.0):
        return []
    keys = [FLIGHT + f.flight for f in m.flights if carrier is None or f.carrier == carrier]
    keys.extend(STATION + s.code for s in m.stations)
    return list(dict.fromkeys(keys)) if len(keys) > 1 else keys


def ops_keys(e: OpsEvent) -> list[str]:
    """Keys of an ops event: its flight, or its station for station-level events (ground stops)."""
    flight = e.flight
    if flight:
        return [FLIGHT + flight]
    return [STATION + e.station] if e.station else []


def event_keys(event: EnrichedMention | OpsEvent | AlertAction, carrier: str | None = None) -> list[str]:
    """The state keys any event is applied under (a post naming a flight and a station has two)."""
    if isinstance(event, OpsEvent):
        return ops_keys(event)
    if isinstance(event, AlertAction):
        return [alert_key(event.alert_id)]
    return mention_keys(event, carrier)


def alert_key(alert_id: str) -> str:
    """The state key an alert lives under, parsed back from its id ("AA2390:DIVERSION:..." -> "F:AA2390")."""
    match = _ALERT_SUBJECT.match(alert_id)
    if match is None:
        raise ValueError(f"not an alert id: {alert_id!r} (expected FLIGHT|STATION:CATEGORY:YYYYMMDDTHHMMZ)")
    flight = match["flight"]
    return FLIGHT + flight if flight else STATION + match["station"]
