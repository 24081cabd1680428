"""FAA programs across polls as ops events: one when a program starts, one when it ends, none for repeats."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ioc_stream.ingest.dates import iso
from ioc_stream.ingest.faa_nas import Program, Snapshot
from ioc_stream.models import OpsEvent

#: Program kind -> the ops event type it is.
EVENT_TYPE = {
    "ground_stop": "GROUND_STOP",
    "ground_delay": "DELAY",
    "arrival_departure": "DELAY",
    "closure": "AIRPORT_CLOSURE",
}


@dataclass
class Programs:
    """The programs active after the last poll, each with the time it was first seen (its event id)."""

    carrier: str
    active: dict[tuple[str, str, str], tuple[Program, datetime]] = field(default_factory=dict)
    last_update: datetime | None = None

    def observe(self, snap: Snapshot) -> list[OpsEvent]:
        """Start events for new programs, end events for those gone; a poll older than the last is ignored."""
        if self.last_update is not None and snap.updated < self.last_update:
            return []
        self.last_update = snap.updated
        out: list[OpsEvent] = []
        seen = {p.key: p for p in snap.programs}
        for key, program in seen.items():
            if key not in self.active:
                out.append(self._event(program, snap.updated, snap.updated, ended=False))
                self.active[key] = (program, snap.updated)
            else:  # a repeat: no event, but the end event will say what the last poll said
                self.active[key] = (program, self.active[key][1])
        for key in [k for k in self.active if k not in seen]:
            program, since = self.active.pop(key)
            out.append(self._event(program, since, snap.updated, ended=True))
        return out

    def _event(self, p: Program, since: datetime, at: datetime, *, ended: bool) -> OpsEvent:
        """The start (or end) event of a program, its id fixed by when it was first seen."""
        variant = f"-{p.variant.lower()}" if p.variant else ""
        event_id = f"faa-{p.kind}{variant}-{p.airport}-{since:%Y%m%dT%H%MZ}" + ("-end" if ended else "")
        details: dict[str, Any] = {
            "source": "faa-nas",
            "program": p.kind,
            **{k: v for k, v in p.details if v is not None},
        }
        details["status"] = "ended" if ended else "active"
        if ended:
            details["started_at"] = iso(since)
        return OpsEvent.model_validate(
            {
                "event_id": event_id,
                "type": EVENT_TYPE[p.kind],
                "carrier": self.carrier,
                "station": p.airport,
                "occurred_at": iso(at),
                "reported_at": iso(at),
                "details": details,
            }
        )
