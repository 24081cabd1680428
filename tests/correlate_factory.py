"""Builders for correlation tests: EnrichedMention and OpsEvent objects made directly, no classifier involved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ioc_stream.models import (
    AlertAction,
    Author,
    Customer,
    EnrichedMention,
    FlightRef,
    Incident,
    OpsEvent,
    StationRef,
)
from ioc_stream.taxonomy import Category, OpsEventType

T0 = datetime(2015, 2, 24, 19, 35, tzinfo=UTC)


def at(minutes: float) -> datetime:
    """T0 plus `minutes` (negative for before)."""
    return T0 + timedelta(minutes=minutes)


def mention(
    id: str,
    author: str,
    minutes: float,
    category: Category = Category.DIVERSION,
    flight: str | None = "AA2390",
    station: str | None = None,
    onboard: bool = False,
    text: str = "we're diverting to Tulsa",
    loyalty: str | None = None,
    also: dict[Category, float] | None = None,
    report: str = "first_hand",
) -> EnrichedMention:
    """An enriched post `minutes` after T0 about `flight` (and/or `station`); `also`: other categories it
    reports, with their confidence; `report`: its report kind."""
    flights = [FlightRef(carrier=flight[:2], number=flight[2:], flight=flight, evidence=flight)] if flight else []
    stations = [StationRef(code=station, source="code", evidence=station)] if station else []
    return EnrichedMention(
        id=id,
        platform="twitter",
        author=Author(handle=author),
        text=text,
        created_at=at(minutes),
        channel="direct" if loyalty else "public",
        customer=Customer(loyalty_id=loyalty) if loyalty else None,
        lang="en",
        flights=flights,
        stations=stations,
        incident=Incident(
            category=category,
            confidence=0.9,
            categories=[category, *(also or {})],
            cues=["diverting"],
            onboard=onboard,
            severity="NONE",
            report=report,
            confidences={category: 0.9, **(also or {})},
        ),
    )


def ops(
    id: str,
    minutes: float,
    type: OpsEventType = OpsEventType.DIVERSION,
    flight_number: str | None = "2390",
    station: str | None = None,
    occurred_minutes: float | None = None,
) -> OpsEvent:
    """An ops event reported `minutes` after T0."""
    return OpsEvent(
        event_id=id,
        type=type,
        carrier="AA",
        flight_number=flight_number,
        station=station,
        occurred_at=at(occurred_minutes if occurred_minutes is not None else minutes),
        reported_at=at(minutes),
        details={"diverted_to": "TUL"} if type == OpsEventType.DIVERSION else {},
    )


def action(
    id: str, alert_id: str, kind: str = "ack", by: str = "liaison1", minutes: float = 60, text: str | None = None
) -> AlertAction:
    """A person's ack/resolve/note on an alert."""
    return AlertAction(action_id=id, alert_id=alert_id, action=kind, by=by, at=at(minutes), text=text)


KEY = "F:AA2390"


def run(events, correlator=None, key=KEY, roundtrip=True):
    """Apply events in order (state through bytes between steps, as a Faust table would); all alerts out."""
    from ioc_stream.alerts.correlator import Correlator
    from ioc_stream.config import CorrelationConfig
    from ioc_stream.correlate import KeyState

    c = correlator or Correlator(CorrelationConfig())
    state, alerts = None, []
    for ev in events:
        state, out = c.apply(key, state, ev)
        alerts += out
        if roundtrip and state is not None:
            state = KeyState.from_bytes(state.to_bytes())
    return c, state, alerts
