"""The simulator's ops records as the IATA MVT / DIV telexes that would carry them (None for what MVT cannot)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any


def _t(iso: str) -> datetime:
    """A simulator ISO time as a datetime."""
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def render(record: dict[str, Any]) -> str | None:
    """One telex for a flight's DEPARTED, ARRIVED, DELAY, DIVERSION or GATE_RETURN record, else None
    (cancellations, ground stops, medical events and the like travel on other feeds)."""
    kind = record["type"]
    if not record.get("flight_number") or kind not in ("DEPARTED", "ARRIVED", "DELAY", "DIVERSION", "GATE_RETURN"):
        return None
    carrier, number = record["carrier"], record["flight_number"]
    station = record.get("destination") if kind == "ARRIVED" else record.get("origin") or record.get("station")
    if not station:
        return None
    occurred, reported = _t(record["occurred_at"]), _t(record["reported_at"])
    day = date.fromisoformat(record["service_date"]).day if record.get("service_date") else occurred.day
    lines = [
        f".{station}KK{carrier[:2]} {reported:%d%H%M}",
        "DIV" if kind == "DIVERSION" else "MVT",
        f"{carrier}{number}/{day:02d}.N{number}{carrier[:2]}.{station}",
    ]
    details = record.get("details") or {}
    if kind == "DEPARTED":
        lines.append(f"AD{occurred:%H%M}")
    elif kind == "ARRIVED":
        lines.append(f"AA{occurred:%H%M}")
    elif kind == "GATE_RETURN":
        lines.append(f"RR{occurred:%H%M}")
    elif kind == "DELAY":
        minutes = int(details.get("delay_minutes") or 0)
        lines.append(f"DL99/{minutes // 60:02d}{minutes % 60:02d}" if minutes else "DL99")
    else:
        estimate = occurred + timedelta(minutes=45)
        lines.append(f"EA{estimate:%H%M} {details.get('diverted_to') or 'XXX'}")
        if details.get("reason"):
            lines.append(f"DR {details['reason']}".upper())
    return "\n".join(lines)
