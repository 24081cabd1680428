"""AIDX flight leg notifications: leg identity, cancellations, delays beyond the margin, departures and arrivals,
bad XML."""

from __future__ import annotations

from datetime import date

from ingest_helpers import FIXTURES, read_fixture, utc

from ioc_stream.ingest.aidx import parse_notification


def test_legs_map_to_delay_cancellation_departed_and_arrived() -> None:
    out = read_fixture("aidx", "aidx_legs.xml")
    assert out.problems == []
    assert [(e.type, e.flight, e.station) for e in out.records] == [
        ("DELAY", "AA2390", "DFW"),
        ("DELAY", "AA2390", "ORD"),
        ("CANCELLATION", "AA88", "MIA"),
        ("DEPARTED", "AA1019", "LAX"),
        ("DELAY", "AA1019", "PHX"),
        ("ARRIVED", "AA1019", "PHX"),
    ]
    dep_delay = out.records[0]
    assert (dep_delay.service_date, dep_delay.origin, dep_delay.destination) == (date(2015, 2, 24), "DFW", "ORD")
    assert dep_delay.reported_at == utc("2015-02-24T13:40:00Z")  # the notification's TimeStamp
    assert dep_delay.details["delay_minutes"] == 55 and dep_delay.details["time_type"] == "EST"
    assert (
        dep_delay.details["scheduled"] == "2015-02-24T14:00:00Z"
        and dep_delay.details["expected"] == "2015-02-24T14:55:00Z"
    )
    assert out.records[2].flight_number == "88" and out.records[2].details["operational_status"] == "DX"  # "0088"
    departed = out.records[3]
    assert departed.occurred_at == utc("2015-02-24T14:06:00Z") and departed.details["tko_act"] == "2015-02-24T14:14:00Z"
    assert "DL-departure" not in " ".join(
        e.event_id for e in out.records if e.flight == "AA1019"
    )  # 6 min late: within 15
    arrived = out.records[5]
    assert arrived.occurred_at == utc("2015-02-24T16:28:00Z") and out.records[4].details["delay_minutes"] == 48
    # the 14:12 notification for AA2390 repeats its departure delay: not a second event
    assert sum(e.event_id == "aidx-AA2390-20150224-DFW-DL-departure" for e in out.records) == 1


def test_the_margin_is_configurable() -> None:
    strict = read_fixture("aidx", "aidx_legs.xml", delay_margin_minutes=5)
    assert "aidx-AA1019-20150224-LAX-DL-departure" in {e.event_id for e in strict.records}
    lax = read_fixture("aidx", "aidx_legs.xml", delay_margin_minutes=60)
    # AA2390's first estimate is 55 min late (within 60); the 14:12 one, 70 min, crosses the margin
    assert [(e.type, e.flight) for e in lax.records] == [
        ("CANCELLATION", "AA88"),
        ("DEPARTED", "AA1019"),
        ("DELAY", "AA2390"),
        ("ARRIVED", "AA1019"),
    ]
    assert lax.records[2].reported_at.strftime("%H:%M") == "14:12" and lax.records[2].details["delay_minutes"] == 70


def test_bad_and_hostile_notifications_are_reported_and_the_rest_is_read() -> None:
    out = read_fixture("aidx", "aidx_bad.xml")
    assert [p.message for p in out.problems] == [1, 2, 3, 4, 5, 6]
    assert "entity declarations are refused" in out.problems[0].error
    assert "TimeStamp" in out.problems[1].error and "LegIdentifier needs" in out.problems[2].error
    assert "not 1-4 digits" in out.problems[3].error and "ISO 8601" in out.problems[4].error
    assert "origin" in out.problems[5].error
    assert [e.flight for e in out.records] == ["AA13"]


def test_a_notification_without_namespace_reads_the_same() -> None:
    doc = (FIXTURES / "aidx_legs.xml").read_bytes().split(b"</IATA_AIDX_FlightLegNotifRQ>")[
        0
    ] + b"</IATA_AIDX_FlightLegNotifRQ>"
    plain = doc.replace(b' xmlns="http://www.iata.org/IATA/2007/00"', b"")
    assert parse_notification(doc) == parse_notification(plain)
