"""`ioc-stream schedule import` (SSIM or CSV in, the schedule JSON out) and `schedule show` (a flight's legs)."""

from __future__ import annotations

import io
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import orjson
import typer

from ioc_stream.cli.app import app, open_input
from ioc_stream.cli.ingest import _fail

schedule_app = typer.Typer(help="The flight schedule: import SSIM or CSV, show a flight's legs.", no_args_is_help=True)
app.add_typer(schedule_app, name="schedule")


class ScheduleFormat(StrEnum):
    ssim = "ssim"
    csv = "csv"


def sniff(path: Path | None, text: str) -> ScheduleFormat:
    """CSV for a .csv file or a text whose first line has commas; SSIM otherwise."""
    if path is not None and path.suffix.lower() == ".csv":
        return ScheduleFormat.csv
    first = text.lstrip().split("\n", 1)[0]
    return ScheduleFormat.csv if "," in first else ScheduleFormat.ssim


def schedule_path(path: Path | None) -> Path:
    """--schedule, else IOC_DESK__SCHEDULE, else ./schedule.json."""
    from ioc_stream.config import get_settings

    return path or Path(get_settings().desk.schedule or "schedule.json")


@schedule_app.command("import")
def import_(
    file: Annotated[
        Path | None, typer.Argument(help="SSIM chapter 7 file or schedule CSV; stdin when omitted or '-'")
    ] = None,
    format: Annotated[
        ScheduleFormat | None, typer.Option(help="ssim | csv (default: from the name or the content)")
    ] = None,
    out: Annotated[Path, typer.Option(help="Write the schedule JSON here")] = Path("schedule.json"),
    carrier: Annotated[
        str | None, typer.Option(help="csv: carrier of bare flight numbers (default: IOC_CARRIER or AA)")
    ] = None,
) -> None:
    """Read a schedule; write the versioned JSON the other stages load. Bad records on stderr: {"error", "line"}."""
    from ioc_stream.config import get_settings
    from ioc_stream.ingest.jsonl import LineError
    from ioc_stream.ingest.output import report
    from ioc_stream.schedule.csv_schedule import parse_csv
    from ioc_stream.schedule.json_format import dumps
    from ioc_stream.schedule.ssim import parse_ssim

    with open_input(file) as src:
        text = src.read().decode("utf-8-sig", errors="replace")
    fmt = format or sniff(file, text)
    lines = io.StringIO(text, newline="")
    parsed = list(
        parse_ssim(lines)
        if fmt is ScheduleFormat.ssim
        else parse_csv(lines, (carrier or get_settings().carrier).upper())
    )
    problems = [p for p in parsed if isinstance(p, LineError)]
    services = [s for s in parsed if not isinstance(s, LineError)]
    report(problems, sys.stderr.buffer)
    if not services:
        typer.echo(f"ioc-stream: no usable {fmt.value} flight legs in {file or 'stdin'}", err=True)
        raise typer.Exit(1)
    out.write_bytes(dumps(services, f"{fmt.value}:{file.name if file else 'stdin'}"))
    flights = len({s.flight for s in services})
    typer.echo(f"{len(services)} services of {flights} flights to {out} ({len(problems)} unusable records)", err=True)


@schedule_app.command()
def show(
    flight: Annotated[str, typer.Argument(help="e.g. AA2390")],
    on: Annotated[str, typer.Option("--date", help="Service date, YYYY-MM-DD")],
    schedule: Annotated[
        Path | None, typer.Option(help="Schedule JSON (default: IOC_DESK__SCHEDULE or ./schedule.json)")
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="One JSON object a leg instead of a line of text")] = False,
) -> None:
    """The legs of FLIGHT on a service date: route, local and UTC times, aircraft, seats, unit (exit 1: not flown)."""
    from ioc_stream.config import get_settings
    from ioc_stream.desk.units import Units
    from ioc_stream.schedule.json_format import ScheduleFileError, load

    try:
        day = date.fromisoformat(on)
    except ValueError:
        raise _fail(f"--date: not YYYY-MM-DD: {on!r}") from None
    try:
        index = load(schedule_path(schedule))
    except ScheduleFileError as exc:
        raise _fail(str(exc)) from exc
    units = Units(get_settings().desk.units)
    legs = index.legs(flight, day)
    if not legs:
        typer.echo(f"{flight.upper()} does not fly on {day} in this schedule", err=True)
        raise typer.Exit(1)
    for leg in legs:
        unit = units.of_leg(leg)
        if json:
            sys.stdout.buffer.write(orjson.dumps({**leg.to_dict(), "unit": unit}) + b"\n")
            continue
        days = (leg.arrival.date() - leg.departure.date()).days
        typer.echo(
            f"{leg.flight} {leg.service_date} leg {leg.leg_seq}  "
            f"{leg.origin} {leg.departure:%H:%M} ({leg.departure_utc:%H:%MZ})"
            f" -> {leg.destination} {leg.arrival:%H:%M}{f' {days:+d}d' if days else ''} ({leg.arrival_utc:%H:%MZ})"
            f"  {leg.aircraft}{f' {leg.seats} seats' if leg.seats else ''}{f'  unit: {unit}' if unit else ''}"
        )
