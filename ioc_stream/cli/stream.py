"""`ioc-stream broker|topics create|worker|produce|demo`: the streaming service from the shell."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from ioc_stream.cli.app import app, open_input

topics_app = typer.Typer(help="Kafka topics of ioc-stream.", no_args_is_help=True)
app.add_typer(topics_app, name="topics")

Broker = Annotated[str | None, typer.Option("--broker", help="Bootstrap host:port (default: IOC_KAFKA__BOOTSTRAP)")]


def _settings(broker: str | None = None, **top: object):
    """Settings from IOC_* env, with command-line overrides applied."""
    from ioc_stream.config import get_settings

    settings = get_settings()
    if broker:
        settings = settings.model_copy(update={"kafka": settings.kafka.model_copy(update={"bootstrap": broker})})
    update = {k: v for k, v in top.items() if v is not None}
    return settings.model_copy(update=update) if update else settings


@app.command()
def broker(
    port: Annotated[
        int | None, typer.Option(help="Port on 127.0.0.1 (default: a free one)", envvar="IOC_BROKER_PORT")
    ] = None,
) -> None:
    """Run the embedded Kafka-compatible broker (Tansu, memory-only) in the foreground."""
    from ioc_stream.cli.processes import wait_for_signal
    from ioc_stream.kafka.broker import EmbeddedBroker

    b = EmbeddedBroker(port=port) if port else EmbeddedBroker()
    with b:
        typer.echo(f"broker listening on {b.bootstrap} (Ctrl-C to stop)", err=True)
        wait_for_signal()
    typer.echo("broker stopped", err=True)


@topics_app.command("create")
def topics_create(broker: Broker = None) -> None:
    """Create every topic (inputs, keyed, alerts, dead letters, state changelog); idempotent."""
    from ioc_stream.kafka.topics import ensure_topics, topic_specs

    settings = _settings(broker)
    created = ensure_topics(settings)
    for spec in topic_specs(settings):
        state = "created" if spec.name in created else "exists"
        typer.echo(f"{spec.name}\t{spec.partitions} partitions\t{state}")


@app.command()
def worker(
    broker: Broker = None,
    web_port: Annotated[
        int | None, typer.Option(help="Port of /healthz /readyz /metrics (default: IOC_WEB_PORT)")
    ] = None,
    data_dir: Annotated[str | None, typer.Option(help="State store directory (default: IOC_DATA_DIR)")] = None,
) -> None:
    """Run the Faust stream worker (route + correlate agents) until SIGINT/SIGTERM; creates missing topics first."""
    from ioc_stream.kafka.topics import ensure_topics
    from ioc_stream.kafka.worker import StreamWorker
    from ioc_stream.logs import configure

    settings = _settings(broker, web_port=web_port, data_dir=data_dir)
    configure(settings.log_level)
    ensure_topics(settings)  # ours, as configured, before Faust would declare any its own way
    StreamWorker(settings).run()


@app.command()
def produce(
    topic: Annotated[str, typer.Option(help="Topic name as given, or a role: mentions|ops|actions (prefix applied)")],
    file: Annotated[Path | None, typer.Argument(help="JSONL; stdin when omitted or '-'")] = None,
    rate: Annotated[float | None, typer.Option(help="Messages per second (default: as fast as possible)")] = None,
    broker: Broker = None,
) -> None:
    """Send each JSONL line to a topic as-is (bad lines too: the worker dead-letters them)."""
    from ioc_stream.kafka.produce import jsonl_messages
    from ioc_stream.kafka.produce import produce as send_all
    from ioc_stream.kafka.topics import resolve

    settings = _settings(broker)
    name = resolve(settings, topic)
    with open_input(file) as src:
        sent = asyncio.run(send_all(settings, ((name, None, line) for line in jsonl_messages(src)), rate=rate))
    typer.echo(f"sent {sent} messages to {name}", err=True)


@app.command()
def demo(
    port: Annotated[int | None, typer.Option(help="Broker port (default: a free one)")] = None,
    speed: Annotated[float, typer.Option(help="Simulated seconds per wall second")] = 120.0,
    seed: Annotated[int, typer.Option(help="Simulator seed")] = 7,
    duration: Annotated[float | None, typer.Option(help="Stop after this many seconds (default: until Ctrl-C)")] = None,
    web_port: Annotated[int | None, typer.Option(help="Worker metrics port (default: IOC_WEB_PORT)")] = None,
    ops_format: Annotated[
        str, typer.Option(help="Ops feed as json records, or as mvt telexes read by the ingest stage")
    ] = "json",
) -> None:
    """Everything at once: broker, topics, worker, API, and the simulator feeding a day, sped up."""
    from ioc_stream.cli.demo import Demo

    if ops_format not in ("json", "mvt"):
        typer.echo(f"ioc-stream: --ops-format: json or mvt, not {ops_format!r}", err=True)
        raise typer.Exit(2)
    demo = Demo(
        _settings(web_port=web_port), broker_port=port, speed=speed, seed=seed, duration=duration, ops_format=ops_format
    )
    code = demo.run()
    raise typer.Exit(code)
