"""Movements as ops events (AD/AA, delays, DIV, RR, FR) and the telex log that lets a COR replace what it corrects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from ioc_stream.ingest.dates import iso
from ioc_stream.ingest.delay_codes import describe
from ioc_stream.ingest.mvt import Movement, parse_movement
from ioc_stream.models import OpsEvent


def movement_events(m: Movement, seq: int) -> list[OpsEvent]:
    """The ops events one telex reports; `seq` numbers the messages of its flight, station and type
    (a COR keeps the number of the message it corrects, so its events keep their ids)."""
    out: list[dict[str, Any]] = []
    flight = {"carrier": m.carrier, "flight_number": m.number, "service_date": m.service_date.isoformat()}
    base = f"mvt-{m.flight}-{m.service_date:%Y%m%d}-{m.station}-{m.kind}{seq}"
    common = _common(m)
    if m.kind == "DIV":
        ea = m.estimate("EA")
        details = {
            **common,
            "diverted_to": ea.station if ea else None,
            "reason": m.diversion_reason,
            "estimated_arrival": iso(ea.at) if ea else None,
        }
        out.append(_event(base, "DIVERSION", m, m.sent_at, origin=m.station, details=details, **flight))
        return [OpsEvent.model_validate(e) for e in out]
    if m.delays or (m.movement is None and (m.estimate("ED") or m.next_info)):
        out.append(
            _event(
                base,
                "DELAY",
                m,
                m.first or m.sent_at,
                station=m.station,
                origin=m.station,
                details={**common, **_delay_details(m)},
                **flight,
            )
        )
    if m.movement == "AD":
        ea = m.estimate("EA")
        details = {
            **common,
            "off_block": iso(cast(datetime, m.first)),
            "airborne": iso(m.second) if m.second else None,
            "estimated_arrival": iso(ea.at) if ea else None,
        }
        out.append(
            _event(
                base,
                "DEPARTED",
                m,
                m.first,
                station=m.station,
                origin=m.station,
                destination=ea.station if ea else None,
                details=details,
                **flight,
            )
        )
    elif m.movement == "AA":
        details = {**common, "touchdown": iso(cast(datetime, m.first)), "on_block": iso(m.second) if m.second else None}
        out.append(
            _event(base, "ARRIVED", m, m.first, station=m.station, destination=m.station, details=details, **flight)
        )
    if m.return_to_ramp is not None:
        details = {**common, "airborne": False, "returned_at": iso(m.return_to_ramp)}
        out.append(
            _event(
                base, "GATE_RETURN", m, m.return_to_ramp, station=m.station, origin=m.station, details=details, **flight
            )
        )
    if m.forced_return is not None:
        touchdown, on_block = m.forced_return
        details = {
            **common,
            "airborne": True,
            "touchdown": iso(touchdown),
            "on_block": iso(on_block) if on_block else None,
        }
        out.append(
            _event(base, "GATE_RETURN", m, touchdown, station=m.station, origin=m.station, details=details, **flight)
        )
    return [OpsEvent.model_validate(e) for e in out]


def _event(base: str, type: str, m: Movement, occurred: datetime | None, **fields: Any) -> dict[str, Any]:
    """One ops event record of a telex, its id from the message's and the event's kind."""
    details = {k: v for k, v in fields.pop("details").items() if v is not None and v != []}
    kind = {"DEPARTED": "AD", "ARRIVED": "AA", "DELAY": "DL", "DIVERSION": "DV"}.get(type, "")
    if type == "GATE_RETURN":
        kind = "FR" if details.get("airborne") else "RR"
    record = {
        "event_id": f"{base}-{kind}",
        "type": type,
        "occurred_at": iso(occurred or m.sent_at),
        "reported_at": iso(m.sent_at),
        "details": details,
        **fields,
    }
    return {k: v for k, v in record.items() if v is not None}


def _common(m: Movement) -> dict[str, Any]:
    """Details every event of a telex carries: where it came from, and what it said besides."""
    return {
        "source": "mvt",
        "message": m.kind + (f" {m.flag}" if m.flag else ""),
        "registration": m.registration,
        "suffix": m.suffix or None,
        "passengers": m.passengers,
        "remarks": " ".join(m.remarks) or None,
        "next_info": iso(m.next_info) if m.next_info else None,
    }


def _delay_details(m: Movement) -> dict[str, Any]:
    """delay_minutes (the sum of the coded durations), the first code and its meaning, every code, the new ED."""
    delays = [{**describe(d.code), **({"minutes": d.minutes} if d.minutes is not None else {})} for d in m.delays]
    minutes = [d.minutes for d in m.delays if d.minutes is not None]
    ed = m.estimate("ED")
    first = delays[0] if delays else {}
    return {
        "delay_minutes": sum(minutes) if minutes else None,
        "delay_code": first.get("code"),
        "delay_reason": first.get("meaning"),
        "delays": delays,
        "estimated_departure": iso(ed.at) if ed else None,
    }


@dataclass
class TelexLog:
    """Telexes read in order, keeping what a COR needs: which message of a flight it corrects.

    Each telex's stamp is resolved near the previous one (the first near `near`), so a feed that
    runs across a month end keeps its dates. `add` returns one telex's events; `slots` keeps, in
    input order, the events of every message (a COR's events replace those of the message it
    corrects, in that message's place, with its ids and its `reported_at`: ops knew then)."""

    near: datetime
    _seq: dict[tuple[Any, ...], int] = field(default_factory=dict)
    _slot_of: dict[tuple[Any, ...], int] = field(default_factory=dict)
    _sent: dict[tuple[Any, ...], datetime] = field(default_factory=dict)
    slots: list[list[OpsEvent]] = field(default_factory=list)

    def add(self, text: str) -> list[OpsEvent]:
        """The events of one telex (raises Unreadable); a COR's events carry the corrected message's ids."""
        m = parse_movement(text, self.near)
        self.near = m.sent_at
        key = (m.flight, m.service_date, m.station, m.kind)
        if m.flag == "COR" and key in self._seq:
            seq = self._seq[key]
        else:
            seq = self._seq[key] = self._seq.get(key, 0) + 1
        events = movement_events(m, seq)
        slot = self._slot_of.get((*key, seq))
        if slot is None:
            self._slot_of[(*key, seq)] = len(self.slots)
            self._sent[(*key, seq)] = m.sent_at
            self.slots.append(events)
            return events
        first_sent = self._sent[(*key, seq)]  # ops knew when the corrected message came; the COR fixes details
        events = [
            e.model_copy(update={"reported_at": first_sent, "details": {**e.details, "corrected_at": iso(m.sent_at)}})
            for e in events
        ]
        self.slots[slot] = events
        return events
