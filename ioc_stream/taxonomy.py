"""Incident taxonomy shared by social posts and ops events, and the one table of what matches what."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Category(StrEnum):
    """What happened, as a passenger or an ops feed would say it."""

    DELAY = "DELAY"
    CANCELLATION = "CANCELLATION"
    DIVERSION = "DIVERSION"
    GATE_RETURN = "GATE_RETURN"
    TARMAC_HOLD = "TARMAC_HOLD"
    MECHANICAL = "MECHANICAL"
    MEDICAL = "MEDICAL"
    DISRUPTIVE_PASSENGER = "DISRUPTIVE_PASSENGER"
    CREW = "CREW"
    BAGGAGE = "BAGGAGE"
    SAFETY_SECURITY = "SAFETY_SECURITY"
    AIRPORT_QUEUE = "AIRPORT_QUEUE"
    CUSTOMER_SERVICE = "CUSTOMER_SERVICE"
    BOOKING = "BOOKING"
    OTHER = "OTHER"
    NONE = "NONE"


class OpsEventType(StrEnum):
    """Ops feed event types: every incident category but NONE (checked below), plus station and status events.

    Spelled out rather than derived from `Category`, so that type checkers see every member.
    """

    DELAY = "DELAY"
    CANCELLATION = "CANCELLATION"
    DIVERSION = "DIVERSION"
    GATE_RETURN = "GATE_RETURN"
    TARMAC_HOLD = "TARMAC_HOLD"
    MECHANICAL = "MECHANICAL"
    MEDICAL = "MEDICAL"
    DISRUPTIVE_PASSENGER = "DISRUPTIVE_PASSENGER"
    CREW = "CREW"
    BAGGAGE = "BAGGAGE"
    SAFETY_SECURITY = "SAFETY_SECURITY"
    AIRPORT_QUEUE = "AIRPORT_QUEUE"
    CUSTOMER_SERVICE = "CUSTOMER_SERVICE"
    BOOKING = "BOOKING"
    OTHER = "OTHER"
    GROUND_STOP = "GROUND_STOP"
    AIRPORT_CLOSURE = "AIRPORT_CLOSURE"
    GATE_CHANGE = "GATE_CHANGE"
    ON_TIME = "ON_TIME"
    DEPARTED = "DEPARTED"
    ARRIVED = "ARRIVED"


_UNTYPED = {c.value for c in Category if c is not Category.NONE} - {t.value for t in OpsEventType}
if _UNTYPED:  # a category added to the taxonomy must be an ops event type too
    raise ImportError(f"OpsEventType lacks the categories {sorted(_UNTYPED)}")


class Severity(IntEnum):
    """How bad it is for the people involved; ordered so max() picks the worst."""

    NONE = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4


#: Categories whose single onboard report is enough to alert the bridge.
HIGH_SEVERITY: frozenset[Category] = frozenset(
    {
        Category.DIVERSION,
        Category.MEDICAL,
        Category.SAFETY_SECURITY,
        Category.DISRUPTIVE_PASSENGER,
        Category.GATE_RETURN,
    }
)

#: Severity of each category when a passenger reports it (onboard reports add one step).
CATEGORY_SEVERITY: dict[Category, Severity] = {
    Category.DELAY: Severity.LOW,
    Category.CANCELLATION: Severity.MEDIUM,
    Category.DIVERSION: Severity.HIGH,
    Category.GATE_RETURN: Severity.HIGH,
    Category.TARMAC_HOLD: Severity.MEDIUM,
    Category.MECHANICAL: Severity.MEDIUM,
    Category.MEDICAL: Severity.HIGH,
    Category.DISRUPTIVE_PASSENGER: Severity.HIGH,
    Category.CREW: Severity.LOW,
    Category.BAGGAGE: Severity.LOW,
    Category.SAFETY_SECURITY: Severity.CRITICAL,
    Category.AIRPORT_QUEUE: Severity.LOW,
    Category.CUSTOMER_SERVICE: Severity.LOW,
    Category.BOOKING: Severity.LOW,
    Category.OTHER: Severity.LOW,
    Category.NONE: Severity.NONE,
}

#: Categories the bridge never alerts on: they are service complaints, not operational events.
NON_OPERATIONAL: frozenset[Category] = frozenset(
    {Category.NONE, Category.OTHER, Category.CUSTOMER_SERVICE, Category.BOOKING}
)

_T = OpsEventType
#: The one compatibility table: which ops event types mean, to ops, what a post's category means.
COMPATIBLE: dict[Category, frozenset[OpsEventType]] = {
    Category.DELAY: frozenset(
        {_T.DELAY, _T.TARMAC_HOLD, _T.MECHANICAL, _T.CREW, _T.GROUND_STOP, _T.GATE_RETURN, _T.AIRPORT_CLOSURE}
    ),
    Category.CANCELLATION: frozenset({_T.CANCELLATION, _T.AIRPORT_CLOSURE}),
    Category.DIVERSION: frozenset({_T.DIVERSION}),
    Category.GATE_RETURN: frozenset({_T.GATE_RETURN, _T.MECHANICAL, _T.DELAY}),
    Category.TARMAC_HOLD: frozenset({_T.TARMAC_HOLD, _T.DELAY, _T.GROUND_STOP}),
    Category.MECHANICAL: frozenset({_T.MECHANICAL, _T.GATE_RETURN, _T.DELAY, _T.CANCELLATION}),
    Category.MEDICAL: frozenset({_T.MEDICAL, _T.DIVERSION, _T.GATE_RETURN}),
    Category.DISRUPTIVE_PASSENGER: frozenset(
        {_T.DISRUPTIVE_PASSENGER, _T.SAFETY_SECURITY, _T.DIVERSION, _T.GATE_RETURN}
    ),
    Category.CREW: frozenset({_T.CREW, _T.DELAY}),
    Category.BAGGAGE: frozenset({_T.BAGGAGE}),
    Category.SAFETY_SECURITY: frozenset({_T.SAFETY_SECURITY, _T.DIVERSION, _T.MEDICAL, _T.DISRUPTIVE_PASSENGER}),
    Category.AIRPORT_QUEUE: frozenset({_T.AIRPORT_QUEUE, _T.GROUND_STOP, _T.AIRPORT_CLOSURE}),
    Category.CUSTOMER_SERVICE: frozenset({_T.CUSTOMER_SERVICE}),
    Category.BOOKING: frozenset({_T.BOOKING}),
    Category.OTHER: frozenset({_T.OTHER}),
    Category.NONE: frozenset(),
}

#: Station-level ops events that already explain a surge of posts at that station (an airport closed to
#: scheduled traffic explains its queues, delays and cancellations).
STATION_COVERING: frozenset[OpsEventType] = frozenset({_T.GROUND_STOP, _T.DELAY, _T.AIRPORT_CLOSURE})


def compatible(category: Category, ops_type: OpsEventType) -> bool:
    """True when an ops event of `ops_type` tells ops what a post of `category` tells us."""
    return ops_type in COMPATIBLE[category]
