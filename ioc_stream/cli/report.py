"""`ioc-stream report weekly` (the scorecard, HTML and JSON) and `ioc-stream report pulse` (the daily pulse, sent)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import orjson
import typer

from ioc_stream.cli.app import app, open_input
from ioc_stream.cli.ingest import _fail

report_app = typer.Typer(help="Reports for people: the weekly scorecard, the daily social pulse.", no_args_is_help=True)
app.add_typer(report_app, name="report")


def _read(path: Path, reader, what: str):
    """A JSONL file through `reader`; bad lines on stderr as {"error", "line", "file"}."""
    err = sys.stderr.buffer

    def on_error(name: str, e) -> None:
        err.write(orjson.dumps({"error": e.error, "line": e.line, "file": name}) + b"\n")

    with open_input(path) as src:
        return reader(src, name=str(path), on_error=on_error)


def _mentions(path: Path, carrier: str | None):
    from ioc_stream.config import get_settings
    from ioc_stream.reports.sources import read_mentions

    return _read(
        path, lambda src, **kw: read_mentions(src, (carrier or get_settings().carrier).upper(), **kw), "mentions"
    )


def _alerts(path: Path):
    from ioc_stream.reports.sources import read_alerts

    return _read(path, read_alerts, "alerts")


@report_app.command()
def weekly(
    week: Annotated[str, typer.Option(help="ISO week, e.g. 2026-W47")],
    mentions: Annotated[Path, typer.Option(help="Posts JSONL, raw or enriched (the week and the one before)")],
    alerts: Annotated[
        Path,
        typer.Option(help="Alert versions JSONL (`ioc-stream replay` output): the highest version per alert counts"),
    ],
    html: Annotated[Path | None, typer.Option(help="Write the page here (default: scorecard-WEEK.html)")] = None,
    json: Annotated[Path | None, typer.Option("--json", help="Write the figures as JSON here")] = None,
    tz: Annotated[str, typer.Option(help="Time zone the week is counted in (IANA name)")] = "UTC",
    top: Annotated[int, typer.Option(help="Stories and bubbled-up rows listed")] = 5,
    carrier: Annotated[
        str | None, typer.Option(help="Carrier of bare flight numbers in raw posts (default: IOC_CARRIER)")
    ] = None,
) -> None:
    """The weekly scorecard: mentions, alerts by kind and status, lead and response times, top stories, bubbled up."""
    from ioc_stream.reports.scorecard import iso_week, scorecard
    from ioc_stream.reports.scorecard_html import render_html
    from ioc_stream.schedule.zones import ZoneError, zone

    try:
        zone_ = zone(tz)
        iso_week(week)
    except (ValueError, ZoneError) as exc:
        raise _fail(str(exc)) from exc
    card = scorecard(week, _mentions(mentions, carrier), _alerts(alerts), zone_, top)
    out = html or Path(f"scorecard-{week}.html")
    out.write_text(render_html(card), encoding="utf-8")
    if json is not None:
        json.write_bytes(orjson.dumps(orjson.loads(card.model_dump_json()), option=orjson.OPT_INDENT_2) + b"\n")
    typer.echo(
        f"{week}: {card.mentions} mentions, {card.alerts.total} alerts -> {out}" + (f", {json}" if json else ""),
        err=True,
    )


@report_app.command()
def pulse(
    send: Annotated[
        bool,
        typer.Option("--send", help="Deliver by e-mail and/or webhook (IOC_REPORT__*); without it, print the text"),
    ] = False,
    mentions: Annotated[
        Path | None, typer.Option(help="Posts JSONL (raw or enriched); with --alerts instead of the live API")
    ] = None,
    alerts: Annotated[Path | None, typer.Option(help="Alert versions JSONL (`ioc-stream replay` output)")] = None,
    until: Annotated[
        str | None, typer.Option(help="Files: where the 24 h end, ISO 8601 (default: the newest post)")
    ] = None,
    html: Annotated[Path | None, typer.Option(help="Also write the e-mail's HTML here")] = None,
    carrier: Annotated[
        str | None, typer.Option(help="Carrier of bare flight numbers in raw posts (default: IOC_CARRIER)")
    ] = None,
) -> None:
    """The daily Social Pulse of the last 24 h (topics, flights, stations, alerts, lead times) from files or the API."""
    from ioc_stream.config import get_settings
    from ioc_stream.reports.delivery import channels, deliver
    from ioc_stream.reports.pulse_message import digest, message

    settings = get_settings().report
    if (mentions is None) != (alerts is None):
        raise _fail("--mentions and --alerts go together (without both, the pulse is read from the live API)")
    if mentions is not None and alerts is not None:
        summary, recent = _pulse_of_files(mentions, alerts, until, carrier)
    else:
        import httpx

        from ioc_stream.reports.sources import fetch_pulse

        token = settings.api_token.get_secret_value() if settings.api_token else None
        try:
            summary, recent = fetch_pulse(settings.api_url, token)
        except httpx.HTTPError as exc:
            raise _fail(f"cannot read the pulse from {settings.api_url}: {type(exc).__name__}") from exc
    d = digest(summary, recent, settings.top)
    if html is not None:
        html.write_text(message(d).html, encoding="utf-8")
    if not send:
        typer.echo(message(d).text, nl=False)
        return
    if not channels(d, settings):
        raise _fail("--send: no channel configured (IOC_REPORT__SMTP__HOST and/or IOC_REPORT__WEBHOOK__URL)")
    results = deliver(d, settings)
    for name, error in results.items():
        typer.echo(f"pulse sent by {name}" if error is None else f"ioc-stream: {error}", err=True)
    if any(results.values()):
        raise typer.Exit(1)


def _pulse_of_files(mentions: Path, alerts: Path, until: str | None, carrier: str | None):
    """The pulse of two files: the 24 h ending at `until` (default: the newest post), each alert's latest version."""
    from ioc_stream.pipeline.replay import ReplayResult
    from ioc_stream.reports.pulse import PulseBuckets
    from ioc_stream.reports.sources import newest

    posts = _mentions(mentions, carrier)
    latest = list(ReplayResult(alerts=_alerts(alerts)).final().values())
    try:
        end = datetime.fromisoformat(until.replace("Z", "+00:00")) if until else newest(posts)
    except ValueError:
        raise _fail(f"--until: not an ISO 8601 time: {until!r}") from None
    if end is None:
        raise _fail(f"{mentions}: no posts, and no --until to end the 24 h at")
    end = end if end.tzinfo else end.replace(tzinfo=UTC)
    buckets = PulseBuckets()
    for m in posts:
        buckets.add(m, end)
    return buckets.summary(end, latest), latest
