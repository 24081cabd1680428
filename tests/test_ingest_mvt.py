"""MVT / MVA / DIV telexes (AHM 780): every element read, every message kind mapped, COR, dates, bad telexes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from ingest_helpers import NEAR, read_fixture, utc

from ioc_stream.ingest.dates import clock_near, day_on_or_before, stamp_near
from ioc_stream.ingest.delay_codes import describe, table
from ioc_stream.ingest.mvt import parse_movement
from ioc_stream.ingest.mvt_events import TelexLog
from ioc_stream.ingest.problems import Unreadable
from ioc_stream.ingest.telex import split_messages


def by_id(outcome):
    return {e.event_id: e for e in outcome.records}


def test_a_day_of_telexes_maps_every_message_kind() -> None:
    out = read_fixture("mvt", "mvt_day.txt")
    assert out.problems == []
    assert [e.type for e in out.records] == [
        "DEPARTED",
        "DELAY",
        "ARRIVED",
        "DIVERSION",
        "GATE_RETURN",
        "DEPARTED",
        "GATE_RETURN",
    ]
    ev = by_id(out)

    dep = ev["mvt-AA2390-20150224-DFW-MVT1-AD"]  # corrected later in the file: the COR's times, the original's place
    assert (dep.carrier, dep.flight_number, dep.service_date, dep.station, dep.origin, dep.destination) == (
        "AA",
        "2390",
        date(2015, 2, 24),
        "DFW",
        "DFW",
        "ORD",
    )
    assert dep.occurred_at == utc("2015-02-24T14:27:00Z")
    assert (
        dep.details["airborne"] == "2015-02-24T14:34:00Z" and dep.details["estimated_arrival"] == "2015-02-24T17:05:00Z"
    )
    assert dep.details["message"] == "MVT COR" and dep.details["corrected_at"] == "2015-02-24T19:05:00Z"
    assert dep.reported_at == utc("2015-02-24T14:32:00Z")  # ops knew when the corrected message came
    assert "remarks" not in dep.details and "passengers" not in dep.details  # the COR replaced the whole message

    delay = ev["mvt-AA1019-20150224-DFW-MVT1-DL"]
    assert delay.reported_at == utc("2015-02-24T14:40:00Z") and delay.station == "DFW"
    assert delay.details["delay_minutes"] == 65
    assert (delay.details["delay_code"], delay.details["delay_reason"]) == ("72", "weather at the destination station")
    assert [(d["code"], d["minutes"]) for d in delay.details["delays"]] == [("72", 45), ("93", 20)]
    assert delay.details["estimated_departure"] == "2015-02-24T16:10:00Z"
    assert delay.details["next_info"] == "2015-02-24T16:00:00Z"

    arr = ev["mvt-AA2390-20150224-ORD-MVT1-AA"]
    assert (arr.station, arr.destination, arr.occurred_at) == ("ORD", "ORD", utc("2015-02-24T17:02:00Z"))
    assert arr.details["on_block"] == "2015-02-24T17:09:00Z"

    div = ev["mvt-AA611-20150224-DFW-DIV1-DV"]
    assert div.details["diverted_to"] == "TUL" and div.details["reason"] == "WX AT DESTINATION"
    assert div.origin == "DFW" and div.station is None and div.flight == "AA611"

    rr = ev["mvt-AA88-20150224-MIA-MVT1-RR"]
    assert rr.details["airborne"] is False and rr.occurred_at == utc("2015-02-24T17:58:00Z")
    assert rr.details["remarks"] == "RETURNED TO GATE AFTER PUSHBACK"  # SI runs to the end of the message

    fr = ev["mvt-AA1207-20150224-MIA-MVT1-FR"]
    assert fr.type == "GATE_RETURN" and fr.details["airborne"] is True
    assert fr.details["touchdown"] == "2015-02-24T18:50:00Z" and fr.details["on_block"] == "2015-02-24T18:55:00Z"
    assert "mvt-AA3-20150224-LAX-MVT1-AD" not in ev  # an EA-only revision reports no event


def test_the_origin_stamp_is_reported_at_and_every_element_is_read() -> None:
    m = parse_movement(
        "QU ORDKKAA\n.DFWKKAA 241432 AB1234\nMVA\nAA2390A/24.N823AA.DFW\n"
        "AD1425/1432 EA1705 ORD EB1712\nDLA93A/0030\nPX142/2\nSI  LATE CREW",
        NEAR,
    )
    assert (m.kind, m.flag, m.originator, m.sent_at) == ("MVA", None, "DFWKKAA", utc("2015-02-24T14:32:00Z"))
    assert (m.carrier, m.number, m.suffix, m.registration, m.station) == ("AA", "2390", "A", "N823AA", "DFW")
    assert (m.first, m.second) == (utc("2015-02-24T14:25:00Z"), utc("2015-02-24T14:32:00Z"))
    assert [(e.kind, e.station) for e in m.estimates] == [("EA", "ORD"), ("EB", None)]
    assert [(d.code, d.minutes) for d in m.delays] == [("93A", 30)]
    assert describe("93A") == {
        "code": "93",
        "meaning": "aircraft rotation: late arrival from another flight or leg",
        "group": "reactionary",
        "sub_code": "A",
    }
    assert m.passengers == 142 and m.remarks == ["LATE CREW"]


def test_weight_and_fuel_elements_are_skipped_not_fatal() -> None:
    m = parse_movement(".DFWKKAA 241432\nMVT\nAA2390/24.N823AA.DFW\nAD1425/1432 EA1705 ORD TOF123 ZFW61200", NEAR)
    assert m.estimate("EA").station == "ORD" and m.ignored == ["TOF123", "ZFW61200"]


def test_station_codes_that_look_like_elements_are_stations() -> None:
    """AAL (Aalborg), EDI (Edinburgh), ADL (Adelaide) start like the AA, ED and AD elements (mvt-parser 1.0
    reads them as elements and fails)."""
    m = parse_movement(".DFWKKAA 241432\nMVT\nAA2390/24.N823AA.DFW\nAD1425 EA1705 AAL", NEAR)
    assert m.estimate("EA").station == "AAL"
    m = parse_movement(".EDIKKAA 241432\nMVT\nAA78/24.N2.EDI\nED241700 EDI\nDL41/0030", NEAR)
    assert m.station == "EDI" and m.estimate("ED").station == "EDI"
    assert parse_movement(".ADLKKAA 241432\nMVT\nAA9/24.N9.ADL\nAA1420", NEAR).station == "ADL"


def test_bad_telexes_are_reported_with_their_place_and_the_rest_is_read() -> None:
    out = read_fixture("mvt", "mvt_bad.txt")
    assert [e.event_id for e in out.records] == ["mvt-AA2390-20150224-DFW-MVT1-AD", "mvt-AA78-20150224-EDI-MVT1-DL"]
    assert [(p.message, p.line) for p in out.problems] == [(2, 6), (3, 10), (4, 14), (5, 19), (6, 24)]
    errors = [p.error for p in out.problems]
    assert "no origin line" in errors[0] and "not an MVT, MVA or DIV" in errors[1] and "bad flight line" in errors[2]
    assert "out of range" in errors[3] and "unknown element 'ZZ99'" in errors[4]
    assert all(p.raw for p in out.problems)  # the bytes travel with the problem (dead letters keep them)


@pytest.mark.parametrize(
    "text, error",
    [
        ("", "no origin line"),
        (".DFWKKAA 241432", "not an MVT"),
        (".DFWKKAA 241432\nMVT", "bad flight line"),
        (".DFWKKAA 241432\nMVT\nAA2390/32.N1.DFW", "day of month 32"),
        (".DFWKKAA 241432\nMVT\nAA2390/24.N1.DFW\nAD1425 AA1700", "both AD and AA"),
        (".DFWKKAA 241432\nMVT\nAA2390/24.N1.DFW\nDL72/0010/0020", "more delay durations than codes"),
        (".DFWKKAA 249999\nMVT\nAA2390/24.N1.DFW", "out of range"),
        (".DFWKKAA 241432\nMVT\nAA12345/24.N1.DFW", "bad flight line"),
    ],
)
def test_malformed_telexes_raise_a_clear_error(text: str, error: str) -> None:
    with pytest.raises(Unreadable, match=error):
        parse_movement(text, NEAR)


def test_service_date_is_the_day_of_month_nearest_before_the_message() -> None:
    out = read_fixture("mvt", "mvt_month_end.txt", near=datetime(2015, 3, 1, 3, tzinfo=UTC))
    assert out.problems == []
    dep, arr, delay = out.records
    assert dep.service_date == arr.service_date == date(2015, 2, 28)  # /28 seen on 1 March: February
    assert arr.occurred_at == utc("2015-03-01T02:08:00Z") and arr.reported_at == utc("2015-03-01T02:15:00Z")
    assert dep.reported_at == utc("2015-02-28T23:50:00Z")  # the stamp 282350 read near 1 March: 28 February
    assert delay.service_date == date(2015, 3, 1) and delay.details["delay_reason"] == "aircraft defects"
    assert day_on_or_before(31, date(2015, 3, 2)) == date(2015, 1, 31)  # February has no 31st
    assert day_on_or_before(31, date(2016, 1, 1)) == date(2015, 12, 31)  # across a year end
    assert day_on_or_before(29, date(2016, 3, 1)) == date(2016, 2, 29)  # a leap year
    assert day_on_or_before(24, date(2015, 2, 24)) == date(2015, 2, 24)


def test_stamps_and_clock_times_resolve_nearest() -> None:
    assert stamp_near(31, 23, 50, datetime(2015, 2, 1, 0, 5, tzinfo=UTC)) == utc("2015-01-31T23:50:00Z")
    assert stamp_near(1, 0, 10, datetime(2014, 12, 31, 23, 55, tzinfo=UTC)) == utc("2015-01-01T00:10:00Z")
    assert clock_near("2355", utc("2015-03-01T00:05:00Z")) == utc("2015-02-28T23:55:00Z")  # off-block before midnight
    assert clock_near("0210", utc("2015-02-28T23:50:00Z")) == utc("2015-03-01T02:10:00Z")  # an estimate after it
    with pytest.raises(Unreadable):
        clock_near("14:25", NEAR)


def test_a_telex_log_follows_its_feed_across_months() -> None:
    log = TelexLog(datetime(2015, 1, 30, tzinfo=UTC))
    stamps = [("30", "2300"), ("31", "2350"), ("01", "0010"), ("15", "1200"), ("28", "0900"), ("01", "0600")]
    for day, hhmm in stamps:
        log.add(f".DFWKKAA {day}{hhmm}\nMVT\nAA1/{day}.N1.DFW\nAD{hhmm}")
    reported = [slot[0].reported_at.strftime("%Y-%m-%d") for slot in log.slots]
    assert reported == ["2015-01-30", "2015-01-31", "2015-02-01", "2015-02-15", "2015-02-28", "2015-03-01"]


def test_cor_replaces_the_message_it_corrects_and_a_new_message_is_new() -> None:
    log = TelexLog(NEAR)
    first = log.add(".DFWKKAA 241440\nMVT\nAA1019/24.N1.DFW\nED241610\nDL72/0045")
    revised = log.add(".DFWKKAA 241520\nMVT\nAA1019/24.N1.DFW\nED241700\nDL72/0120")
    corrected = log.add(".DFWKKAA 241525\nMVT COR\nAA1019/24.N1.DFW\nED241705\nDL71/0125")
    assert first[0].event_id.endswith("MVT1-DL") and revised[0].event_id.endswith("MVT2-DL")
    assert corrected[0].event_id == revised[0].event_id  # the COR corrects the latest message, not the first
    events = [e for slot in log.slots for e in slot]
    assert [(e.event_id[-7:], e.details["delay_minutes"], e.details["delay_code"]) for e in events] == [
        ("MVT1-DL", 45, "72"),
        ("MVT2-DL", 85, "71"),
    ]
    assert events[1].reported_at == utc("2015-02-24T15:20:00Z")
    lone = TelexLog(NEAR).add(".DFWKKAA 241525\nMVT COR\nAA7/24.N1.DFW\nAD1520")
    assert lone[0].event_id.endswith("MVT1-AD")  # a COR of a message never seen stands as the message


def test_telexes_split_on_blank_lines_nnnn_and_zczc() -> None:
    chunks = list(split_messages("ZCZC 1\n.A 1\nMVT\nNNNN\n\n\n.B 2\nDIV\n\n.C 3\n"))
    assert [(c.line, c.text) for c in chunks] == [(2, ".A 1\nMVT"), (7, ".B 2\nDIV"), (10, ".C 3")]


def test_the_delay_code_table_is_complete_and_consistent() -> None:
    codes = {c.code for c in table().values()}
    assert {"11", "41", "71", "72", "81", "93", "99"} <= codes and len(codes) >= 75
    assert describe("WT") == describe("72") and describe("WT")["meaning"] == "weather at the destination station"
    assert describe("50")["meaning"] == "unknown delay code"
    assert all(table()[c].alpha == "" or table()[table()[c].alpha].code == c for c in codes)


def test_non_ascii_telex_is_reported() -> None:
    from ioc_stream.ingest.formats import FORMATS, Context, read_all

    out = read_all(
        FORMATS["mvt"],
        ".DFWKKAA 241432\nMVT\nAA1/24.N1.DFW\nAD1425\n\n.DFWKKAA 241433\nMVT\nAA2/24.N1.D\xffW\n".encode("latin-1"),
        Context(near=NEAR),
    )
    assert len(out.records) == 1 and out.problems[0].error.startswith("encoding") and out.problems[0].message == 2
