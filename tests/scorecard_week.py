"""A hand-made week for the scorecard tests (2026-W47, Monday 16 to Sunday 22 November), figures worked out by hand.

Mentions: seven in the week, four the week before, one either side that no figure may count. Alerts: seven
alerts in fifteen versions, given out of order; one was detected the week before and does not count.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ioc_stream.models import Alert, Author, EnrichedMention, Geo, Incident, OpsEventRef, StationRef

WEEK = "2026-W47"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def mention(n: int, when: str, category: str, stations: tuple[str, ...] = (), geo: bool = False) -> EnrichedMention:
    return EnrichedMention(
        id=f"m{n}",
        platform="x",
        author=Author(handle=f"user{n}"),
        text=f"post {n} <b>&</b>",
        created_at=at(when),
        lang="en",
        geo=Geo(lat=32.9, lon=-97.0) if geo else None,
        flights=[],
        stations=[StationRef(code=s, source="code", evidence=s) for s in stations],
        incident=Incident(
            category=category, confidence=0.9, categories=[category], cues=[], onboard=False, severity="LOW"
        ),
    )


MENTIONS = [
    mention(1, "2026-11-16T10:00", "DELAY", ("DFW",), geo=True),
    mention(2, "2026-11-16T11:00", "DELAY", ("DFW",)),
    mention(3, "2026-11-17T09:00", "DELAY", ("ORD",)),
    mention(4, "2026-11-18T12:00", "CANCELLATION", ("DFW",), geo=True),
    mention(5, "2026-11-19T08:00", "BAGGAGE", ("MIA",)),
    mention(6, "2026-11-20T20:00", "DELAY", ("CLT", "DFW")),
    mention(7, "2026-11-22T23:59", "NONE", geo=True),
    mention(8, "2026-11-23T00:00", "DELAY", ("DFW",)),  # the next week
    mention(9, "2026-11-10T10:00", "DELAY", ("ORD",)),  # the week before: 9 to 12
    mention(10, "2026-11-11T10:00", "BAGGAGE", ("MIA",)),
    mention(11, "2026-11-12T10:00", "BAGGAGE", ("MIA",)),
    mention(12, "2026-11-15T23:59", "CANCELLATION", ("DFW",)),
    mention(13, "2026-11-02T10:00", "DELAY", ("DFW",)),  # two weeks before
]


def alert(
    alert_id: str,
    version: int,
    detected: str,
    status: str,
    authors: int,
    *,
    kind: str = "SOCIAL_FIRST",
    flight: str | None = None,
    station: str | None = None,
    category: str = "DELAY",
    priority: int = 2,
    lead: float | None = None,
    acked: str | None = None,
    ops_reported: str | None = None,
) -> Alert:
    ops = None
    if ops_reported:
        ops = OpsEventRef(
            event_id=f"ops-{alert_id}", type=category, occurred_at=at(ops_reported), reported_at=at(ops_reported)
        )
    return Alert(
        alert_id=alert_id,
        version=version,
        kind=kind,
        status=status,
        flight=flight,
        station=station,
        category=category,
        severity="HIGH",
        priority=priority,
        first_reported_at=at(detected),
        detected_at=at(detected),
        updated_at=at(detected),
        lead_time_s=lead,
        evidence=[],
        authors=authors,
        ops_event=ops,
        explanation=f"{authors} passengers report <{category.lower()}> of {flight or station} & more",
        acked_by="maria" if acked else None,
        acked_at=at(acked) if acked else None,
    )


ALERTS = [
    alert(
        "a1",
        3,
        "2026-11-16T10:05",
        "CONFIRMED",
        4,
        flight="AA2390",
        category="DIVERSION",
        priority=1,
        lead=900,
        acked="2026-11-16T10:15",
    ),
    alert("a2", 1, "2026-11-17T09:00", "OPEN", 3, flight="AA1019", category="TARMAC_HOLD"),
    alert("a1", 1, "2026-11-16T10:05", "OPEN", 2, flight="AA2390", category="DIVERSION", priority=1),
    alert(
        "a4",
        1,
        "2026-11-20T20:10",
        "OPEN",
        6,
        kind="STATION_SURGE",
        station="DFW",
        priority=3,
        acked="2026-11-20T20:40",
    ),
    alert("a1", 2, "2026-11-16T10:05", "ESCALATED", 4, flight="AA2390", category="DIVERSION", priority=1),
    alert(
        "a2",
        2,
        "2026-11-17T09:00",
        "CONFIRMED",
        3,
        flight="AA1019",
        category="TARMAC_HOLD",
        lead=1800,
        acked="2026-11-17T09:20",
    ),
    alert("a3", 1, "2026-11-18T12:00", "OPEN", 2, flight="AA930", category="CANCELLATION"),
    alert("a3", 2, "2026-11-18T12:00", "EXPIRED", 2, flight="AA930", category="CANCELLATION"),
    alert(
        "a4",
        2,
        "2026-11-20T20:10",
        "ESCALATED",
        7,
        kind="STATION_SURGE",
        station="DFW",
        priority=3,
        acked="2026-11-20T20:40",
    ),
    alert("a5", 1, "2026-11-21T10:00", "OPEN", 1, flight="AA402", category="MEDICAL", acked="2026-11-21T10:02"),
    alert(
        "a5",
        2,
        "2026-11-21T10:00",
        "RETRACTED",
        1,
        flight="AA402",
        category="MEDICAL",
        acked="2026-11-21T10:02",
        ops_reported="2026-11-21T09:30",
    ),
    alert("a6", 1, "2026-11-14T10:00", "OPEN", 9, flight="AA1", category="DELAY"),  # detected the week before
    alert(
        "a6", 2, "2026-11-14T10:00", "CONFIRMED", 9, flight="AA1", category="DELAY", lead=60, acked="2026-11-16T00:00"
    ),
    alert(
        "a7", 1, "2026-11-22T23:00", "OPEN", 2, flight="AA88", category="BAGGAGE", priority=4, acked="2026-11-23T00:30"
    ),
]

#: The figures, worked out by hand from the lists above.
EXPECTED = {
    "week": "2026-W47",
    "since": "2026-11-16T00:00:00Z",
    "until": "2026-11-23T00:00:00Z",
    "mentions": 7,  # m1..m7; m8 is Monday 00:00 of the next week
    "geotagged": 3,  # m1, m4, m7
    "geotagged_share": 0.4286,
    "alerts": {
        "total": 6,  # a1..a5, a7 (a6 was detected on the 14th)
        "by_kind": {"SOCIAL_FIRST": 5, "STATION_SURGE": 1},
        "by_status": {"CONFIRMED": 2, "ESCALATED": 1, "EXPIRED": 1, "OPEN": 1, "RETRACTED": 1},  # highest versions
    },
    "lead_time_s": {"p50": 900.0, "p90": 1800.0, "n": 2},  # confirmed a1 (900) and a2 (1800); a5 was retracted
    # acks: a5 120, a1 600, a2 1200, a4 1800, a7 5400 -> p50 the 3rd, p90 the 5th (nearest rank)
    "response_time_s": {"p50": 1200.0, "p90": 5400.0, "n": 5},
    "bubbled_up": {
        "categories": [{"key": "DELAY", "this_week": 4, "previous_week": 1, "change": 3, "change_pct": 300.0}],
        "stations": [
            {"key": "DFW", "this_week": 4, "previous_week": 1, "change": 3, "change_pct": 300.0},
            {"key": "CLT", "this_week": 1, "previous_week": 0, "change": 1, "change_pct": None},
        ],
    },
}
#: With top=2: the two largest flight alerts and the largest surge, largest first (authors, then priority).
EXPECTED_STORIES_TOP2 = [
    ("a4", "STATION_SURGE", "DFW", 7),
    ("a1", "SOCIAL_FIRST", "AA2390", 4),
    ("a2", "SOCIAL_FIRST", "AA1019", 3),
]
#: With the default top=5: a3 and a7 both have 2 authors; a3 (priority 2) comes before a7 (priority 4).
EXPECTED_STORIES = ["a4", "a1", "a2", "a3", "a7", "a5"]
