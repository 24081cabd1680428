"""Hand-made SSIM chapter 7 records for the schedule tests: fields placed at their columns, 200 bytes a record."""

from __future__ import annotations

#: 1-based first column of each type 3 field the tests set (chapter 7, flight leg record).
LEG_COLUMNS = {
    "suffix": 2,
    "airline": 3,
    "number": 6,
    "variation": 10,
    "leg": 12,
    "service": 14,
    "first": 15,
    "last": 22,
    "days": 29,
    "frequency": 36,
    "origin": 37,
    "std": 40,
    "aircraft_std": 44,
    "origin_utc": 48,
    "origin_terminal": 53,
    "destination": 55,
    "aircraft_sta": 58,
    "sta": 62,
    "destination_utc": 66,
    "destination_terminal": 71,
    "aircraft": 73,
    "configuration": 173,
    "date_variation": 193,
}


def place(record: str, column: int, value: str) -> str:
    """`record` with `value` written from 1-based `column` on."""
    start = column - 1
    return record[:start] + value + record[start + len(value) :]


def leg(serial: int, **fields: str) -> str:
    """A type 3 record: fields by LEG_COLUMNS name; the aircraft times repeat the passenger ones."""
    fields.setdefault("aircraft_std", fields.get("std", ""))
    fields.setdefault("aircraft_sta", fields.get("sta", ""))
    rec = "3" + " " * 199
    for name, value in {"airline": "AA ", "variation": "01", "leg": "01", "service": "J", **fields}.items():
        rec = place(rec, LEG_COLUMNS[name], value)
    return place(rec, 195, f"{serial:06d}")


def carrier(serial: int, mode: str = "L", valid_from: str = "25OCT26", valid_to: str = "27MAR27") -> str:
    """A type 2 record for AA with a time mode and a period of schedule validity."""
    rec = place("2" + " " * 199, 2, f"{mode}AA ")
    rec = place(rec, 11, "W26")
    rec = place(rec, 15, valid_from + valid_to + "01OCT26")
    rec = place(rec, 36, "IOC-STREAM TEST SCHEDULE")
    return place(rec, 195, f"{serial:06d}")


def header() -> str:
    return place("1AIRLINE STANDARD SCHEDULE DATA SET".ljust(200), 195, "000001")


def trailer(serial: int) -> str:
    return place(place("5 AA 01OCT26".ljust(200), 188, f"{serial - 1:06d}E"), 195, f"{serial:06d}")
