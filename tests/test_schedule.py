"""The schedule: SSIM and CSV imports, legs over midnight, zones and DST, posts' stations, ops events filled in."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from ssim_records import carrier, header, leg, place

from ioc_stream.ingest.jsonl import LineError
from ioc_stream.models import OpsEvent
from ioc_stream.schedule import Schedule
from ioc_stream.schedule.csv_schedule import parse_csv
from ioc_stream.schedule.json_format import ScheduleFileError, dumps, loads
from ioc_stream.schedule.ssim import parse_ssim
from ioc_stream.taxonomy import Category

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "schedule"


def z(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def good_leg(serial: int) -> str:
    """AA2390 ORD 16:05 -> DFW 18:30 daily in November and December 2026 (CST), as a type 3 record."""
    fields = dict(number="2390", first="01NOV26", last="15DEC26", days="1234567", origin="ORD", std="1605")
    return leg(
        serial, **fields, origin_utc="-0600", destination="DFW", sta="1830", destination_utc="-0600", aircraft="738"
    )


def services_and_errors(items):
    errors = [i for i in items if isinstance(i, LineError)]
    return [i for i in items if not isinstance(i, LineError)], errors


@pytest.fixture(scope="module")
def ssim() -> Schedule:
    services, errors = services_and_errors(list(parse_ssim((FIXTURES / "w26.ssim").open(newline=""))))
    assert errors == []
    return Schedule(services)


@pytest.fixture(scope="module")
def csv_schedule() -> Schedule:
    services, errors = services_and_errors(list(parse_csv((FIXTURES / "w26.csv").open(newline=""))))
    assert errors == []
    return Schedule(services)


# --- SSIM import ---------------------------------------------------------------------------------


def test_ssim_reads_every_flight_leg_record_and_skips_the_rest(ssim) -> None:
    assert len(ssim) == 8  # type 1, 0 (filler), 2, 4 (segment data) and 5 are not legs
    assert ssim.flights == {"AA2390", "AA1234", "AA100", "AA950", "AA3001", "AA77"}
    (leg2390,) = ssim.legs("AA2390", date(2026, 11, 20))
    assert (leg2390.origin, leg2390.destination, leg2390.aircraft, leg2390.seats) == ("ORD", "DFW", "738", 172)
    assert leg2390.departure.isoformat() == "2026-11-20T16:05:00-06:00"
    assert leg2390.arrival.isoformat() == "2026-11-20T18:30:00-06:00"


def test_ssim_dst_is_a_new_record_with_its_own_time_variation(ssim) -> None:
    before, after = ssim.legs("AA2390", date(2026, 10, 31))[0], ssim.legs("AA2390", date(2026, 11, 1))[0]
    assert before.departure_utc == z("2026-10-31T21:05:00Z")  # CDT, -0500
    assert after.departure_utc == z("2026-11-01T22:05:00Z")  # CST, -0600: same local time, an hour later in UTC


def test_ssim_date_variation_puts_a_red_eye_arrival_on_the_next_day(ssim) -> None:
    (red_eye,) = ssim.legs("AA100", date(2026, 11, 20))
    assert red_eye.departure.isoformat() == "2026-11-20T23:30:00-08:00"
    assert red_eye.arrival.isoformat() == "2026-11-21T07:55:00-05:00"
    assert red_eye.arrival_utc - red_eye.departure_utc == timedelta(hours=5, minutes=25)
    (gru,) = ssim.legs("AA950", date(2026, 11, 20))  # a Friday: days "1 3 5 7"
    assert gru.arrival.isoformat() == "2026-11-21T10:30:00-03:00"
    assert ssim.legs("AA950", date(2026, 11, 19)) == []  # Thursday: not flown


def test_ssim_open_period_ends_with_the_schedule_validity(ssim) -> None:
    assert ssim.legs("AA100", date(2027, 3, 27)) and not ssim.legs("AA100", date(2027, 3, 28))


def test_ssim_frequency_rate_two_flies_every_other_week(ssim) -> None:
    sundays = [date(2026, 11, 1) + timedelta(weeks=w) for w in range(4)]
    assert [bool(ssim.legs("AA77", d)) for d in sundays] == [True, False, True, False]
    (hnl,) = ssim.legs("AA77", sundays[0])
    assert hnl.arrival.isoformat() == "2026-11-01T15:10:00-10:00" and hnl.seats == 285


def test_ssim_multi_leg_flight_keeps_its_legs_in_order(ssim) -> None:
    legs = ssim.legs("AA3001", date(2026, 11, 20))
    assert [(lg.leg_seq, lg.origin, lg.destination) for lg in legs] == [(1, "ORD", "DFW"), (2, "DFW", "SAT")]
    assert ssim.legs("AA3001", date(2026, 11, 21)) == []  # Saturday


def test_ssim_utc_time_mode_reads_times_and_days_as_utc() -> None:
    rec = leg(
        3,
        number="0404",
        first="20NOV26",
        last="20NOV26",
        days="    5  ",
        origin="DFW",
        std="0130",
        origin_utc="-0600",
        destination="MEX",
        sta="0400",
        destination_utc="-0600",
        aircraft="738",
        date_variation="00",
    )
    (service,) = parse_ssim([header(), carrier(2, mode="U"), rec])
    (mex,) = Schedule([service]).legs("AA404", date(2026, 11, 20))
    assert mex.departure_utc == z("2026-11-20T01:30:00Z")
    assert mex.departure.isoformat() == "2026-11-19T19:30:00-06:00"  # the local evening before


def test_ssim_records_without_line_breaks_are_split_at_200_bytes() -> None:
    lines = (FIXTURES / "w26.ssim").read_text().splitlines()
    services, errors = services_and_errors(list(parse_ssim(["".join(lines)])))
    assert len(services) == 8 and errors == []


@pytest.mark.parametrize(
    ("column", "value", "error"),
    [
        (15, "31FEB26", "31FEB26"),
        (15, "01NOX26", "DDMMMYY"),
        (29, "1234568", "days of operation"),
        (29, "       ", "days of operation"),
        (40, "2561", "passenger departure time"),
        (48, "0600 ", "time variation"),
        (37, "D1W", "station"),
        (73, "   ", "aircraft type"),
        (22, "01OCT26", "before it starts"),
    ],
)
def test_ssim_bad_records_are_reported_with_their_number_and_the_rest_is_read(column, value, error) -> None:
    good = good_leg(3)
    items = list(parse_ssim([header(), carrier(2), place(good, column, value), good]))
    services, errors = services_and_errors(items)
    assert len(services) == 1
    assert [e.line for e in errors] == [3] and error in errors[0].error


def test_ssim_leg_before_any_carrier_record_is_refused() -> None:
    good = good_leg(2)
    (error,) = parse_ssim([header(), good])
    assert isinstance(error, LineError) and "carrier record" in error.error


# --- CSV import ----------------------------------------------------------------------------------


def test_csv_zones_come_from_airportsdata_and_follow_dst(csv_schedule) -> None:
    oct31, nov1 = csv_schedule.legs("AA2390", date(2026, 10, 31))[0], csv_schedule.legs("AA2390", date(2026, 11, 1))[0]
    assert oct31.departure.strftime("%H:%M %Z") == "16:05 CDT" and nov1.departure.strftime("%H:%M %Z") == "16:05 CST"
    assert nov1.departure_utc - oct31.departure_utc == timedelta(days=1, hours=1)


def test_csv_arrival_without_a_day_is_the_first_after_the_departure(csv_schedule) -> None:
    (red_eye,) = csv_schedule.legs("AA100", date(2026, 11, 20))
    assert red_eye.arrival.isoformat() == "2026-11-21T07:55:00-05:00"
    (bne,) = csv_schedule.legs("AA7", date(2026, 11, 20))  # westbound over the date line: two days later, local
    assert bne.arrival.isoformat() == "2026-11-22T06:05:00+10:00"
    assert bne.arrival_utc - bne.departure_utc == timedelta(hours=16, minutes=5)
    (gru,) = csv_schedule.legs("AA950", date(2026, 11, 20))  # "+1" written out
    assert gru.arrival.isoformat() == "2026-11-21T10:30:00-03:00"


def test_csv_and_ssim_of_the_same_flights_agree(ssim, csv_schedule) -> None:
    for flight in ("AA2390", "AA1234", "AA100", "AA950"):
        for day in (date(2026, 11, 1), date(2026, 11, 20), date(2026, 12, 15)):
            a = [
                (lg.origin, lg.destination, lg.departure_utc, lg.arrival_utc, lg.aircraft)
                for lg in ssim.legs(flight, day)
            ]
            b = [
                (lg.origin, lg.destination, lg.departure_utc, lg.arrival_utc, lg.aircraft)
                for lg in csv_schedule.legs(flight, day)
            ]
            assert a == b, (flight, day)


def test_csv_bad_rows_are_reported_with_their_line() -> None:
    text = (
        "flight,date,origin,destination,departure,arrival,aircraft,seats\n"
        "AA2390,2026-11-20,ORD,DFW,16:05,18:30,738,172\n"
        "AA2390,2026-13-01,ORD,DFW,16:05,18:30,738,172\n"
        "AA2390,2026-11-20,ORD,QQQ,16:05,18:30,738,172\n"
        "AA2390,2026-11-20,ORD,DFW,25:05,18:30,738,172\n"
        "AA2390,2026-11-20,ORD,DFW,16:05,18:30,738,many\n"
        "flight 9,2026-11-20,ORD,DFW,16:05,18:30,738,172\n"
        "2391,2026-11-20,ORD,DFW,17:05,19:30,738,\n"
    )
    services, errors = services_and_errors(list(parse_csv(text.splitlines(keepends=True))))
    assert [s.flight for s in services] == ["AA2390", "AA2391"]  # a bare number takes the default carrier
    assert [(e.line, e.error.split()[0]) for e in errors] == [
        (3, "date"),
        (4, "no"),
        (5, "departure:"),
        (6, "seats"),
        (7, "flight"),
    ]


def test_csv_without_the_needed_columns_says_which() -> None:
    (error,) = parse_csv(["flight,origin,departure\n", "AA1,DFW,10:00\n"])
    assert isinstance(error, LineError) and "destination" in error.error and "aircraft" in error.error


# --- the index -----------------------------------------------------------------------------------


def test_leg_at_a_time_resolves_across_midnight(ssim) -> None:
    # AA100 of 20 Nov leaves LAX 23:30 PST = 07:30Z on 21 Nov: a post at 09:00Z on the 21st is about that leg
    leg_ = ssim.leg_at("AA100", z("2026-11-21T09:00:00Z"))
    assert leg_ is not None and leg_.service_date == date(2026, 11, 20)
    # five hours before that departure it is still the 20 Nov leg, not the one of the 19th (landed 12:55Z on the 20th)
    assert ssim.leg_at("AA100", z("2026-11-21T02:30:00Z")).service_date == date(2026, 11, 20)
    assert ssim.leg_at("AA100", z("2026-11-20T14:00:00Z")).service_date == date(2026, 11, 19)
    assert ssim.leg_at("AA2390", z("2026-11-21T12:00:00Z")) is None  # nothing of it within six hours
    assert ssim.leg_at("not a flight", z("2026-11-21T12:00:00Z")) is None
    assert ssim.leg_at("aa 02390", z("2026-11-20T22:30:00Z")).flight == "AA2390"


def test_station_of_a_post_naming_only_a_flight_when_unambiguous(ssim) -> None:
    # AA2390 of 20 Nov: ORD 16:05 CST (22:05Z) -> DFW 18:30 CST (00:30Z)
    assert ssim.station_of_post("AA2390", z("2026-11-20T21:30:00Z")) == "ORD"  # before departure: at the gate
    assert ssim.station_of_post("AA2390", z("2026-11-20T23:00:00Z")) is None  # airborne, or held at ORD
    assert ssim.station_of_post("AA2390", z("2026-11-21T01:10:00Z")) is None  # landed, or still at ORD delayed
    assert ssim.station_of_post("AA2390", z("2026-11-21T01:10:00Z"), Category.BAGGAGE) == "DFW"  # bags: landed
    assert ssim.station_of_post("AA9999", z("2026-11-20T21:30:00Z")) is None


def test_complete_fills_the_route_of_an_ops_event_from_its_leg(ssim) -> None:
    delay = OpsEvent(
        event_id="d1",
        type="DELAY",
        carrier="AA",
        flight_number="2390",
        service_date=date(2026, 11, 20),
        occurred_at=z("2026-11-20T21:50:00Z"),
        reported_at=z("2026-11-20T21:52:00Z"),
    )
    done = ssim.complete(delay)
    assert (done.origin, done.destination, done.service_date) == ("ORD", "DFW", date(2026, 11, 20))
    # no service date: the leg nearest its time; a red-eye reported after midnight UTC keeps its own date
    late = delay.model_copy(
        update={"flight_number": "100", "service_date": None, "occurred_at": z("2026-11-21T07:45:00Z")}
    )
    assert (ssim.complete(late).origin, ssim.complete(late).service_date) == ("LAX", date(2026, 11, 20))
    # a multi-leg flight: the station says which leg, the time says which of the legs touching it
    dep = delay.model_copy(
        update={"flight_number": "3001", "station": "DFW", "type": "DEPARTED", "occurred_at": z("2026-11-20T16:35:00Z")}
    )
    assert (ssim.complete(dep).origin, ssim.complete(dep).destination) == ("DFW", "SAT")
    known = delay.model_copy(update={"origin": "ORD", "destination": "DFW"})
    assert ssim.complete(known) is known
    unknown = delay.model_copy(update={"flight_number": "9999"})
    assert ssim.complete(unknown) is unknown


def test_departure_finds_the_onward_leg_out_of_a_station(ssim) -> None:
    inbound = ssim.legs("AA2390", date(2026, 11, 20))[0]
    onward = ssim.departure("AA1234", "DFW", inbound.arrival_utc)
    assert onward is not None and onward.departure.strftime("%H:%M") == "19:15"
    assert ssim.departure("AA1234", "ORD", inbound.arrival_utc) is None


# --- the schedule file ---------------------------------------------------------------------------


def test_json_round_trip_is_exact_and_deterministic(ssim) -> None:
    data = dumps(ssim.services, "ssim:w26.ssim")
    again = loads(data)
    assert dumps(again.services, "ssim:w26.ssim") == data
    assert set(again.services) == set(ssim.services)
    doc = __import__("orjson").loads(data)
    assert (doc["format"], doc["version"], doc["services"], doc["flights"]) == ("ioc-stream/schedule", 1, 8, 6)
    assert doc["period"] == ["2026-10-25", "2027-03-27"]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"{not json", "not JSON"),
        (b'{"format": "something-else"}', "not an"),
        (b'{"format": "ioc-stream/schedule", "version": 2}', "version 2"),
        (b'{"format": "ioc-stream/schedule", "version": 1, "fields": ["carrier"]}', "fields"),
    ],
)
def test_unreadable_schedule_files_say_why(data, error) -> None:
    with pytest.raises(ScheduleFileError, match=error):
        loads(data)
