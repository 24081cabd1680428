"""IATA SSIM chapter 7 schedules: 200-byte records, the carrier record's time mode, flight leg records (type 3).

Read per the chapter 7 layout: type 1 (header) and type 5 (trailer) are checked for their type only, type 4
(segment data) is skipped, type 0 lines are filler. Each type 3 record becomes a `Service`: passenger
departure and arrival times, their UTC/local time variations (kept as the zones of the times, so a DST
change is a new record as SSIM splits them), the date variation for legs departing or arriving on a later
day, the frequency rate, aircraft type and the seats of the aircraft configuration/version.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from ioc_stream.ingest.jsonl import LineError
from ioc_stream.ingest.problems import Unreadable
from ioc_stream.schedule.legs import Service, minutes_of

RECORD = 200
_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}
_OPEN = "00XXX00"  # a period end (or start) left open: the carrier record's validity applies
_CABIN = re.compile(r"([A-Z])(\d{1,3})")


@dataclass(frozen=True, slots=True)
class Carrier:
    """The type 2 record that governs the flight legs after it."""

    airline: str
    time_mode: str  # "L" local, "U" UTC
    valid_from: date | None
    valid_to: date | None


def ssim_date(text: str) -> date:
    """ "20NOV26" -> 2026-11-20 (English month abbreviations, whatever the locale)."""
    if len(text) != 7 or not text[:2].isdigit() or not text[5:].isdigit() or text[2:5] not in _MONTHS:
        raise Unreadable(f"date {text!r} is not DDMMMYY")
    try:
        return date(2000 + int(text[5:]), _MONTHS[text[2:5]], int(text[:2]))
    except ValueError as exc:
        raise Unreadable(f"date {text!r}: {exc}") from exc


def _days(text: str) -> str:
    flown = "".join(c for i, c in enumerate(text, start=1) if c == str(i))
    if any(c not in (" ", "0", str(i)) for i, c in enumerate(text, start=1)) or not flown:
        raise Unreadable(f"days of operation {text!r}")
    return flown


def _variation(text: str) -> str:
    if not re.fullmatch(r"[+-]\d{4}", text):
        raise Unreadable(f"UTC/local time variation {text!r} is not ±HHMM")
    return text


def _day_shift(char: str) -> int:
    if char in (" ", ""):
        return 0
    if char == "A":
        return -1
    if char.isdigit():
        return int(char)
    raise Unreadable(f"date variation {char!r}")


def seats(configuration: str) -> int | None:
    """Seats of an aircraft configuration/version ("F16Y156" -> 172); None when none are given."""
    found = _CABIN.findall(configuration.strip())
    return sum(int(n) for _, n in found) or None


def _time(text: str, what: str) -> int:
    try:
        return minutes_of(text)
    except ValueError as exc:
        raise Unreadable(f"{what}: {exc}") from exc


def carrier_record(rec: str) -> Carrier:
    """The type 2 record: airline, time mode and the period of schedule validity."""
    mode = rec[1]
    if mode not in ("L", "U"):
        raise Unreadable(f"time mode {mode!r} is neither L nor U")

    def opt(text: str) -> date | None:
        return None if not text.strip() or text == _OPEN else ssim_date(text)

    return Carrier(rec[2:5].strip(), mode, opt(rec[14:21]), opt(rec[21:28]))


def leg_record(rec: str, carrier: Carrier) -> Service:
    """One type 3 record as a Service (raises Unreadable with the field at fault)."""
    airline = rec[2:5].strip()
    number = rec[5:9].strip()
    if not airline or not number.isdigit():
        raise Unreadable(f"flight designator {rec[2:9]!r}")
    first_text, last_text = rec[14:21], rec[21:28]
    first = carrier.valid_from if first_text == _OPEN else ssim_date(first_text)
    last = carrier.valid_to if last_text == _OPEN else ssim_date(last_text)
    if first is None or last is None:
        raise Unreadable("open period of operation and no period of schedule validity to close it")
    if last < first:
        raise Unreadable(f"period of operation ends {last} before it starts {first}")
    frequency = rec[35].strip() or "1"
    if not frequency.isdigit() or frequency == "0":
        raise Unreadable(f"frequency rate {rec[35]!r}")
    origin, destination = rec[36:39], rec[54:57]
    for code in (origin, destination):
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise Unreadable(f"station {code!r}")
    aircraft = rec[72:75].strip()
    if not aircraft:
        raise Unreadable("no aircraft type")
    return Service(
        carrier=airline,
        number=int(number),
        leg_seq=int(rec[11:13]) if rec[11:13].strip().isdigit() else 1,
        origin=origin,
        destination=destination,
        first=first,
        last=last,
        days=_days(rec[28:35]),
        departs=_time(rec[39:43], "passenger departure time"),
        arrives=_time(rec[61:65], "passenger arrival time"),
        origin_zone=_variation(rec[47:52]),
        destination_zone=_variation(rec[65:70]),
        aircraft=aircraft,
        seats=seats(rec[172:192]),
        departure_day=_day_shift(rec[192]),
        arrival_day=_day_shift(rec[193]),
        every=int(frequency),
        clock="local" if carrier.time_mode == "L" else "utc",
        suffix=rec[1].strip(),
    )


def records(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(number, record) of each 200-byte record: one a line, or several run together on a line without breaks."""
    n = 0
    for line in lines:
        line = line.rstrip("\r\n")
        chunks = [line[i : i + RECORD] for i in range(0, len(line), RECORD)] if len(line) > RECORD else [line]
        for chunk in chunks:
            n += 1
            yield n, chunk.ljust(RECORD)


def parse_ssim(lines: Iterable[str]) -> Iterator[Service | LineError]:
    """Every flight leg record as a Service, in file order; unusable records as LineError (the run goes on)."""
    carrier: Carrier | None = None
    for n, rec in records(lines):
        kind = rec[0]
        try:
            if kind in ("0", " "):
                continue
            if kind == "2":
                carrier = carrier_record(rec)
            elif kind == "3":
                if carrier is None:
                    raise Unreadable("flight leg record before any carrier record (type 2)")
                yield leg_record(rec, carrier)
            elif kind not in ("1", "4", "5"):
                raise Unreadable(f"record type {kind!r}")
        except Unreadable as exc:
            yield LineError(n, str(exc))
