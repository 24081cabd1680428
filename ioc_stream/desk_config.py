"""The IOC desk's own tables as settings: units by fleet and hub, the high-impact reference customer service keeps."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator


class _Table(BaseModel):
    """Reference rows are typed by people: unknown fields are a typo, refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _upper(value: object) -> object:
    return value.strip().upper().replace(" ", "") if isinstance(value, str) else value


#: "aa 2390" is read as "AA2390"; "dfw" as "DFW".
Flight = Annotated[str, BeforeValidator(_upper), Field(pattern=r"^[A-Z\d]{2}[A-Z]?\d{1,4}$")]
Station = Annotated[str, BeforeValidator(_upper), Field(pattern=r"^[A-Z]{3}$")]
AircraftType = Annotated[str, BeforeValidator(_upper), Field(pattern=r"^[A-Z\d]{3}$")]


class Unit(_Table):
    """A unit of the operations center: the aircraft types (IATA codes) it flies out of its hubs."""

    name: str = Field(min_length=1, max_length=64)
    fleet: list[AircraftType] = Field(min_length=1, description='IATA aircraft types, e.g. ["738", "7M8"]')
    hubs: list[Station] = Field(default_factory=list, description="Its hubs; empty: the fleet wherever it flies")


class Group(_Table):
    """A group booking on a flight's service date, and the flight it connects to (if it does)."""

    flight: Flight
    date: dt.date
    size: int = Field(ge=1)
    name: str | None = Field(
        default=None, max_length=80, description="How customer service calls it (no personal data)"
    )
    connects_to: Flight | None = None


class Connection(_Table):
    """A high-volume connection: passengers from an inbound flight onto an outbound one, with its minimum time."""

    inbound: Flight
    outbound: Flight
    passengers: int = Field(ge=1)
    date: dt.date | None = Field(default=None, description="Only on this service date of the inbound; none: every day")
    min_connection_min: int | None = Field(default=None, ge=0, description="Minimum connection time; none: the table's")


class MilitaryMarket(_Table):
    """A station serving a military base: service members travel on orders, disruptions reach commands."""

    station: Station
    name: str = Field(min_length=1, max_length=80)


class ImpactTable(_Table):
    """What customer-service managers watch: large groups, high-volume connections, military markets."""

    groups: list[Group] = Field(default_factory=list)
    connections: list[Connection] = Field(default_factory=list)
    military_markets: list[MilitaryMarket] = Field(default_factory=list)
    large_group: int = Field(default=20, ge=1, description="A group this size or larger is high-impact")
    high_volume: int = Field(default=20, ge=1, description="A connection with this many passengers or more is watched")
    min_connection_min: int = Field(
        default=45, ge=0, description="Minimum connection time where a connection names none"
    )


class ImpactTableError(ValueError):
    """The impact table file could not be read or is not valid; names the file."""


def load_impact_table(path: str | Path) -> ImpactTable:
    """The impact table from a JSON file (the fields of ImpactTable)."""
    path = Path(path)
    try:
        return ImpactTable.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise ImpactTableError(f"{path}: cannot read: {exc.strerror}") from exc
    except ValidationError as exc:
        raise ImpactTableError(f"{path}: {exc}") from exc


class ProfileTableError(ValueError):
    """The profile table could not be read; names the file and the row (never a loyalty id)."""


def load_profiles(path: str | Path) -> dict[str, str]:
    """loyalty id -> tier from a CSV with a header row naming `loyalty_id` and `tier` (other columns ignored)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileTableError(f"{path}: cannot read: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text))
    if not {"loyalty_id", "tier"} <= {(f or "").strip() for f in reader.fieldnames or ()}:
        raise ProfileTableError(f"{path}: the header must name loyalty_id and tier")
    tiers: dict[str, str] = {}
    for row in reader:
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        if not row["loyalty_id"] or not row["tier"]:
            raise ProfileTableError(f"{path}: row {reader.line_num}: needs a loyalty_id and a tier")
        tiers[row["loyalty_id"]] = row["tier"]
    return tiers


class DeskConfig(BaseModel):
    """IOC_DESK__UNITS='[{"name": "DFW narrowbody", "fleet": ["738"], "hubs": ["DFW"]}]', IOC_DESK__SCHEDULE=...,
    IOC_DESK__IMPACT_TABLE=...: the units, the schedule file and the impact table file."""

    units: list[Unit] = Field(default_factory=list)
    schedule: str | None = Field(default=None, description="Path to the schedule JSON (`ioc-stream schedule import`)")
    impact_table: str | None = Field(default=None, description="Path to the high-impact reference table (JSON)")
    profiles: str | None = Field(
        default=None, description="Path to the customer profile table (CSV: loyalty_id, tier): the console's badges"
    )

    @model_validator(mode="after")
    def _one_unit_per_fleet_and_hub(self) -> DeskConfig:
        names = [u.name for u in self.units]
        if len(set(names)) != len(names):
            raise ValueError(f"unit names repeat: {sorted(n for n in set(names) if names.count(n) > 1)}")
        owner: dict[tuple[str, str], str] = {}
        for unit in self.units:
            for pair in ((a, h) for a in unit.fleet for h in unit.hubs or ["*"]):
                if pair in owner:
                    raise ValueError(f"{pair[0]} at {pair[1]} belongs to both {owner[pair]!r} and {unit.name!r}")
                owner[pair] = unit.name
        return self
