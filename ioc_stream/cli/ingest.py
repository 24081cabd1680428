"""`ioc-stream ingest FORMAT`: native feeds (X API v2, MVT telexes, FAA NAS status, AIDX) in, contract JSON out."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ioc_stream.cli.app import app, open_input
from ioc_stream.cli.stream import Broker, _settings


class FormatName(StrEnum):
    """The formats `ioc_stream.ingest.formats.FORMATS` reads."""

    x_v2 = "x-v2"
    mvt = "mvt"
    faa_nas = "faa-nas"
    aidx = "aidx"


def _fail(message: str) -> typer.Exit:
    """Say why on stderr; the exit (code 2) to raise."""
    typer.echo(f"ioc-stream: {message}", err=True)
    return typer.Exit(2)


@app.command()
def ingest(
    format: Annotated[FormatName, typer.Argument(help="x-v2 | mvt | faa-nas | aidx")],
    file: Annotated[Path | None, typer.Argument(help="Input in the native format; stdin when omitted or '-'")] = None,
    topic: Annotated[
        str | None, typer.Option(help="Produce to this topic (or role: mentions|ops) instead of stdout")
    ] = None,
    broker: Broker = None,
    carrier: Annotated[
        str | None, typer.Option(help="Carrier of station-level events (default: IOC_CARRIER or AA)")
    ] = None,
    near: Annotated[
        str | None,
        typer.Option(help="mvt: ISO time the telexes were sent near (their stamps have no month; default: now)"),
    ] = None,
    delay_margin: Annotated[int, typer.Option(help="aidx: minutes beyond schedule before a leg is a DELAY")] = 15,
    url: Annotated[str | None, typer.Option(help="faa-nas live: poll this airport status URL")] = None,
    every: Annotated[float, typer.Option(help="faa-nas live: seconds between polls")] = 60.0,
    stream_url: Annotated[str | None, typer.Option(help="x-v2 live: read this filtered stream URL")] = None,
    token_env: Annotated[
        str, typer.Option(help="x-v2 live: environment variable holding the bearer token")
    ] = "X_BEARER_TOKEN",
    backoff_initial: Annotated[float, typer.Option(help="live: first reconnect / retry delay, seconds")] = 1.0,
    backoff_max: Annotated[float, typer.Option(help="live: longest reconnect / retry delay, seconds")] = 320.0,
    stall_timeout: Annotated[
        float, typer.Option(help="x-v2 live: reconnect after this many seconds without a byte")
    ] = 30.0,
    metrics_port: Annotated[int, typer.Option(help="live: serve Prometheus /metrics on this port (0: off)")] = 6067,
    metrics_host: Annotated[str, typer.Option(help="live: address of the /metrics endpoint")] = "127.0.0.1",
) -> None:
    """Read a native feed; one social_mention or ops_event JSON line per event (stdout, or --topic), problems on stderr.

    Offline (FILE or stdin) the whole input is read: a COR replaces the telex it corrects, the latest edit of a
    post wins, deleted posts are dropped.

    Live (--url for faa-nas, --stream-url for x-v2) records go to the input topic as they come, unreadable ones
    to the dead-letter topic.
    """
    from ioc_stream.ingest.formats import FORMATS, Context

    fmt = FORMATS[format.value]
    settings = _settings(broker)
    live_url = url or stream_url
    if url and fmt.name != "faa-nas":
        raise _fail("--url polls the FAA status service: it goes with faa-nas")
    if stream_url and fmt.name != "x-v2":
        raise _fail("--stream-url reads an X filtered stream: it goes with x-v2")
    if live_url and file is not None:
        raise _fail("give either a FILE or a live --url/--stream-url, not both")
    try:
        at = datetime.fromisoformat(near.replace("Z", "+00:00")) if near else datetime.now(UTC)
    except ValueError:
        raise _fail(f"--near: not an ISO 8601 time: {near!r}") from None
    ctx = Context(
        carrier=(carrier or settings.carrier).upper(),
        near=at if at.tzinfo else at.replace(tzinfo=UTC),
        delay_margin_minutes=delay_margin,
    )
    if live_url:
        _live(
            fmt,
            ctx,
            settings,
            topic or fmt.role,
            live_url,
            every=every,
            token_env=token_env,
            backoff=(backoff_initial, backoff_max),
            stall=stall_timeout,
            metrics=(metrics_host, metrics_port),
        )
        return
    _offline(fmt, ctx, settings, file, topic)


def _offline(fmt, ctx, settings, file: Path | None, topic: str | None) -> None:
    """The whole input in, its records out in input order (stdout or a topic), its problems on stderr."""
    import asyncio

    from ioc_stream.ingest.formats import read_all
    from ioc_stream.ingest.output import encode, report, write_lines
    from ioc_stream.kafka.produce import produce
    from ioc_stream.kafka.topics import resolve

    with open_input(file) as src:
        try:
            data = src.read()
        except OSError as exc:
            raise _fail(f"cannot read {file or 'stdin'}: {exc.strerror}") from exc
    outcome = read_all(fmt, data, ctx)
    report(outcome.problems, sys.stderr.buffer)
    if topic is None:
        write_lines(outcome.records, sys.stdout.buffer)
        return
    name = resolve(settings, topic)
    sent = asyncio.run(produce(settings, [(name, None, encode(r)) for r in outcome.records], stamp=True))
    typer.echo(f"sent {sent} {fmt.role} records to {name} ({len(outcome.problems)} unreadable)", err=True)


def _live(fmt, ctx, settings, topic: str, url: str, *, every, token_env, backoff, stall, metrics) -> None:
    """A connector: records to `topic` as they come, problems dead-lettered, until SIGTERM."""
    from ioc_stream.backoff import Backoff
    from ioc_stream.connect import live
    from ioc_stream.connect.kafka_out import KafkaOut
    from ioc_stream.kafka.topics import resolve
    from ioc_stream.logs import configure

    configure(settings.log_level)
    reader = fmt.reader(ctx)
    policy = Backoff(initial=backoff[0], maximum=backoff[1])
    if fmt.name == "faa-nas":
        from ioc_stream.connect.nas_poll import poll

        def source(client, stop):
            """The connector's result stream on one HTTP client."""
            return poll(client, url, every, reader, stop, policy)
    else:
        from ioc_stream.connect.x_stream import follow

        token = os.environ.get(token_env, "")
        if not token:
            raise _fail(f"x-v2 --stream-url needs a bearer token in ${token_env}")

        def source(client, stop):
            """The connector's result stream on one HTTP client."""
            return follow(client, url, token, reader, stop, policy, stall_s=stall)

    out = KafkaOut(settings, fmt.name, resolve(settings, topic), f"ingest:{fmt.name}:{url}")
    host, port = metrics
    typer.echo(
        f"ingest {fmt.name} from {url} to {out.topic} (dead letters: {out.deadletter}; "
        f"metrics: {'off' if not port else f'http://{host}:{port}/metrics'})",
        err=True,
    )
    sent = live.run(settings, source, out, metrics_host=host, metrics_port=port)
    typer.echo(f"ingest {fmt.name} stopped after {sent} messages", err=True)
