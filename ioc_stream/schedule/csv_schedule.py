"""A simple schedule CSV: one leg a row, on one date or on days of the week over a period, local times.

Columns (header row, any order, case-insensitive): `carrier`, `flight` ("2390" or "AA2390"), either `date`
or `days` ("1234567", ISO weekdays) with `from` and `to`, `origin`, `destination`, `departure` and
`arrival` ("18:05" local; "06:10+1" for a later day), `aircraft` (IATA type), `seats`, optional `leg`.
Zones come from airportsdata; an arrival without "+N" is the first one after the departure.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date

from ioc_stream.ingest.jsonl import LineError
from ioc_stream.ingest.problems import Unreadable
from ioc_stream.schedule.legs import Service, minutes_of, parse_flight
from ioc_stream.schedule.zones import ZoneError, airport_zone

REQUIRED = ("flight", "origin", "destination", "departure", "arrival", "aircraft")
_CLOCK = re.compile(r"^\s*(\d{1,2}:?\d{2})\s*(?:([+-])\s*(\d))?\s*$")


def _clock(text: str, what: str) -> tuple[int, int | None]:
    m = _CLOCK.match(text)
    if not m:
        raise Unreadable(f"{what} {text!r} is not HH:MM[+N]")
    try:
        minutes = minutes_of(m.group(1).replace(":", "").rjust(4, "0"))
    except ValueError as exc:
        raise Unreadable(f"{what}: {exc}") from exc
    shift = None if m.group(2) is None else int(m.group(3)) * (-1 if m.group(2) == "-" else 1)
    return minutes, shift


def _date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise Unreadable(f"{what} {text!r} is not YYYY-MM-DD") from exc


def _period(row: dict[str, str]) -> tuple[date, date, str]:
    if row.get("date"):
        day = _date(row["date"], "date")
        return day, day, str(day.isoweekday())
    if not (row.get("days") and row.get("from") and row.get("to")):
        raise Unreadable("needs a date, or days with from and to")
    days = "".join(sorted(set(row["days"].replace(" ", ""))))
    if not days or any(c not in "1234567" for c in days):
        raise Unreadable(f"days {row['days']!r} are not ISO weekdays 1-7")
    first, last = _date(row["from"], "from"), _date(row["to"], "to")
    if last < first:
        raise Unreadable(f"period ends {last} before it starts {first}")
    return first, last, days


def _first_arrival(service: Service, day: date) -> Service:
    """The service with the arrival day that makes its arrival on `day` the first one after the departure."""
    for shift in (-1, 0, 1, 2):
        candidate = replace(service, arrival_day=service.departure_day + shift)
        leg = candidate.leg(day)
        if leg is not None and leg.arrival_utc > leg.departure_utc:
            return candidate
    raise Unreadable("no arrival within two days after the departure")  # unreachable: +2 days always is


def row_service(row: dict[str, str], carrier: str) -> Service:
    """One CSV row (keys lowercased) as a Service."""
    missing = [c for c in REQUIRED if not row.get(c)]
    if missing:
        raise Unreadable(f"missing {', '.join(missing)}")
    flight = row["flight"].strip().upper()
    parsed = (
        parse_flight(flight) if not flight.isdigit() else ((row.get("carrier") or carrier).strip().upper(), int(flight))
    )
    if parsed is None:
        raise Unreadable(f"flight {row['flight']!r}")
    first, last, days = _period(row)
    origin, destination = row["origin"].strip().upper(), row["destination"].strip().upper()
    try:
        zones = airport_zone(origin), airport_zone(destination)
    except ZoneError as exc:
        raise Unreadable(str(exc)) from exc
    departs, dep_shift = _clock(row["departure"], "departure")
    arrives, arr_shift = _clock(row["arrival"], "arrival")
    seats = row.get("seats", "").strip()
    if seats and not seats.isdigit():
        raise Unreadable(f"seats {seats!r}")
    leg = row.get("leg", "").strip()
    service = Service(
        carrier=parsed[0],
        number=parsed[1],
        leg_seq=int(leg) if leg.isdigit() else 1,
        origin=origin,
        destination=destination,
        first=first,
        last=last,
        days=days,
        departs=departs,
        arrives=arrives,
        origin_zone=zones[0],
        destination_zone=zones[1],
        aircraft=row["aircraft"].strip().upper(),
        seats=int(seats) if seats else None,
        departure_day=dep_shift or 0,
        arrival_day=arr_shift or 0,
    )
    day = service.first_operation()
    if day is None:
        raise Unreadable("the period has no date on the days given")
    return service if arr_shift is not None else _first_arrival(service, day)


def parse_csv(lines: Iterable[str], carrier: str = "AA") -> Iterator[Service | LineError]:
    """Every row as a Service, in file order; unusable rows as LineError with their line number."""
    reader = csv.DictReader(lines)
    if reader.fieldnames is None:
        return
    reader.fieldnames = [f.strip().lower() for f in reader.fieldnames]
    absent = [c for c in REQUIRED if c not in reader.fieldnames]
    if absent:
        yield LineError(1, f"header lacks {', '.join(absent)}")
        return
    for row in reader:
        try:
            yield row_service({k: v or "" for k, v in row.items() if k is not None}, carrier)
        except Unreadable as exc:
            yield LineError(reader.line_num, str(exc))
