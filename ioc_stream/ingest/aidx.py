"""IATA AIDX flight leg notifications (IATA_AIDX_FlightLegNotifRQ) as ops events: pure.

Each FlightLeg names its leg (LegIdentifier: Airline, FlightNumber, DepartureAirport,
ArrivalAirport, OriginDate = the service date) and its state (LegData: OperationalStatus and
OperationTime values qualified OFB/TKO/TDN/ONB and typed SCT/EST/ACT).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from ioc_stream.ingest.dates import iso
from ioc_stream.ingest.jsonl import describe
from ioc_stream.ingest.problems import Unreadable
from ioc_stream.ingest.safexml import local, parse_xml, text
from ioc_stream.models import OpsEvent

ROOT = "IATA_AIDX_FlightLegNotifRQ"
#: OperationalStatus codes we map (the rest are read and ignored): DX = cancelled.
STATUS_TYPES = {"DX": "CANCELLATION"}
#: Departure-side and arrival-side qualifiers, best first: off-block, take-off / touchdown, on-block.
_DEPARTURE, _ARRIVAL = ("OFB", "TKO"), ("ONB", "TDN")


def parse_notification(data: bytes, *, margin_minutes: int = 15) -> list[OpsEvent]:
    """The events of one notification, leg by leg. Raises Unreadable (malformed, hostile, wrong root, bad leg)."""
    root = parse_xml(data)
    if local(root.tag) != ROOT:
        raise Unreadable(f"not an AIDX flight leg notification (root {local(root.tag)!r}, want {ROOT})")
    stamp = root.get("TimeStamp")
    if not stamp:
        raise Unreadable(f"{ROOT} without a TimeStamp")
    sent = _time(stamp, "TimeStamp")
    legs = [el for el in root if local(el.tag) == "FlightLeg"]
    if not legs:
        raise Unreadable("no FlightLeg")
    out: list[OpsEvent] = []
    for n, leg in enumerate(legs, start=1):
        out.extend(_leg(leg, sent, margin_minutes, n))
    return out


def _leg(leg: Any, sent: datetime, margin: int, n: int) -> list[OpsEvent]:
    """One FlightLeg's events: its cancellation, or its delays beyond the margin and its actual movements."""
    ident = _child(leg, "LegIdentifier")
    data = _child(leg, "LegData")
    if ident is None:
        raise Unreadable(f"FlightLeg {n}: no LegIdentifier")
    airline, number = _text(ident, "Airline"), _text(ident, "FlightNumber")
    dep, arr, origin_date = _text(ident, "DepartureAirport"), _text(ident, "ArrivalAirport"), _text(ident, "OriginDate")
    if not (airline and number and dep and arr and origin_date):
        raise Unreadable(
            f"FlightLeg {n}: LegIdentifier needs Airline, FlightNumber, DepartureAirport, ArrivalAirport, OriginDate"
        )
    digits = re.fullmatch(r"0*(\d{1,4})([A-Z]?)", number)
    if digits is None:
        raise Unreadable(f"FlightLeg {n}: FlightNumber {number!r} is not 1-4 digits with an optional suffix")
    times = _times(data) if data is not None else {}
    status = (_text(data, "OperationalStatus") or "") if data is not None else ""
    base = {
        "carrier": airline,
        "flight_number": digits[1],
        "service_date": origin_date,
        "origin": dep,
        "destination": arr,
    }
    prefix = f"aidx-{airline}{int(digits[1])}-{origin_date.replace('-', '')}-{dep}"
    common = {"source": "aidx", "operational_status": status or None, "suffix": digits[2] or None}
    events: list[dict[str, Any]] = []
    if status in STATUS_TYPES:
        events.append(
            {
                **base,
                "event_id": f"{prefix}-{status}",
                "type": STATUS_TYPES[status],
                "station": dep,
                "occurred_at": iso(sent),
                "reported_at": iso(sent),
                "details": common,
            }
        )
    else:
        for side, station, qualifiers in (("departure", dep, _DEPARTURE), ("arrival", arr, _ARRIVAL)):
            delay = _late(times, qualifiers, margin)
            if delay is not None:
                minutes, q, kind, at = delay
                details = {
                    **common,
                    "delay_minutes": minutes,
                    "side": side,
                    "qualifier": q,
                    "time_type": kind,
                    "scheduled": iso(times[(q, "SCT")]),
                    "expected": iso(at),
                }
                events.append(
                    {
                        **base,
                        "event_id": f"{prefix}-DL-{side}",
                        "type": "DELAY",
                        "station": station,
                        "occurred_at": iso(min(sent, at) if kind == "ACT" else sent),
                        "reported_at": iso(sent),
                        "details": details,
                    }
                )
            actual = next(((q, times[(q, "ACT")]) for q in qualifiers if (q, "ACT") in times), None)
            if actual is not None:
                q, at = actual
                type = "DEPARTED" if side == "departure" else "ARRIVED"
                details = {
                    **common,
                    "qualifier": q,
                    **{f"{k.lower()}_{t.lower()}": iso(v) for (k, t), v in times.items() if k in qualifiers},
                }
                events.append(
                    {
                        **base,
                        "event_id": f"{prefix}-{type}",
                        "type": type,
                        "station": station,
                        "occurred_at": iso(at),
                        "reported_at": iso(max(sent, at)),
                        "details": details,
                    }
                )
    try:
        return [
            OpsEvent.model_validate({**e, "details": {k: v for k, v in e["details"].items() if v is not None}})
            for e in events
        ]
    except ValidationError as exc:
        raise Unreadable(f"FlightLeg {n}: {describe(exc)}") from None


def _late(
    times: dict[tuple[str, str], datetime], qualifiers: tuple[str, ...], margin: int
) -> tuple[int, str, str, datetime] | None:
    """(minutes late, qualifier, EST|ACT, time) when an estimate or actual exceeds the schedule by more than
    `margin`."""
    for q in qualifiers:
        scheduled = times.get((q, "SCT"))
        if scheduled is None:
            continue
        for kind in ("ACT", "EST"):
            at = times.get((q, kind))
            if at is not None:
                minutes = int((at - scheduled) / timedelta(minutes=1))
                return (minutes, q, kind, at) if minutes > margin else None
    return None


def _times(data: Any) -> dict[tuple[str, str], datetime]:
    """(qualifier, time type) -> time, for every OperationTime of a LegData."""
    out = {}
    for el in data:
        if local(el.tag) == "OperationTime" and el.get("OperationQualifier") and el.get("TimeType") and text(el):
            out[(el.get("OperationQualifier"), el.get("TimeType"))] = _time(text(el), "OperationTime")
    return out


def _time(value: str | None, what: str) -> datetime:
    """An AIDX time (ISO 8601; UTC when it has no offset)."""
    try:
        t = datetime.fromisoformat((value or "").replace("Z", "+00:00"))
    except ValueError:
        raise Unreadable(f"{what}: not an ISO 8601 time: {value!r}") from None
    return (t if t.tzinfo else t.replace(tzinfo=UTC)).astimezone(UTC)


def _child(el: Any, name: str) -> Any:
    """The first child named `name`, whatever its namespace."""
    return next((c for c in el if local(c.tag) == name), None)


def _text(el: Any, name: str) -> str | None:
    """The text of the first child named `name`."""
    return text(_child(el, name))
