"""FAA NAS airport status polls: programs mapped, repeats give one event, ended programs an end event, closures
judged, hostile XML refused."""

from __future__ import annotations

import pytest
from ingest_helpers import FIXTURES, read_fixture, utc

from ioc_stream.ingest.dates import duration_minutes
from ioc_stream.ingest.faa_nas import closes_to_scheduled, parse_status, update_time
from ioc_stream.ingest.problems import Unreadable
from ioc_stream.models import OpsEvent
from ioc_stream.taxonomy import COMPATIBLE, STATION_COVERING, Category, OpsEventType


def test_three_polls_give_one_event_per_program_and_end_events() -> None:
    out = read_fixture("faa-nas", "faa_polls.xml", carrier="AA")
    assert out.problems == []
    rows = [(e.type, e.station, e.details["status"], e.reported_at.strftime("%H:%M")) for e in out.records]
    assert rows == [
        ("GROUND_STOP", "DFW", "active", "14:02"),
        ("DELAY", "EWR", "active", "14:02"),
        ("DELAY", "ORD", "active", "14:02"),
        ("DELAY", "ORD", "active", "14:02"),
        (
            "AIRPORT_CLOSURE",
            "BNA",
            "active",
            "14:02",
        ),  # LGA (GA only), MIA (a runway) and 6B6 (not IATA) are not incidents
        ("DELAY", "ORD", "ended", "14:07"),
        ("DELAY", "ORD", "ended", "14:07"),
        ("GROUND_STOP", "DFW", "ended", "14:12"),
        ("AIRPORT_CLOSURE", "BNA", "ended", "14:12"),
    ]
    gs, gdp = out.records[0], out.records[1]
    assert gs.event_id == "faa-ground_stop-DFW-20150224T1402Z" and gs.carrier == "AA" and gs.flight is None
    assert gs.details["reason"] == "thunderstorms" and gs.details["end_time"] == "9:45 am CST"
    assert gs.occurred_at == gs.reported_at == utc("2015-02-24T14:02:10Z")
    assert (gdp.details["avg_delay_minutes"], gdp.details["max_delay_minutes"], gdp.details["delay_minutes"]) == (
        95,
        172,
        95,
    )
    dep = out.records[2]
    assert (
        dep.details["direction"],
        dep.details["min_delay_minutes"],
        dep.details["max_delay_minutes"],
        dep.details["trend"],
    ) == ("Departure", 16, 30, "Increasing")
    gs_end = out.records[7]
    assert gs_end.event_id == gs.event_id + "-end" and gs_end.details["started_at"] == "2015-02-24T14:02:10Z"
    assert gs_end.details["end_time"] == "10:15 am CST"  # what the last poll said
    assert "EWR" not in {e.station for e in out.records if e.details["status"] == "ended"}  # still running


def test_closures_count_only_when_scheduled_traffic_is_shut_out() -> None:
    assert closes_to_scheduled("!BNA 02/201 BNA AD AP CLSD ICE ON ALL RWYS")
    assert closes_to_scheduled("AIRPORT CLOSED EXC MEDEVAC")
    assert not closes_to_scheduled("!LGA 02/117 LGA AD AP CLSD TO NON SKED TRANSIENT GA ACFT EXC PPR")
    assert not closes_to_scheduled("AD AP CLSD TO UNSKED OPS")
    assert not closes_to_scheduled("!MIA 02/310 MIA RWY 09/27 CLSD")
    assert not closes_to_scheduled("TWY B CLSD") and not closes_to_scheduled(None)


def test_an_airport_closure_covers_station_surges_of_queues_delays_and_cancellations() -> None:
    assert OpsEventType.AIRPORT_CLOSURE in STATION_COVERING
    for category in (Category.AIRPORT_QUEUE, Category.DELAY, Category.CANCELLATION):
        assert OpsEventType.AIRPORT_CLOSURE in COMPATIBLE[category]
    assert OpsEventType.AIRPORT_CLOSURE not in COMPATIBLE[Category.MEDICAL]
    OpsEvent.model_validate(
        {
            "event_id": "x",
            "type": "AIRPORT_CLOSURE",
            "carrier": "AA",
            "station": "BNA",
            "occurred_at": "2015-02-24T14:00:00Z",
            "reported_at": "2015-02-24T14:00:00Z",
        }
    )


def test_hostile_and_malformed_documents_are_refused_and_the_rest_is_read() -> None:
    out = read_fixture("faa-nas", "faa_hostile.xml")
    assert [p.message for p in out.problems] == [1, 2, 3, 4, 5]
    assert "entity declarations are refused" in out.problems[0].error and "entity" in out.problems[1].error
    assert "passwd" not in out.problems[1].error and "root:" not in str(out.records)
    assert [(e.type, e.station) for e in out.records] == [("GROUND_STOP", "SFO")]


def test_a_poll_older_than_the_last_is_ignored_and_wrong_roots_refused() -> None:
    from ioc_stream.ingest.nas_programs import Programs

    docs = (FIXTURES / "faa_polls.xml").read_bytes().split(b"<?xml")
    first, second = (parse_status(b"<?xml" + d) for d in docs[1:3])
    programs = Programs("AA")
    assert len(programs.observe(second)) == 3 and programs.observe(first) == []
    with pytest.raises(Unreadable, match="not an FAA airport status"):
        parse_status(b"<html><body>maintenance</body></html>")


@pytest.mark.parametrize(
    "text, minutes",
    [
        ("1 hour and 35 minutes", 95),
        ("46 minutes", 46),
        ("2 hours", 120),
        ("1 hour 5 minutes", 65),
        ("0 minutes", 0),
        ("1 minute", 1),
        ("", None),
    ],
)
def test_durations(text: str, minutes: int | None) -> None:
    assert duration_minutes(text) == minutes


def test_update_times() -> None:
    assert update_time("Tue Feb 24 14:02:10 2015 GMT") == utc("2015-02-24T14:02:10Z")
    assert update_time("2015-02-24T14:02:10Z") == utc("2015-02-24T14:02:10Z")
    assert update_time("Tue, 24 Feb 2015 14:02:10 +0000") == utc("2015-02-24T14:02:10Z")
    with pytest.raises(Unreadable):
        update_time(None)
