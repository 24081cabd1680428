"""`ioc-stream demo`: broker, topics, worker, API and a sped-up simulated day, started and stopped as one."""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson

from ioc_stream.config import Settings
from ioc_stream.stream.broker import EmbeddedBroker
from ioc_stream.stream.lifecycle import cli_command, spawn, terminate, wait_for_signal
from ioc_stream.stream.produce import produce
from ioc_stream.stream.topics import create_topics


def has_command(name: str) -> bool:
    """True when the typer app has a command `name` (the API is written by another team)."""
    from ioc_stream.cli import app

    return any((c.name or (c.callback.__name__ if c.callback else "")) == name for c in app.registered_commands)


async def feed(settings: Settings, seed: int, speed: float, stop: asyncio.Event) -> int:
    """Produce the simulator's endless day until `stop` is set, `speed` event-seconds per wall second."""
    from ioc_stream.simulate import stream

    t = settings.topics
    topics = {"mention": t.name(t.mentions), "ops": t.name(t.ops)}
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    wall0 = time.monotonic()

    async def messages():
        for kind, record in stream(seed, start, None):  # paced here, without blocking the event loop
            if stop.is_set():
                return
            at = datetime.fromisoformat(record["created_at" if kind == "mention" else "reported_at"].replace("Z", "+00:00"))
            delay = wall0 + (at - start).total_seconds() / speed - time.monotonic()
            if delay > 0:
                await asyncio.sleep(min(delay, 1.0))
            yield topics[kind], None, orjson.dumps(record)

    return await produce(settings, messages())


class Demo:
    """Runs the whole system in one terminal; Ctrl-C (or --duration) stops everything in reverse order."""

    def __init__(self, settings: Settings, *, broker_port: int | None, speed: float, seed: int, duration: float | None) -> None:
        self.settings, self.speed, self.seed, self.duration = settings, speed, seed, duration
        self.broker = EmbeddedBroker(port=broker_port) if broker_port else EmbeddedBroker()
        self.logs = Path(tempfile.mkdtemp(prefix="ioc-stream-demo-"))

    def run(self) -> int:
        self.broker.log_path = self.logs / "broker.log"
        self.broker.start()
        children = []
        try:
            settings = self.settings.model_copy(
                update={"kafka": self.settings.kafka.model_copy(update={"bootstrap": self.broker.bootstrap})}
            )
            asyncio.run(create_topics(settings))
            env = {"IOC_KAFKA__BOOTSTRAP": self.broker.bootstrap, "IOC_WEB_PORT": str(settings.web_port)}
            children.append(spawn(cli_command("worker"), env, self.logs / "worker.log"))
            if has_command("api"):
                children.append(spawn(cli_command("api"), env, self.logs / "api.log"))
            self._banner(settings)
            return self._feed_until_stopped(settings)
        finally:
            for child in reversed(children):
                terminate(child)
            self.broker.stop()
            print("demo stopped; logs kept in", self.logs, flush=True)

    def _feed_until_stopped(self, settings: Settings) -> int:
        import threading

        stop = asyncio.Event()
        loop = asyncio.new_event_loop()
        task = loop.create_task(feed(settings, self.seed, self.speed, stop))
        runner = threading.Thread(target=loop.run_until_complete, args=(task,), daemon=True)
        runner.start()
        wait_for_signal(self.duration)
        loop.call_soon_threadsafe(stop.set)
        runner.join(10)
        return 0 if task.done() and task.exception() is None else 1

    def _banner(self, settings: Settings) -> None:
        t, api = settings.topics, settings.api
        print(
            f"""ioc-stream demo
  broker   {self.broker.bootstrap}
  console  http://{api.host}:{api.port}/
  metrics  http://127.0.0.1:{settings.web_port}/metrics   (ready: /readyz)
  alerts   kcat -b {self.broker.bootstrap} -C -t {t.name(t.alerts)}   (or: ioc-stream api)
  logs     {self.logs}
  speed    {self.speed:g}x, seed {self.seed}; Ctrl-C stops everything""",
            flush=True,
        )
        self.started = time.monotonic()
