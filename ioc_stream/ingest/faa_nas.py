"""FAA NAS airport status XML (AIRPORT_STATUS_INFORMATION, DTD v2.2) read into programs: pure.

One document is one poll of the service: its Update_Time, then Delay_type blocks holding a
Ground_Stop_List (Program), a Ground_Delay_List (Ground_Delay), an Arrival_Departure_Delay_List
(Delay with Arrival_Departure children) or an Airport_Closure_List (Airport).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from ioc_stream.ingest.dates import duration_minutes
from ioc_stream.ingest.problems import Unreadable
from ioc_stream.ingest.safexml import local, parse_xml, text

ROOT = "AIRPORT_STATUS_INFORMATION"


@dataclass(frozen=True, slots=True)
class Program:
    """One active program at one airport; `key` is what stays the same from poll to poll."""

    kind: str  # ground_stop | ground_delay | arrival_departure | closure
    airport: str
    details: tuple[tuple[str, Any], ...]
    variant: str = ""  # arrival_departure: "Arrival" / "Departure"

    @property
    def key(self) -> tuple[str, str, str]:
        """Kind, airport and direction: what stays the same from poll to poll."""
        return (self.kind, self.airport, self.variant)

    def detail(self) -> dict[str, Any]:
        """The details as a dict."""
        return dict(self.details)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One poll: when the FAA updated it, and every program it lists."""

    updated: datetime
    programs: tuple[Program, ...]


def parse_status(data: bytes) -> Snapshot:
    """Read one AIRPORT_STATUS_INFORMATION document. Raises Unreadable (malformed, hostile, wrong root)."""
    root = parse_xml(data)
    if local(root.tag) != ROOT:
        raise Unreadable(f"not an FAA airport status document (root {local(root.tag)!r}, want {ROOT})")
    updated = update_time(text(root.find("Update_Time")))
    programs: list[Program] = []
    for block in root.iter("Delay_type"):
        for lst in block:
            reader = _LISTS.get(local(lst.tag))
            if reader is not None:
                for entry in lst:
                    programs.extend(reader(entry))
    return Snapshot(updated, tuple(programs))


def update_time(value: str | None) -> datetime:
    """Update_Time as the service writes it ("Tue Feb 24 14:05:12 2015 GMT"), or RFC 2822 / ISO 8601."""
    if not value:
        raise Unreadable("no Update_Time")
    for fmt in ("%a %b %d %H:%M:%S %Y %Z", "%a %b %d %H:%M:%S %Z %Y"):
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=UTC)
        except ValueError:
            pass
    try:
        t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            t = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            raise Unreadable(f"Update_Time not understood: {value!r}") from None
    return (t if t.tzinfo else t.replace(tzinfo=UTC)).astimezone(UTC)


def _airport(entry: Any) -> str | None:
    """The ARPT code when it is an IATA-style code (FAA identifiers with digits are not ours to key on)."""
    code = (text(entry.find("ARPT")) or "").upper()
    return code if re.fullmatch(r"[A-Z]{3}", code) else None


def _ground_stop(entry: Any) -> list[Program]:
    """A Ground_Stop_List Program: reason and expected end."""
    arpt = _airport(entry)
    if arpt is None:
        return []
    return [
        Program(
            "ground_stop", arpt, (("reason", text(entry.find("Reason"))), ("end_time", text(entry.find("End_Time"))))
        )
    ]


def _ground_delay(entry: Any) -> list[Program]:
    """A Ground_Delay_List entry: reason, average and maximum delay in minutes."""
    arpt = _airport(entry)
    if arpt is None:
        return []
    avg, mx = duration_minutes(text(entry.find("Avg"))), duration_minutes(text(entry.find("Max")))
    return [
        Program(
            "ground_delay",
            arpt,
            (
                ("reason", text(entry.find("Reason"))),
                ("avg_delay_minutes", avg),
                ("max_delay_minutes", mx),
                ("delay_minutes", avg),
            ),
        )
    ]


def _arrival_departure(entry: Any) -> list[Program]:
    """An Arrival_Departure_Delay_List Delay: one program per direction it lists."""
    arpt = _airport(entry)
    if arpt is None:
        return []
    out = []
    for ad in entry.findall("Arrival_Departure"):
        direction = ad.get("Type") or text(ad.find("Type")) or ""
        lo, hi = duration_minutes(text(ad.find("Min"))), duration_minutes(text(ad.find("Max")))
        out.append(
            Program(
                "arrival_departure",
                arpt,
                (
                    ("reason", text(entry.find("Reason"))),
                    ("direction", direction or None),
                    ("min_delay_minutes", lo),
                    ("max_delay_minutes", hi),
                    ("delay_minutes", hi),
                    ("trend", text(ad.find("Trend"))),
                ),
                variant=direction,
            )
        )
    return out


#: NOTAM words that restrict a closure to traffic other than scheduled airlines ("CLSD TO NON SKED TRANSIENT GA").
_NOT_SCHEDULED = re.compile(
    r"\b(NON[- ]?SKED|NONSKED|UNSKED|TRANSIENT|GA|GENERAL AVIATION|PPR|PRIVATE|TRAINING|GLIDER|"
    r"ULTRALIGHT|HELICOPTER|PRACTICE|ACFT WITHOUT|TFR)\b"
)
_AERODROME_CLOSED = re.compile(r"\b(?:AD\s+AP|AP|AD|AIRPORT|AERODROME)\s+(?:IS\s+)?(?:CLSD|CLOSED)\b(?P<rest>.*)")


def closes_to_scheduled(reason: str | None) -> bool:
    """True when a closure NOTAM closes the aerodrome itself to scheduled traffic, not only to GA or a runway."""
    if not reason:
        return False
    m = _AERODROME_CLOSED.search(reason.upper())
    if m is None:
        return False
    rest = m["rest"].strip()
    restricted_to = re.match(r"TO\s+(.*)", rest)
    if restricted_to is not None and _NOT_SCHEDULED.search(restricted_to[1]):
        return False
    return True


def _closure(entry: Any) -> list[Program]:
    """An Airport_Closure_List Airport, kept only when scheduled traffic is shut out."""
    arpt = _airport(entry)
    reason = text(entry.find("Reason"))
    if arpt is None or not closes_to_scheduled(reason):
        return []
    return [
        Program(
            "closure",
            arpt,
            (("reason", reason), ("start", text(entry.find("Start"))), ("reopen", text(entry.find("Reopen")))),
        )
    ]


_LISTS = {
    "Ground_Stop_List": _ground_stop,
    "Ground_Delay_List": _ground_delay,
    "Arrival_Departure_Delay_List": _arrival_departure,
    "Airport_Closure_List": _closure,
}
