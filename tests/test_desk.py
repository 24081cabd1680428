"""Units by fleet and hub; the impact of a disrupted leg joined to the schedule (groups, connections, military)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from desk_tables import DAY, UNITS, table, w26
from pydantic import ValidationError

from ioc_stream.config import Settings
from ioc_stream.desk.impact import Disruption, assess
from ioc_stream.desk.units import Units
from ioc_stream.desk_config import DeskConfig, ImpactTableError, Unit, load_impact_table
from ioc_stream.models import OpsEvent
from ioc_stream.schedule import Schedule


@pytest.fixture(scope="module")
def schedule() -> Schedule:
    return w26()


# --- units ---------------------------------------------------------------------------------------


def test_unit_of_a_leg_is_its_aircraft_type_at_its_origin_hub_then_its_destination(schedule) -> None:
    units = Units(UNITS)
    assert units.of_leg(schedule.legs("AA2390", DAY)[0]) == "ORD narrowbody"  # 738 ORD->DFW: both hubs, origin wins
    assert units.of_leg(schedule.legs("AA3001", DAY)[1]) == "DFW narrowbody"  # 738 DFW->SAT
    assert units.of_leg(schedule.legs("AA100", DAY)[0]) is None  # 321 LAX->JFK: no hub of its unit
    assert units.of_leg(schedule.legs("AA950", DAY)[0]) == "Widebody"  # a fleet unit without hubs
    assert units.of_leg(schedule.legs("AA1234", DAY)[0]) is None  # E75: nobody's fleet
    assert units.of("321", "JFK", "clt") == "DFW narrowbody"


def test_units_of_a_station_are_every_unit_with_it_as_a_hub() -> None:
    units = Units([*UNITS, Unit(name="DFW regional", fleet=["E75"], hubs=["DFW"])])
    assert units.of_station("dfw") == ["DFW narrowbody", "DFW regional"]
    assert (
        units.of_station("ORD") == ["ORD narrowbody"] and units.of_station("MIA") == [] and units.of_station(None) == []
    )
    assert not Units() and Units(UNITS)


def test_units_table_comes_from_the_environment_and_refuses_overlaps(monkeypatch) -> None:
    monkeypatch.setenv(
        "IOC_DESK__UNITS", json.dumps([{"name": "DFW narrowbody", "fleet": ["738", "7m8"], "hubs": ["dfw"]}])
    )
    monkeypatch.setenv("IOC_DESK__SCHEDULE", "/etc/ioc/schedule.json")
    desk = Settings().desk
    assert desk.units == [Unit(name="DFW narrowbody", fleet=["738", "7M8"], hubs=["DFW"])]
    assert desk.schedule == "/etc/ioc/schedule.json"
    with pytest.raises(ValidationError, match="738 at DFW belongs to both"):
        DeskConfig(units=[*UNITS, Unit(name="Other", fleet=["738"], hubs=["DFW"])])
    with pytest.raises(ValidationError, match="repeat"):
        DeskConfig(units=[UNITS[0], UNITS[0]])
    with pytest.raises(ValidationError):
        Unit(name="x", fleet=["738"], hubs=["DALLAS"])
    with pytest.raises(ValidationError):
        Unit(name="x", fleet=[], hubs=["DFW"])


# --- impact --------------------------------------------------------------------------------------


def test_a_delay_that_breaks_a_group_connection_raises_priority_and_says_why(schedule) -> None:
    leg = schedule.legs("AA2390", DAY)[0]  # ORD 16:05 -> DFW 18:30; AA1234 DFW 19:15 -> SAT: 45 min
    impact = assess(leg, Disruption("DELAY", 25), schedule, table())
    assert impact.reasons == (
        "group of 40 connecting DFW->SAT at 19:15, 45 min connection (20 min left after a 25 min delay, minimum 40)",
        "35 passengers on AA1234 connecting DFW->SAT at 19:15, 45 min connection"
        " (20 min left after a 25 min delay, minimum 40)",
    )
    assert impact.at_risk == ("AA1234",) and impact.connection_risk
    assert impact.bump == 1 and impact.priority(3) == 2 and impact.priority(1) == 1
    assert impact.reason.startswith("group of 40 connecting DFW->SAT at 19:15, 45 min connection")


def test_a_short_delay_keeps_the_connection_but_a_large_group_still_counts(schedule) -> None:
    leg = schedule.legs("AA2390", DAY)[0]
    impact = assess(
        leg,
        Disruption("DELAY", 5),
        schedule,
        table(
            groups=[
                {
                    "flight": "AA2390",
                    "date": "2026-11-20",
                    "size": 40,
                    "name": "Lincoln HS band",
                    "connects_to": "AA1234",
                }
            ]
        ),
    )
    assert impact.reasons == ("group of 40 (Lincoln HS band) connecting DFW->SAT at 19:15, 45 min connection",)
    assert not impact.connection_risk and impact.bump == 1  # 40 min left = the minimum: it holds


@pytest.mark.parametrize(
    ("disruption", "tail"),
    [
        (Disruption("CANCELLATION"), "(AA2390 cancelled)"),
        (Disruption("DIVERSION"), "(AA2390 diverted)"),
        (Disruption("DELAY"), "(delay not yet known, minimum 40 min)"),
    ],
)
def test_a_leg_that_will_not_arrive_or_whose_delay_is_unknown_puts_connections_at_risk(
    schedule, disruption, tail
) -> None:
    impact = assess(schedule.legs("AA2390", DAY)[0], disruption, schedule, table())
    assert all(r.endswith(tail) for r in impact.reasons) and impact.at_risk == ("AA1234",)


def test_what_is_not_listed_small_or_on_another_date_has_no_impact(schedule) -> None:
    leg = schedule.legs("AA2390", DAY)[0]
    small = table(
        groups=[{"flight": "AA2390", "date": "2026-11-20", "size": 12, "connects_to": "AA1234"}],
        connections=[{"inbound": "AA2390", "outbound": "AA1234", "passengers": 8}],
    )
    assert assess(leg, Disruption("CANCELLATION"), schedule, small).reasons == ()
    other_day = schedule.legs("AA2390", date(2026, 11, 21))[0]
    impact = assess(other_day, Disruption("DELAY", 30), schedule, table(connections=[]))
    assert impact.reasons == () and impact.bump == 0 and impact.priority(3) == 3 and impact.reason is None


def test_a_group_without_a_connection_and_an_unscheduled_onward_flight(schedule) -> None:
    leg = schedule.legs("AA2390", DAY)[0]
    t = table(
        groups=[
            {"flight": "AA2390", "date": "2026-11-20", "size": 25},
            {"flight": "AA2390", "date": "2026-11-20", "size": 30, "connects_to": "AA5555"},
        ],
        connections=[],
    )
    impact = assess(leg, Disruption("DELAY", 10), schedule, t)
    assert impact.reasons == ("group of 25 on AA2390", "group of 30 connecting to AA5555 at DFW")
    assert impact.at_risk == ("AA5555",)  # not in the schedule: nothing says it holds


def test_a_military_market_at_either_end(schedule) -> None:
    impact = assess(schedule.legs("AA1234", DAY)[0], Disruption("DELAY", 30), schedule, table())
    assert impact.reasons == ("military market SAT (Joint Base San Antonio)",) and not impact.connection_risk


def test_disruption_of_an_ops_event_reads_how_late_the_leg_arrives(schedule) -> None:
    leg = schedule.legs("AA2390", DAY)[0]

    def event(type_: str, **details) -> OpsEvent:
        at = datetime(2026, 11, 20, 21, 50, tzinfo=leg.departure.tzinfo)
        return OpsEvent(
            event_id="e",
            type=type_,
            carrier="AA",
            flight_number="2390",
            occurred_at=at,
            reported_at=at,
            details=details,
        )

    assert Disruption.of_event(event("DELAY", estimated_arrival="2026-11-21T01:05:00Z"), leg) == Disruption("DELAY", 35)
    assert (
        Disruption.of_event(event("DELAY", estimated_departure="2026-11-20T22:45:00Z", delay_minutes=99), leg).late_min
        == 40
    )
    assert Disruption.of_event(event("DELAY", delay_minutes=25), leg).late_min == 25
    assert Disruption.of_event(event("DELAY", estimated_arrival="soon"), leg) == Disruption("DELAY", None)
    assert Disruption.of_event(event("CANCELLATION"), leg).misses
    assert Disruption.of_event(event("BAGGAGE"), leg) is None and Disruption.of("AIRPORT_QUEUE") is None
    assert Disruption.of("TARMAC_HOLD") == Disruption("TARMAC_HOLD", None)


def test_impact_table_file(tmp_path) -> None:
    path = tmp_path / "impact.json"
    path.write_text(
        json.dumps({"groups": [{"flight": "aa 2390", "date": "2026-11-20", "size": 40}], "large_group": 30})
    )
    loaded = load_impact_table(path)
    assert loaded.groups[0].flight == "AA2390" and loaded.large_group == 30 and loaded.min_connection_min == 45
    path.write_text(json.dumps({"groups": [{"flight": "AA2390", "date": "2026-11-20", "size": 40, "sise": 1}]}))
    with pytest.raises(ImpactTableError, match="sise"):
        load_impact_table(path)
    with pytest.raises(ImpactTableError, match="cannot read"):
        load_impact_table(tmp_path / "missing.json")
