"""IATA AHM 780 movement messages (MVT, MVA, DIV) read into a `Movement`: pure, every element checked.

A telex: an optional address line ("QU DFWKKAA"), the origin line (".DFWKKAA 201432": who sent it
and its DDHHMM time stamp), the type ("MVT", "MVT COR", "DIV"), the flight line
("AA2390/20.N123AA.DFW": flight, day of month, registration, station), then the elements. Times
carry no month or year: each is resolved to the one nearest the time it was read near (see dates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from ioc_stream.ingest.dates import clock_near, day_on_or_before, stamp_near
from ioc_stream.ingest.problems import Unreadable

_ADDRESS = re.compile(r"(?:Q[A-Z]|[A-Z]{2})(?:\s+[A-Z0-9]{7})+")
_ORIGIN = re.compile(r"\.([A-Z0-9]{7})\s+(\d{2})(\d{2})(\d{2})(?:\s+\S+)*")
_HEADER = re.compile(r"(MVT|MVA|DIV)(?:\s+(COR|REV))?")
_FLIGHT = re.compile(r"([A-Z0-9]{2}[A-Z]?)(\d{1,4})([A-Z]?)/(\d{2})(?:\.([A-Z0-9-]{2,10}))?\.([A-Z]{3})")
_TIMES = r"(\d{4}|\d{6})(?:/(\d{4}|\d{6}))?"
_STATION = re.compile(r"[A-Z]{3}")
#: Elements read and not mapped: fuel and weights, crew report, flight leg date, reclearance, extra delay info.
_UNMAPPED = re.compile(r"(?:TOF|TOW|TAW|ZFW|CRT|FLD|MAP|RC|EDL)[A-Z0-9/]+")
_DELAY = re.compile(r"(DLA|DL)((?:\d{2}|[A-Z]{2})[A-Z]?(?:/(?:\d{2}|[A-Z]{2})[A-Z]?)*)((?:/\d{4})*)")


@dataclass(frozen=True, slots=True)
class Estimate:
    """An ED (off-block), EO (take-off), EA (touchdown) or EB (on-block) estimate, with its station if given."""

    kind: str
    at: datetime
    station: str | None = None


@dataclass(frozen=True, slots=True)
class Delay:
    """One delay reason code (AHM 730/731 as written: "72", "WT", "93A") and its duration if given."""

    code: str
    minutes: int | None = None


@dataclass
class Movement:
    """One telex as read: every element it carried, times resolved to UTC."""

    kind: str
    flag: str | None
    sent_at: datetime
    originator: str
    carrier: str
    number: str
    suffix: str
    day: int
    service_date: date
    registration: str | None
    station: str
    first: datetime | None = None  # AD: off-block / AA: touchdown
    second: datetime | None = None  # AD: airborne / AA: on-block
    movement: str | None = None  # "AD" | "AA"
    estimates: list[Estimate] = field(default_factory=list)
    delays: list[Delay] = field(default_factory=list)
    diversion_reason: str | None = None
    forced_return: tuple[datetime, datetime | None] | None = None
    return_to_ramp: datetime | None = None
    next_info: datetime | None = None
    passengers: int | None = None
    remarks: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def flight(self) -> str:
        """The join key, e.g. AA2390."""
        return f"{self.carrier}{int(self.number)}"

    def estimate(self, kind: str) -> Estimate | None:
        """The last estimate of `kind` (a telex may revise itself: the last word counts)."""
        found = [e for e in self.estimates if e.kind == kind]
        return found[-1] if found else None


def parse_movement(text: str, near: datetime) -> Movement:
    """Read one telex; its DDHHMM stamp is resolved to the time nearest `near`. Raises Unreadable."""
    lines = [ln.strip() for ln in text.upper().splitlines() if ln.strip()]
    i = 0
    if i < len(lines) and _ADDRESS.fullmatch(lines[i]) and not _HEADER.fullmatch(lines[i]):
        i += 1
    origin = _ORIGIN.fullmatch(lines[i]) if i < len(lines) else None
    if origin is None:
        raise Unreadable("no origin line with a DDHHMM time stamp (e.g. '.DFWKKAA 201432')")
    sent_at = stamp_near(int(origin[2]), int(origin[3]), int(origin[4]), near)
    i += 1
    header = _HEADER.fullmatch(lines[i]) if i < len(lines) else None
    if header is None:
        raise Unreadable(f"not an MVT, MVA or DIV message: {lines[i] if i < len(lines) else '(nothing)'!r}")
    i += 1
    flight = _FLIGHT.fullmatch(lines[i]) if i < len(lines) else None
    if flight is None:
        raise Unreadable(
            f"bad flight line (want e.g. AA2390/20.N123AA.DFW): {lines[i] if i < len(lines) else '(none)'!r}"
        )
    day = int(flight[4])
    m = Movement(
        kind=header[1],
        flag=header[2],
        sent_at=sent_at,
        originator=origin[1],
        carrier=flight[1],
        number=flight[2],
        suffix=flight[3],
        day=day,
        service_date=day_on_or_before(day, sent_at.date()),
        registration=flight[5],
        station=flight[6],
    )
    body = lines[i + 1 :]
    for n, line in enumerate(body):
        if line.startswith("SI"):
            m.remarks = [" ".join([line[2:].strip(), *body[n + 1 :]]).strip()]
            break
        _element_line(line, m)
    return m


def _element_line(line: str, m: Movement) -> None:
    """One body line: a whole-line element (DL, DR, FR, RR, NI, PX) or movement/estimate tokens."""
    near = m.sent_at
    if delay := _DELAY.fullmatch(line.replace(" ", "")):
        m.delays.extend(_delays(delay[2], delay[3]))
        return
    if line.startswith("DR"):
        m.diversion_reason = line[2:].strip() or None
        return
    if fr := re.fullmatch(rf"FR{_TIMES}", line.replace(" ", "")):
        m.forced_return = (clock_near(fr[1], near), clock_near(fr[2], near) if fr[2] else None)
        return
    if rr := re.fullmatch(r"RR(\d{4}|\d{6})", line.replace(" ", "")):
        m.return_to_ramp = clock_near(rr[1], near)
        return
    if ni := re.fullmatch(r"NI(\d{4}|\d{6})", line.replace(" ", "")):
        m.next_info = clock_near(ni[1], near)
        return
    if px := re.fullmatch(r"PX(\d{1,3})(?:/(\d{1,3}))*", line.replace(" ", "")):
        m.passengers = int(px[1])
        return
    _tokens(line.split(), m)


def _tokens(tokens: list[str], m: Movement) -> None:
    """AD/AA movement times and ED/EO/EA/EB estimates; a three-letter token is the station of the estimate
    before it (never an element: "EA1705 AAL" is Aalborg, not an arrival)."""
    near = m.sent_at
    last: Estimate | None = None
    for tok in tokens:
        if mv := re.fullmatch(rf"(AD|AA){_TIMES}", tok):
            if m.movement is not None and m.movement != mv[1]:
                raise Unreadable(f"both AD and AA in one message: {tok!r}")
            m.movement, m.first = mv[1], clock_near(mv[2], near)
            m.second = clock_near(mv[3], near) if mv[3] else None
            last = None
        elif est := re.fullmatch(r"(ED|EO|EA|EB)(\d{4}|\d{6})", tok):
            last = Estimate(est[1], clock_near(est[2], near))
            m.estimates.append(last)
        elif _STATION.fullmatch(tok) and last is not None and last.station is None:
            last = Estimate(last.kind, last.at, tok)
            m.estimates[-1] = last
        elif _UNMAPPED.fullmatch(tok):
            m.ignored.append(tok)
            last = None
        else:
            raise Unreadable(f"unknown element {tok!r}")


def _delays(codes: str, durations: str) -> list[Delay]:
    """DL72/93/0025/0010: codes paired with durations in order (durations are HHMM, optional)."""
    code_list = codes.split("/")
    minutes = [int(d[:2]) * 60 + int(d[2:]) for d in durations.split("/") if d]
    if len(minutes) > len(code_list):
        raise Unreadable(f"more delay durations than codes: DL{codes}{durations}")
    return [Delay(c, minutes[k] if k < len(minutes) else None) for k, c in enumerate(code_list)]
