"""The wire contracts (pydantic v2): raw posts and ops events in, enriched mentions and alerts out."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict

from ioc_stream.fields import MAX_DEPTH, Day, Details, Id, Latitude, Longitude, Name, Text, Timestamp
from ioc_stream.taxonomy import Category, OpsEventType


class _In(BaseModel):
    """Inputs come from outside: unknown extra fields are ignored, not refused; nothing is coerced from another
    JSON type (ioc_stream/fields.py: a number is no timestamp, id or string)."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class _Out(BaseModel):
    """Outputs are ours: extra fields are a bug."""

    model_config = ConfigDict(extra="forbid")


class Author(_In):
    handle: Name
    followers: Annotated[int, Strict()] | None = Field(default=None, ge=0)


class Geo(_In):
    lat: Latitude
    lon: Longitude


class Customer(_In):
    """A direct-message poster who linked a loyalty number."""

    loyalty_id: Annotated[Id, Field(max_length=64)]


class SocialMention(_In):
    """A post about the airline, as the social listening feed delivers it."""

    id: Id
    platform: Annotated[Name, Field(max_length=64)]
    author: Author
    text: Text
    created_at: Timestamp
    lang: Annotated[str, Strict(), Field(max_length=35)] | None = None
    geo: Geo | None = None
    place: Annotated[str, Strict(), Field(max_length=500)] | None = None
    channel: Literal["public", "direct"] = "public"
    customer: Customer | None = None


class OpsEvent(_In):
    """An event from the flight-operations feed; `reported_at` is when ops knew."""

    event_id: Id
    type: OpsEventType
    carrier: Annotated[str, Strict(), Field(min_length=2, max_length=3)]
    flight_number: Annotated[str, Strict()] | None = Field(default=None, pattern=r"^\d{1,4}$")
    service_date: Day | None = None
    origin: Annotated[str, Strict()] | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    destination: Annotated[str, Strict()] | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    station: Annotated[str, Strict()] | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    occurred_at: Timestamp
    reported_at: Timestamp
    details: Details = Field(default_factory=dict, description=f"free-form, nested at most {MAX_DEPTH} levels")

    @property
    def flight(self) -> str | None:
        """The join key, e.g. "AA2390"; None for station-level events (ground stops)."""
        return f"{self.carrier}{int(self.flight_number)}" if self.flight_number else None


class FlightRef(_Out):
    """A flight named in a post, with the words that named it."""

    carrier: str
    number: str
    flight: str
    evidence: str


class StationRef(_Out):
    """An airport a post places itself at, and how we know (code, name, geotag, or its flight's schedule)."""

    code: str
    source: Literal["code", "name", "geo", "place", "schedule"]
    evidence: str


class ScheduledLeg(_Out):
    """A flight's leg of the day from the schedule: where from and to, when (local times with offsets), on what."""

    flight: str
    service_date: date
    origin: str
    destination: str
    departure: datetime
    arrival: datetime
    aircraft: str


ReportKind = Literal["first_hand", "relayed", "question", "talk"]


class Incident(_Out):
    """What the post says happened, with the cues that decided it, and how it speaks of it."""

    category: Category
    confidence: float = Field(ge=0, le=1)
    categories: list[Category] = Field(description="the primary category first, then every other one reported")
    cues: list[str] = Field(
        description="the post's words behind its categories: the expert phrases of the primary (and of the other "
        "ruled categories), or the words that pushed a fitted primary class up, strongest first"
    )
    onboard: bool
    severity: str
    report: ReportKind = Field(
        default="first_hand",
        description="first_hand: the poster is there; relayed: passing on what happens now; question: asking; "
        "talk: a topic, not an incident (no category)",
    )
    report_cues: list[str] = Field(default_factory=list, description="the phrases that made the post relayed or talk")
    confidences: dict[Category, float] = Field(default_factory=dict, description="confidence of each category listed")


class EnrichedMention(_Out):
    """A post turned into structured, explainable facts; the unit the correlator reads."""

    id: str
    platform: str
    author: Author
    text: str
    created_at: datetime
    channel: Literal["public", "direct"] = "public"
    customer: Customer | None = None
    geo: Geo | None = None
    place: str | None = None
    lang: str
    flights: list[FlightRef]
    stations: list[StationRef]
    incident: Incident
    legs: list[ScheduledLeg] | None = Field(
        default=None,
        description="The leg of the day of each of our flights the post names, from the schedule; "
        "None when no schedule was consulted",
    )


class AlertStatus(StrEnum):
    """Lifecycle of an alert; CONFIRMED, RETRACTED and EXPIRED are final for detection."""

    OPEN = "OPEN"
    ESCALATED = "ESCALATED"
    CONFIRMED = "CONFIRMED"
    RETRACTED = "RETRACTED"
    EXPIRED = "EXPIRED"


class AlertKind(StrEnum):
    """SOCIAL_FIRST and STATION_SURGE come from posts; CONNECTION_RISK from the ops feed alone: a delayed or
    cancelled leg whose listed group or high-volume connection may not make it (for customer service)."""

    SOCIAL_FIRST = "SOCIAL_FIRST"
    STATION_SURGE = "STATION_SURGE"
    CONNECTION_RISK = "CONNECTION_RISK"


class Evidence(_Out):
    """One post behind an alert, as the liaison needs to see it."""

    post_id: str
    author: str
    created_at: datetime
    excerpt: str
    cues: list[str]
    lang: str
    onboard: bool
    channel: Literal["public", "direct"] = "public"
    loyalty_id_masked: str | None = None
    station: str | None = None
    report: ReportKind = "first_hand"
    counted_as: Category | None = Field(default=None, description="the category this post counted under here")
    primary_category: Category | None = Field(default=None, description="the post's own primary category")


class OpsEventRef(_Out):
    """The ops event that confirmed or retracted an alert, for the timeline."""

    event_id: str
    type: OpsEventType
    occurred_at: datetime
    reported_at: datetime
    station: str | None = None
    details: dict[str, Any] = Field(default_factory=dict)


class Note(_Out):
    by: str
    at: datetime
    text: str


class Alert(_Out):
    """One alert state change on `ioc.alerts`; consumers keep the highest `version` per `alert_id`."""

    alert_id: str
    version: int = Field(ge=1)
    kind: AlertKind
    status: AlertStatus
    flight: str | None = None
    station: str | None = None
    category: Category
    severity: str
    priority: int = Field(ge=1, le=4, description="1 is the most urgent")
    first_reported_at: datetime
    detected_at: datetime
    updated_at: datetime
    confirmed_at: datetime | None = None
    lead_time_s: float | None = None
    evidence: list[Evidence]
    authors: int = Field(ge=0)
    ops_event_id: str | None = None
    ops_event: OpsEventRef | None = None
    explanation: str
    acked_by: str | None = None
    acked_at: datetime | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None
    notes: list[Note] = Field(default_factory=list)
    unit: str | None = Field(
        default=None, description="A flight alert's unit: its leg's aircraft type at its hub (the units table)"
    )
    units: list[str] = Field(
        default_factory=list,
        description="Every unit the alert goes to: a flight alert's unit, every unit with a station alert's hub",
    )
    leg: ScheduledLeg | None = Field(default=None, description="A flight alert's leg of the day, from the schedule")
    ops_feed_silent: bool = Field(
        default=False,
        description="This version was judged while the ops feed was silent (idle: more than idle_after behind the "
        "posts): 'ops has not reported it' holds only up to ops_feed_as_of",
    )
    ops_feed_as_of: datetime | None = Field(
        default=None, description="With ops_feed_silent: the ops feed's latest event time read (null: none yet)"
    )


class AlertAction(_In):
    """A person's action on an alert (`ioc.alert-actions`), folded into the alert's state."""

    action_id: Id
    alert_id: Id
    action: Literal["ack", "resolve", "note"]
    by: Annotated[Name, Field(max_length=128)]
    at: Timestamp
    text: Annotated[str, Strict()] | None = Field(default=None, max_length=4_000)

    def effect(self, acked: bool, resolved: bool) -> tuple[bool, bool, bool]:
        """The one rule for people's actions, on an alert already `acked` / `resolved` or not: whether this
        action (ack, resolve, note) sets the acknowledgement, sets the resolution, adds a note.

        The first ack and the first resolve win; resolving an unacknowledged alert acknowledges it too
        (whoever resolved it saw it); a note without text adds nothing. The API's view and the worker's
        state both apply it, so a person's action reads the same wherever it is shown.
        """
        if self.action == "ack":
            return (not acked, False, False)
        if self.action == "resolve":
            return (not acked and not resolved, not resolved, False)
        return (False, False, bool(self.text))


#: The contracts published as JSON Schema under schemas/ (file stem -> model).
CONTRACTS: dict[str, type[BaseModel]] = {
    "social_mention": SocialMention,
    "ops_event": OpsEvent,
    "enriched_mention": EnrichedMention,
    "alert": Alert,
    "alert_action": AlertAction,
}
