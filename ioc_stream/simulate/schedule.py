"""A seeded flight schedule: AA flight numbers between real US hubs and their spokes, with coordinates."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

#: American's hubs with their coordinates (for the ~7% geotagged posts).
HUBS: dict[str, tuple[float, float]] = {
    "DFW": (32.8998, -97.0403),
    "CLT": (35.2140, -80.9431),
    "ORD": (41.9786, -87.9048),
    "MIA": (25.7959, -80.2870),
    "PHX": (33.4343, -112.0116),
    "PHL": (39.8721, -75.2411),
    "DCA": (38.8521, -77.0377),
    "LAX": (33.9425, -118.4081),
    "JFK": (40.6413, -73.7781),
    "LGA": (40.7769, -73.8740),
}

#: Spokes and diversion airports, with the city passengers name.
CITIES: dict[str, str] = {
    "TUL": "Tulsa",
    "AUS": "Austin",
    "SAT": "San Antonio",
    "MCO": "Orlando",
    "LAS": "Las Vegas",
    "DEN": "Denver",
    "SFO": "San Francisco",
    "SEA": "Seattle",
    "BOS": "Boston",
    "ATL": "Atlanta",
    "MSY": "New Orleans",
    "OKC": "Oklahoma City",
    "MEX": "Mexico City",
    "CUN": "Cancun",
    "GRU": "Sao Paulo",
    "SJU": "San Juan",
    "BNA": "Nashville",
    "RDU": "Raleigh",
}


@dataclass(frozen=True, slots=True)
class Flight:
    """One scheduled flight leg."""

    number: int
    origin: str
    destination: str
    departure: datetime
    arrival: datetime

    @property
    def flight(self) -> str:
        return f"AA{self.number}"


def build_schedule(
    rng: random.Random, start: datetime, hours: float, count: int, first_number: int = 100
) -> list[Flight]:
    """`count` flights departing within `hours` of `start`, unique numbers, hub to spoke or spoke to hub."""
    numbers = rng.sample(range(first_number, 10_000), min(count, 10_000 - first_number))
    hubs, spokes = list(HUBS), list(CITIES)
    flights = []
    for n in numbers:
        hub, spoke = rng.choice(hubs), rng.choice(spokes)
        origin, destination = (hub, spoke) if rng.random() < 0.5 else (spoke, hub)
        dep = start + timedelta(seconds=rng.uniform(0, hours * 3600))
        dep = dep.replace(second=0, microsecond=0)
        flights.append(Flight(n, origin, destination, dep, dep + timedelta(minutes=rng.randint(60, 330))))
    flights.sort(key=lambda f: (f.departure, f.number))
    return flights
