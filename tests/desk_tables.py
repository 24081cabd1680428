"""The desk tables the tests share: the w26 schedule fixture, three units, an impact table around AA2390 -> AA1234."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ioc_stream.desk.reference import Desk
from ioc_stream.desk.units import Units
from ioc_stream.desk_config import ImpactTable, Unit
from ioc_stream.schedule import Schedule
from ioc_stream.schedule.json_format import dumps
from ioc_stream.schedule.ssim import parse_ssim

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "schedule"
DAY = date(2026, 11, 20)

UNITS = [
    Unit(name="ORD narrowbody", fleet=["738"], hubs=["ORD"]),
    Unit(name="DFW narrowbody", fleet=["738", "321"], hubs=["DFW", "CLT"]),
    Unit(name="Widebody", fleet=["77W", "789"]),
]

#: AA2390 ORD 16:05 -> DFW 18:30 (738) carries a group of 40 onto AA1234 DFW 19:15 -> SAT: a 45 min connection.
IMPACT = {
    "groups": [{"flight": "AA2390", "date": "2026-11-20", "size": 40, "connects_to": "AA1234"}],
    "connections": [{"inbound": "AA2390", "outbound": "AA1234", "passengers": 35, "min_connection_min": 40}],
    "military_markets": [{"station": "SAT", "name": "Joint Base San Antonio"}],
}


def w26() -> Schedule:
    return Schedule(parse_ssim((FIXTURES / "w26.ssim").open(newline="")))


def table(**kw) -> ImpactTable:
    return ImpactTable.model_validate({**IMPACT, **kw})


def desk(**kw) -> Desk:
    """The w26 schedule, UNITS and the impact table (`kw` overrides its fields)."""
    return Desk(schedule=w26(), units=Units(UNITS), table=table(**kw))


def desk_env(tmp: Path, **kw) -> dict[str, str]:
    """The same desk as IOC_DESK__* settings over files in `tmp` (for the worker and the CLI)."""
    schedule, impact = tmp / "schedule.json", tmp / "impact.json"
    schedule.write_bytes(dumps(w26().services, "w26.ssim"))
    impact.write_text(json.dumps({**IMPACT, **kw}))
    return {
        "IOC_DESK__SCHEDULE": str(schedule),
        "IOC_DESK__IMPACT_TABLE": str(impact),
        "IOC_DESK__UNITS": json.dumps([u.model_dump() for u in UNITS]),
    }
