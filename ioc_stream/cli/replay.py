"""`ioc-stream replay` (backtest JSONL through the correlator) and `ioc-stream simulate` (scenario files)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import orjson
import typer

from ioc_stream.cli.app import app, open_input


@app.command()
def replay(
    mentions: Annotated[Path, typer.Option(help="Social-mention JSONL (any order)")],
    ops: Annotated[Path, typer.Option(help="Ops-event JSONL (any order)")],
    summary: Annotated[Path | None, typer.Option(help="Write a JSON summary here")] = None,
    carrier: Annotated[
        str | None, typer.Option(help="Carrier of bare flight numbers (default: IOC_CARRIER or AA)")
    ] = None,
    priority_table: Annotated[Path | None, typer.Option(help="High-impact flights/stations CSV or JSON")] = None,
) -> None:
    """Replay posts and ops events in event-time order; every alert change as JSONL on stdout.

    The desk's tables come from the settings as for the worker (IOC_DESK__SCHEDULE, __UNITS, __IMPACT_TABLE)."""
    from ioc_stream.alerts.priority import Priorities, PriorityTableError
    from ioc_stream.cli.desk import desk_of
    from ioc_stream.config import get_settings
    from ioc_stream.models import OpsEvent, SocialMention
    from ioc_stream.pipeline.replay import read_jsonl
    from ioc_stream.pipeline.replay import replay as run_replay

    settings = get_settings()
    err, out = sys.stderr.buffer, sys.stdout.buffer

    def on_error(name: str, e) -> None:
        err.write(orjson.dumps({"error": e.error, "line": e.line, "file": name}) + b"\n")

    table = priority_table or settings.priority_table
    try:
        priorities = Priorities.load(table) if table else None
    except PriorityTableError as exc:
        typer.echo(f"ioc-stream: {exc}", err=True)
        raise typer.Exit(2) from exc
    with open_input(mentions) as src:
        m, bad_m = read_jsonl(src, SocialMention, str(mentions), on_error)
    with open_input(ops) as src:
        o, bad_o = read_jsonl(src, OpsEvent, str(ops), on_error)
    result = run_replay(
        m,
        o,
        settings.correlation,
        priorities,
        carrier or settings.carrier,
        on_alert=lambda a: out.write(a.model_dump_json().encode() + b"\n"),
        desk=desk_of(settings),
    )
    out.flush()
    result.malformed = {"mentions": bad_m, "ops": bad_o}
    if summary is not None:
        summary.write_bytes(orjson.dumps(result.summary(), option=orjson.OPT_INDENT_2) + b"\n")


@app.command()
def simulate(
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same scenario")] = 1,
    hours: Annotated[float, typer.Option(help="Hours of operations to simulate")] = 24,
    flights: Annotated[int, typer.Option(help="Flights in the schedule")] = 200,
    start: Annotated[str, typer.Option(help="Start time, ISO 8601 UTC")] = "2015-02-24T06:00:00Z",
    mentions: Annotated[Path, typer.Option(help="Write social-mention JSONL here")] = Path("mentions.jsonl"),
    ops: Annotated[Path, typer.Option(help="Write ops-event JSONL here")] = Path("ops.jsonl"),
    truth: Annotated[Path, typer.Option(help="Write ground-truth incidents JSONL here")] = Path("truth.jsonl"),
) -> None:
    """Generate a seeded day of flights, ops events and posts (en/es/pt), with ground truth."""
    from ioc_stream.simulate import generate

    try:
        t0 = datetime.fromisoformat(start.replace("Z", "+00:00"))
    except ValueError as exc:
        typer.echo(f"ioc-stream: --start: not an ISO 8601 time: {start!r}", err=True)
        raise typer.Exit(2) from exc
    if t0.tzinfo is None:
        t0 = t0.replace(tzinfo=UTC)
    scenario = generate(seed, t0, hours, flights)
    for path, rows in ((mentions, scenario.mentions), (ops, scenario.ops), (truth, scenario.truth)):
        with path.open("wb") as f:
            f.writelines(orjson.dumps(r) + b"\n" for r in rows)
    typer.echo(
        f"{len(scenario.mentions)} mentions, {len(scenario.ops)} ops events, {len(scenario.truth)} incidents", err=True
    )
