"""A seeded day of operations with ground truth: flights, ops events, incidents, and what passengers post."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ioc_stream.simulate.phrases import FLIGHT_FORMS, INCIDENT, NOISE, STATION_DELAY
from ioc_stream.simulate.schedule import CITIES, HUBS, Flight, build_schedule

#: Incident categories and how often they happen (per incident).
CATEGORY_WEIGHTS: dict[str, int] = {
    "DELAY": 30,
    "CANCELLATION": 12,
    "TARMAC_HOLD": 10,
    "MECHANICAL": 10,
    "DIVERSION": 8,
    "GATE_RETURN": 8,
    "MEDICAL": 8,
    "DISRUPTIVE_PASSENGER": 6,
    "CREW": 5,
}
LANG_WEIGHTS = {"en": 70, "es": 20, "pt": 10}
GEOTAG_SHARE = 0.07
DIRECT_SHARE = 0.08
STATUS_NOISE = ("DEPARTED", "ARRIVED", "ON_TIME")


@dataclass
class Scenario:
    """Raw posts and ops events (as the feeds deliver them) and the incidents behind them."""

    mentions: list[dict[str, Any]] = field(default_factory=list)
    ops: list[dict[str, Any]] = field(default_factory=list)
    truth: list[dict[str, Any]] = field(default_factory=list)


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class _Builder:
    """Accumulates one scenario from one random generator (so a seed fixes everything)."""

    def __init__(self, rng: random.Random, tag: str) -> None:
        self.rng = rng
        self.tag = tag
        self.s = Scenario()
        self._n = 0

    def _id(self, prefix: str) -> str:
        self._n += 1
        return f"{prefix}-{self.tag}-{self._n}"

    def handle(self) -> str:
        return "".join(self.rng.choices(string.ascii_lowercase, k=6)) + str(self.rng.randint(1, 999))

    def lang(self) -> str:
        return self.rng.choices(list(LANG_WEIGHTS), weights=list(LANG_WEIGHTS.values()))[0]

    def fill(self, template: str, lang: str, flight: Flight | None, station: str) -> str:
        f = ""
        if flight is not None:
            f = self.rng.choice(FLIGHT_FORMS[lang]).format(n=flight.number)
        dest = CITIES.get(flight.destination if flight else "", self.rng.choice(list(CITIES.values())))
        return template.format(f=f, dest=dest, h=self.rng.randint(2, 4), m=self.rng.randint(35, 170), st=station)

    def post(self, t: datetime, text: str, lang: str, station: str | None, author: str | None = None) -> dict[str, Any]:
        rng = self.rng
        rec: dict[str, Any] = {
            "id": self._id("m"),
            "platform": "twitter",
            "author": {"handle": author or self.handle(), "followers": rng.randint(0, 5000)},
            "text": text,
            "created_at": iso(t),
        }
        if rng.random() < 0.6:
            rec["lang"] = lang
        if station in HUBS and rng.random() < GEOTAG_SHARE:
            lat, lon = HUBS[station]
            rec["geo"] = {
                "lat": round(lat + rng.uniform(-0.01, 0.01), 5),
                "lon": round(lon + rng.uniform(-0.01, 0.01), 5),
            }
        if rng.random() < DIRECT_SHARE:
            rec["channel"] = "direct"
            rec["customer"] = {"loyalty_id": "".join(rng.choices(string.ascii_uppercase + string.digits, k=7))}
        self.s.mentions.append(rec)
        return rec

    def ops(
        self,
        type: str,
        occurred: datetime,
        reported: datetime,
        flight: Flight | None,
        station: str | None,
        **details: Any,
    ) -> dict[str, Any]:
        rec: dict[str, Any] = {
            "event_id": self._id("o"),
            "type": type,
            "carrier": "AA",
            "occurred_at": iso(occurred),
            "reported_at": iso(reported),
            "details": details,
        }
        if flight is not None:
            rec.update(
                flight_number=str(flight.number),
                service_date=flight.departure.date().isoformat(),
                origin=flight.origin,
                destination=flight.destination,
            )
        if station is not None:
            rec["station"] = station
        self.s.ops.append(rec)
        return rec

    # -- the pieces of a day ------------------------------------------------------------------

    def status_noise(self, f: Flight) -> None:
        """DEPARTED / ARRIVED / ON_TIME for every flight: ops traffic that matches no post."""
        rng = self.rng
        if rng.random() < 0.3:
            t = f.departure - timedelta(minutes=30)
            self.ops("ON_TIME", t, t + timedelta(seconds=rng.randint(0, 90)), f, f.origin)
        for type, t, st in (("DEPARTED", f.departure, f.origin), ("ARRIVED", f.arrival, f.destination)):
            self.ops(type, t, t + timedelta(seconds=rng.randint(0, 180)), f, st)

    def incident(self, f: Flight, social_first: bool) -> None:
        """An incident on `f`: passengers post before ops reports it, or after."""
        rng = self.rng
        category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
        when = f.departure + timedelta(minutes=rng.randint(-20, 90 if category == "DIVERSION" else 20))
        n_authors = rng.randint(2, 5)
        if social_first:
            first = when + timedelta(minutes=rng.randint(1, 8))
            reported = first + timedelta(minutes=rng.randint(5, 60))
        else:
            reported = when + timedelta(minutes=rng.randint(1, 5))
            first = reported + timedelta(minutes=rng.randint(5, 90))
        times = [first]
        for _ in range(n_authors - 1):
            times.append(times[-1] + timedelta(minutes=rng.randint(1, 12)))
        onboard_needed = category in ("DIVERSION", "MEDICAL", "GATE_RETURN", "DISRUPTIVE_PASSENGER")
        for i, t in enumerate(times):
            lang = self.lang()
            ground, onboard = INCIDENT[category][lang]
            if not ground and not onboard:
                lang = "en"
                ground, onboard = INCIDENT[category][lang]
            use_onboard = bool(onboard) and (not ground or (onboard_needed and i == 0) or rng.random() < 0.5)
            template = rng.choice(onboard if use_onboard else ground)
            self.post(t, self.fill(template, lang, f, f.origin), lang, f.origin)
        details: dict[str, Any] = {}
        if category == "DIVERSION":
            details["diverted_to"] = rng.choice([c for c in CITIES if c != f.destination])
        if category == "DELAY":
            details["delay_minutes"] = rng.randint(45, 240)
        self.ops(category, when, reported, f, f.origin if category != "DIVERSION" else None, **details)
        self.s.truth.append(
            {
                "incident_id": self._id("i"),
                "kind": "social_first" if social_first else "ops_first",
                "flight": f.flight,
                "station": f.origin,
                "category": category,
                "occurred_at": iso(when),
                "first_post_at": iso(first),
                "ops_reported_at": iso(reported),
                "lead_time_s": (reported - first).total_seconds() if social_first else None,
                "posts": n_authors,
                "expected_alert": social_first,
            }
        )

    def lone_report(self, f: Flight) -> None:
        """One passenger grumbling about a delay: real, but below the alert threshold."""
        lang = self.lang()
        t = f.departure + timedelta(minutes=self.rng.randint(0, 30))
        self.post(t, self.fill(self.rng.choice(INCIDENT["DELAY"][lang][0]), lang, f, f.origin), lang, f.origin)
        self.s.truth.append(
            {
                "incident_id": self._id("i"),
                "kind": "single_report",
                "flight": f.flight,
                "station": f.origin,
                "category": "DELAY",
                "first_post_at": iso(t),
                "expected_alert": False,
            }
        )

    def station_surge(self, station: str, at: datetime) -> None:
        """Security queues at a hub that no ops feed reports: a STATION_SURGE the bridge should see."""
        rng = self.rng
        n = rng.randint(7, 12)
        times = sorted(at + timedelta(seconds=rng.randint(0, 12 * 60)) for _ in range(n))
        for t in times:
            lang = self.lang()
            self.post(t, self.fill(rng.choice(INCIDENT["AIRPORT_QUEUE"][lang][0]), lang, None, station), lang, station)
        self.s.truth.append(
            {
                "incident_id": self._id("i"),
                "kind": "station_surge",
                "station": station,
                "category": "AIRPORT_QUEUE",
                "first_post_at": iso(times[0]),
                "posts": n,
                "expected_alert": True,
            }
        )

    def ground_stop(self, station: str, at: datetime) -> None:
        """A weather ground stop ops reports first, then a wave of posts about it: no alert."""
        rng = self.rng
        self.ops("GROUND_STOP", at, at + timedelta(minutes=2), None, station, reason="weather")
        n = rng.randint(6, 10)
        first = at + timedelta(minutes=rng.randint(10, 20))
        for i in range(n):
            lang = self.lang()
            t = first + timedelta(seconds=rng.randint(0, 10 * 60)) if i else first
            self.post(t, self.fill(rng.choice(STATION_DELAY[lang]), lang, None, station), lang, station)
        self.s.truth.append(
            {
                "incident_id": self._id("i"),
                "kind": "ground_stop",
                "station": station,
                "category": "DELAY",
                "ops_reported_at": iso(at + timedelta(minutes=2)),
                "first_post_at": iso(first),
                "posts": n,
                "expected_alert": False,
            }
        )

    def noise(self, flights: list[Flight], start: datetime, hours: float, count: int) -> None:
        """Praise, prices and times, service complaints, other carriers' flights."""
        rng = self.rng
        for _ in range(count):
            lang = self.lang()
            f = rng.choice(flights) if flights else None
            t = start + timedelta(seconds=rng.uniform(0, hours * 3600))
            station = f.origin if f else rng.choice(list(HUBS))
            self.post(t.replace(microsecond=0), self.fill(rng.choice(NOISE[lang]), lang, f, station), lang, station)


def generate(
    seed: int,
    start: datetime,
    hours: float = 24,
    flights: int = 200,
    *,
    incident_rate: float = 0.12,
    social_first_share: float = 0.6,
    noise_per_flight: float = 2.0,
    tag: str | None = None,
) -> Scenario:
    """A reproducible scenario: same arguments, same records. Records are sorted by event time."""
    rng = random.Random(seed)
    b = _Builder(rng, tag or f"s{seed}")
    schedule = build_schedule(rng, start, hours, flights)
    for f in schedule:
        b.status_noise(f)
        roll = rng.random()
        if roll < incident_rate:
            b.incident(f, social_first=rng.random() < social_first_share)
        elif roll < incident_rate * 1.5:
            b.lone_report(f)
    hubs = list(HUBS)
    for _ in range(max(1, round(hours / 12))):
        b.station_surge(rng.choice(hubs), start + timedelta(seconds=rng.uniform(0, hours * 3600)))
        b.ground_stop(rng.choice(hubs), start + timedelta(seconds=rng.uniform(0, hours * 3600)))
    b.noise(schedule, start, hours, round(flights * noise_per_flight))
    s = b.s
    s.mentions.sort(key=lambda r: (r["created_at"], r["id"]))
    s.ops.sort(key=lambda r: (r["reported_at"], r["event_id"]))
    s.truth.sort(key=lambda r: (r["first_post_at"], r["incident_id"]))
    return s
