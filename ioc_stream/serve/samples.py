"""A realistic night on the bridge, hand-written: alerts and posts for screenshots, page tests and demos."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from ioc_stream.desk_config import Unit
from ioc_stream.models import (
    Alert,
    AlertKind,
    AlertStatus,
    Author,
    Customer,
    EnrichedMention,
    Evidence,
    Note,
    OpsEventRef,
    ScheduledLeg,
    SocialMention,
)
from ioc_stream.taxonomy import Category, OpsEventType

#: The units of the sample night (IOC_DESK__UNITS): narrowbodies by hub, the widebodies wherever they fly.
SAMPLE_UNITS = [
    Unit(name="DFW narrowbody", fleet=["738", "321", "7M8"], hubs=["DFW", "CLT", "PHX"]),
    Unit(name="ORD narrowbody", fleet=["738", "7M8"], hubs=["ORD"]),
    Unit(name="Widebody", fleet=["77W", "789", "772"]),
]
#: The profile table of the sample night (IOC_DESK__PROFILES): loyalty id -> tier.
SAMPLE_PROFILES = {"AA84127731": "Executive Platinum", "AA55501234": "Gold"}

#: (handle, minutes before now, text, lang, cues, onboard, station, channel, loyalty)
_Post = tuple[str, int, str, str, list[str], bool, str | None, str, str | None]

_SCENES: list[dict] = [
    dict(
        id="a-2390-div",
        unit="DFW narrowbody",
        flight="AA2390",
        station="DFW",
        cat=Category.DIVERSION,
        sev="HIGH",
        prio=1,
        status=AlertStatus.OPEN,
        ago=4,
        why="3 passengers report a diversion of AA2390 (first {first}, two onboard); ops has not reported it.",
        posts=[
            (
                "kelsey_travels",
                9,
                "Captain just said we're diverting to Tulsa on AA2390, someone needs medical help up front",
                "en",
                ["diverting to", "medical"],
                True,
                None,
                "public",
                None,
            ),
            (
                "mark.r.dfw",
                6,
                "AA 2390 turning around?? flight map shows us heading north to TUL",
                "en",
                ["turning around"],
                True,
                None,
                "public",
                None,
            ),
            (
                "jgarcia_88",
                4,
                "Mi esposa va en el vuelo 2390 y dice que los desviaron a Tulsa",
                "es",
                ["desviaron"],
                False,
                None,
                "direct",
                "AA84127731",
            ),
        ],
    ),
    dict(
        id="a-1019-tarmac",
        unit="ORD narrowbody",
        flight="AA1019",
        station="ORD",
        cat=Category.TARMAC_HOLD,
        sev="MEDIUM",
        prio=2,
        status=AlertStatus.ESCALATED,
        ago=22,
        why="5 passengers report a tarmac hold on AA1019 at ORD (first {first}); ops has not reported it.",
        posts=[
            (
                "ana.paula.s",
                38,
                "stuck on the tarmac 2 hours on flight 1019 at O'Hare, no water, no updates",
                "en",
                ["stuck on the tarmac"],
                True,
                "ORD",
                "public",
                None,
            ),
            (
                "chi_commuter",
                30,
                "1019 still sitting at the gate area at ORD, AC barely working",
                "en",
                ["still sitting"],
                True,
                "ORD",
                "public",
                None,
            ),
            (
                "beto_pdx",
                22,
                "Tres horas sentados en la pista, vuelo 1019, nadie nos dice nada",
                "es",
                ["sentados en la pista"],
                True,
                "ORD",
                "public",
                None,
            ),
        ],
        acked="maria",
    ),
    dict(
        id="a-930-cnx",
        unit="Widebody",
        flight="AA930",
        station="MIA",
        cat=Category.CANCELLATION,
        sev="MEDIUM",
        prio=2,
        status=AlertStatus.OPEN,
        ago=11,
        why="2 passengers report a cancellation of AA930 at MIA (first {first}); ops has not reported it.",
        posts=[
            (
                "luizfernando",
                14,
                "voo 930 cancelado em Miami, fila enorme no balcão",
                "pt",
                ["cancelado"],
                False,
                "MIA",
                "public",
                None,
            ),
            (
                "kat_flies",
                11,
                "Gate agent says AA930 is cancelled?? App still shows on time",
                "en",
                ["cancelled"],
                False,
                "MIA",
                "public",
                None,
            ),
        ],
    ),
    dict(
        id="a-clt-surge",
        units=["DFW narrowbody"],
        flight=None,
        station="CLT",
        cat=Category.AIRPORT_QUEUE,
        sev="LOW",
        prio=3,
        status=AlertStatus.OPEN,
        ago=7,
        kind=AlertKind.STATION_SURGE,
        why="Posts about security lines at CLT are 4.2x the usual rate (9 in 15 min); "
        "ops has not reported a station event.",
        posts=[
            (
                "qc_runner",
                12,
                "TSA line at CLT wraps past the food court, 5am departures are not making it",
                "en",
                ["line", "wraps"],
                False,
                "CLT",
                "public",
                None,
            ),
            (
                "dani.rn",
                9,
                "CLT security checkpoint B closed?? everyone pushed to A",
                "en",
                ["checkpoint closed"],
                False,
                "CLT",
                "public",
                None,
            ),
        ],
    ),
    dict(
        id="a-402-med",
        unit="DFW narrowbody",
        flight="AA402",
        station="PHX",
        cat=Category.MEDICAL,
        sev="HIGH",
        prio=1,
        status=AlertStatus.CONFIRMED,
        ago=68,
        why="1 onboard passenger reports a medical emergency on AA402 (first {first}); ops confirmed 14 min later.",
        posts=[
            (
                "sunny_az",
                70,
                "They're asking if there's a doctor on board AA402, flight attendants running up the aisle",
                "en",
                ["doctor on board"],
                True,
                None,
                "public",
                None,
            )
        ],
        ops=(OpsEventType.MEDICAL, 60, 56),
        acked="maria",
        resolved="maria",
        note="Spoke with crew scheduling: paramedics met the aircraft at PHX gate B22.",
    ),
    dict(
        id="a-1377-gr",
        unit="Widebody",
        flight="AA1377",
        station="LAX",
        cat=Category.GATE_RETURN,
        sev="HIGH",
        prio=2,
        status=AlertStatus.CONFIRMED,
        ago=108,
        why="2 passengers report a gate return of AA1377 at LAX (first {first}); ops confirmed 31 min later.",
        posts=[
            (
                "drewinla",
                118,
                "we just taxied back to the gate on AA1377, captain mentioned a maintenance light",
                "en",
                ["back to the gate"],
                True,
                "LAX",
                "public",
                None,
            ),
            (
                "marina.c",
                110,
                "Voltamos para o portão, voo 1377, problema técnico",
                "pt",
                ["voltamos para o portão"],
                True,
                "LAX",
                "public",
                None,
            ),
        ],
        ops=(OpsEventType.GATE_RETURN, 95, 87),
    ),
    dict(
        id="a-88-bag",
        unit="Widebody",
        flight="AA88",
        station="JFK",
        cat=Category.BAGGAGE,
        sev="LOW",
        prio=4,
        status=AlertStatus.EXPIRED,
        ago=400,
        why="2 passengers report missing bags from AA88 at JFK (first {first}); no ops event followed.",
        posts=[
            (
                "nyc_jules",
                420,
                "Bags from AA88 still not on belt 5 after an hour at JFK",
                "en",
                ["bags", "not on belt"],
                False,
                "JFK",
                "public",
                None,
            )
        ],
    ),
]


def _mask(loyalty: str | None) -> str | None:
    return f"****{loyalty[-4:]}" if loyalty else None


def sample_alerts(now: datetime | None = None) -> list[Alert]:
    """Seven alerts as the worker would have emitted them around `now`: open, escalated, confirmed, expired."""
    now = now or datetime.now(UTC)
    out = []
    for s in _SCENES:
        detected = now - timedelta(minutes=s["ago"])
        evidence = [
            Evidence(
                post_id=f"{s['id']}-p{i}",
                author=h,
                created_at=now - timedelta(minutes=m),
                excerpt=text,
                cues=cues,
                lang=lang,
                onboard=onboard,
                channel=channel,
                loyalty_id_masked=_mask(loy),
                station=st,
            )
            for i, (h, m, text, lang, cues, onboard, st, channel, loy) in enumerate(s["posts"])
        ]
        first = min(e.created_at for e in evidence)
        alert = Alert(
            alert_id=s["id"],
            version=1,
            kind=s.get("kind", AlertKind.SOCIAL_FIRST),
            status=s["status"],
            flight=s["flight"],
            station=s["station"],
            category=s["cat"],
            severity=s["sev"],
            priority=s["prio"],
            first_reported_at=first,
            detected_at=detected,
            updated_at=detected,
            evidence=evidence,
            authors=len({e.author for e in evidence}),
            explanation=s["why"].format(first=first.strftime("%H:%MZ")),
            unit=s.get("unit"),
            units=s.get("units") or ([s["unit"]] if s.get("unit") else []),
        )
        if "ops" in s:
            kind, occurred, reported = s["ops"]
            ops = OpsEventRef(
                event_id=f"ops-{s['id']}",
                type=kind,
                occurred_at=now - timedelta(minutes=occurred),
                reported_at=now - timedelta(minutes=reported),
                station=s["station"],
            )
            alert = alert.model_copy(
                update=dict(
                    version=2,
                    ops_event=ops,
                    ops_event_id=ops.event_id,
                    confirmed_at=ops.reported_at,
                    updated_at=ops.reported_at,
                    lead_time_s=(ops.reported_at - first).total_seconds(),
                )
            )
        people = {}
        if s.get("acked"):
            people |= dict(acked_by=s["acked"], acked_at=detected + timedelta(minutes=2))
        if s.get("resolved"):
            people |= dict(resolved_by=s["resolved"], resolved_at=detected + timedelta(minutes=40))
        if s.get("note"):
            people["notes"] = [Note(by=s["acked"], at=detected + timedelta(minutes=20), text=s["note"])]
        if s["status"] == AlertStatus.EXPIRED:
            people["updated_at"] = first + timedelta(hours=6)
        out.append(alert.model_copy(update={**people, "version": alert.version + bool(people)}))
    return out


#: Post templates for the pulse: (text, geotag when the poster shares one, weight)
_PULSE_POSTS = [
    ("stuck on the tarmac at DFW on flight {n}, 40 min now", (32.8998, -97.0403), 5),
    ("vuelo {n} retrasado otra vez en MIA", (25.7959, -80.2870), 6),
    ("voo {n} cancelado, alguém sabe se remarcam?", None, 3),
    ("Loved the crew on AA{n} tonight, smooth landing into ORD", (41.9742, -87.9073), 4),
    ("bags from AA{n} not on the belt at JFK", None, 3),
    ("security line at CLT is insane right now", (35.2140, -80.9431), 4),
    ("flight {n} delayed 2 hours at PHX, missed my connection", None, 8),
    ("diverting to Tulsa on AA{n}", None, 1),
    ("gate agent at LAX says AA{n} has a maintenance issue, we're deplaning", None, 2),
    ("Customer service line has had me on hold 50 minutes", None, 4),
]
#: Flights people post about, most talked-about first.
_FLIGHTS = (1019, 2390, 930, 402, 1377, 88, 2211, 517, 1604, 2733)
#: Relative posting activity by UTC hour (US evening peak).
_DIURNAL = (9, 8, 7, 5, 3, 2, 2, 2, 3, 4, 6, 8, 10, 12, 13, 14, 15, 16, 18, 20, 22, 21, 16, 12)


def sample_mentions(now: datetime | None = None, count: int = 600, seed: int = 7) -> list[SocialMention]:
    """`count` posts over the last 24 h with a US-evening peak, in en/es/pt, ~7% geotagged (seeded)."""
    import random

    now = now or datetime.now(UTC)
    rng = random.Random(seed)
    out = []
    for i in range(count):
        moment = now - timedelta(hours=rng.random() * 23.9)
        while rng.random() * max(_DIURNAL) > _DIURNAL[moment.hour]:
            moment = now - timedelta(hours=rng.random() * 23.9)
        text, geo, _ = rng.choices(_PULSE_POSTS, weights=[w for *_, w in _PULSE_POSTS])[0]
        flight = _FLIGHTS[min(int(rng.expovariate(0.45)), len(_FLIGHTS) - 1)]
        out.append(
            SocialMention.model_validate(
                {
                    "id": f"pulse-{i}",
                    "platform": "x",
                    "author": {"handle": f"user{rng.randrange(400)}"},
                    "text": text.format(n=flight),
                    "created_at": moment.isoformat(),
                    "geo": {"lat": geo[0], "lon": geo[1]} if geo and rng.random() < 0.15 else None,
                }
            )
        )
    return out


def sample_enriched(
    now: datetime | None = None, count: int = 600, seed: int = 7, carrier: str = "AA"
) -> list[EnrichedMention]:
    """The sample posts as the worker publishes them on the enriched-mentions topic (what the pulse reads)."""
    from ioc_stream.enrich import enrich

    return [enrich(m, carrier) for m in sample_mentions(now, count, seed)]


def sample_connection_risk(now: datetime | None = None) -> Alert:
    """A CONNECTION_RISK as the worker raises it from a DELAY on the ops feed alone: AA2211 ORD->DFW late, a
    school band booked through to San Antonio."""
    now = now or datetime.now(UTC)
    reported = now - timedelta(minutes=16)
    departs = (now + timedelta(minutes=35)).replace(second=0, microsecond=0)
    central = timezone(timedelta(hours=-6))
    leg = ScheduledLeg(
        flight="AA2211",
        service_date=departs.astimezone(central).date(),
        origin="ORD",
        destination="DFW",
        departure=departs.astimezone(central),
        arrival=(departs + timedelta(minutes=145)).astimezone(central),
        aircraft="738",
    )
    onward = (departs + timedelta(minutes=190)).astimezone(central)
    why = (
        f"Ops reports AA2211 ORD->DFW delayed 35 min (at {reported:%H:%M}Z); connection at risk: group of 40"
        f" (Lincoln HS band) connecting DFW->SAT at {onward:%H:%M}, 45 min connection (10 min left after a 35 min"
        " delay, minimum 45)."
    )
    ops = OpsEventRef(
        event_id="ops-a-2211-risk",
        type=OpsEventType.DELAY,
        occurred_at=reported,
        reported_at=reported,
        details={"delay_minutes": 35},
    )
    return Alert(
        alert_id=f"AA2211:CONNECTION_RISK:{departs:%Y%m%dT%H%MZ}",
        version=1,
        kind=AlertKind.CONNECTION_RISK,
        status=AlertStatus.OPEN,
        flight="AA2211",
        station="DFW",
        category=Category.DELAY,
        severity="LOW",
        priority=3,
        first_reported_at=reported,
        detected_at=reported,
        updated_at=reported,
        evidence=[],
        authors=0,
        ops_event_id=ops.event_id,
        ops_event=ops,
        explanation=why,
        unit="ORD narrowbody",
        units=["ORD narrowbody"],
        leg=leg,
    )


def sample_history(now: datetime | None = None, carrier: str = "AA") -> list[EnrichedMention]:
    """Earlier posts of the sample night's authors: jgarcia_88's direct message linking his loyalty id, and
    what he and kelsey_travels posted in the days before."""
    from ioc_stream.enrich import enrich

    now = now or datetime.now(UTC)

    def post(n: int, handle: str, days: float, text: str, loyalty: str | None = None) -> EnrichedMention:
        return enrich(
            SocialMention(
                id=f"hist-{n}",
                platform="x",
                author=Author(handle=handle),
                text=text,
                created_at=now - timedelta(days=days),
                channel="direct" if loyalty else "public",
                customer=Customer(loyalty_id=loyalty) if loyalty else None,
            ),
            carrier,
        )

    return [
        post(
            1,
            "jgarcia_88",
            0.01,
            "Hola, mi número de socio es AA84127731. ¿Hay novedades del vuelo 2390?",
            "AA84127731",
        ),
        post(2, "jgarcia_88", 3.2, "Vuelo 1604 a Miami con dos horas de retraso otra vez, sin explicación"),
        post(3, "jgarcia_88", 9.5, "Gracias a la tripulación del vuelo 517, excelente servicio"),
        post(4, "kelsey_travels", 1.4, "Bags from AA88 still not on the belt at JFK after 50 minutes"),
    ]
