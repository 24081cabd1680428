"""`ioc-stream demo`: broker, topics, worker, API and a sped-up simulated day, started and stopped as one."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson

from ioc_stream.cli.processes import cli_command, sigterm_unwinds, spawn, terminate, wait_for_signal
from ioc_stream.config import Settings
from ioc_stream.kafka.broker import EmbeddedBroker, free_port
from ioc_stream.kafka.produce import produce
from ioc_stream.kafka.topics import ensure_topics
from ioc_stream.serve.auth import demo_tokens
from ioc_stream.serve.samples import SAMPLE_UNITS


def has_command(name: str) -> bool:
    """True when the typer app has a command `name` (the API is written by another team)."""
    from ioc_stream.cli import app

    return any((c.name or (c.callback.__name__ if c.callback else "")) == name for c in app.registered_commands)


def mvt_ops(start: datetime):
    """The ops feed as MVT telexes read back by the ingest stage: record -> the JSON values to produce
    (records MVT cannot carry pass as they are)."""
    from ioc_stream.ingest.mvt_events import TelexLog
    from ioc_stream.ingest.output import encode
    from ioc_stream.simulate.mvt import render

    log = TelexLog(start)

    def convert(record: dict) -> list[bytes]:
        telex = render(record)
        return [orjson.dumps(record)] if telex is None else [encode(e) for e in log.add(telex)]

    return convert


async def feed(settings: Settings, seed: int, speed: float, stop: asyncio.Event, ops_format: str = "json") -> int:
    """Produce the simulator's endless day until `stop` is set, `speed` event-seconds per wall second;
    with `ops_format` "mvt" the ops feed goes through MVT telexes and the ingest stage."""
    from ioc_stream.simulate import stream

    t = settings.topics
    topics = {"mention": t.name(t.mentions), "ops": t.name(t.ops)}
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    wall0 = time.monotonic()
    as_ops = mvt_ops(start) if ops_format == "mvt" else lambda record: [orjson.dumps(record)]

    async def messages():
        for kind, record in stream(seed, start, None):  # paced here, without blocking the event loop
            if stop.is_set():
                return
            at = datetime.fromisoformat(
                record["created_at" if kind == "mention" else "reported_at"].replace("Z", "+00:00")
            )
            delay = wall0 + (at - start).total_seconds() / speed - time.monotonic()
            if delay > 0:
                await asyncio.sleep(min(delay, 1.0))
            if kind == "ops":
                for value in as_ops(record):
                    yield topics[kind], None, value
            else:
                yield topics[kind], None, orjson.dumps(record)

    return await produce(settings, messages(), stamp=True)  # the simulated day runs ahead of the wall clock


def _port_or_free(preferred: int) -> int:
    """`preferred` when nothing listens there, else a free port (a second demo must not collide)."""
    import socket

    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", preferred)) != 0:
            return preferred
    return free_port()


def _wait_http(url: str, child: subprocess.Popen, timeout: float) -> bool:
    """Poll `url` until it answers 200, the child dies, or `timeout` passes."""
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and child.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    return False


class Demo:
    """Runs the whole system in one terminal; Ctrl-C (or --duration) stops everything in reverse order."""

    def __init__(
        self,
        settings: Settings,
        *,
        broker_port: int | None,
        speed: float,
        seed: int,
        duration: float | None,
        ops_format: str = "json",
    ) -> None:
        self.settings, self.speed, self.seed, self.duration = settings, speed, seed, duration
        self.ops_format = ops_format
        self.broker = EmbeddedBroker(port=broker_port) if broker_port else EmbeddedBroker()
        self.logs = Path(tempfile.mkdtemp(prefix="ioc-stream-demo-"))
        self.children: dict[str, subprocess.Popen] = {}

    def run(self) -> int:
        """SIGTERM stops everything as Ctrl-C does; SIGKILL takes the children with it (lifeline.py)."""
        with sigterm_unwinds():
            return self._run()

    def _run(self) -> int:
        self.broker.log_path = self.logs / "broker.log"
        self.broker.start()
        try:
            api = self.settings.api
            tokens = api.tokens or demo_tokens()
            settings = self.settings.model_copy(
                update={
                    "kafka": self.settings.kafka.model_copy(update={"bootstrap": self.broker.bootstrap}),
                    "web_port": _port_or_free(self.settings.web_port),
                    "api": api.model_copy(update={"port": _port_or_free(api.port), "tokens": tokens}),
                }
            )
            ensure_topics(settings)
            env = {
                "IOC_KAFKA__BOOTSTRAP": self.broker.bootstrap,
                "IOC_WEB_PORT": str(settings.web_port),
                "IOC_API__PORT": str(settings.api.port),
                "IOC_API__TOKENS": orjson.dumps(tokens).decode(),
                "IOC_API__PULSE_CLOCK": "event",  # the sped-up day runs ahead of the wall clock
                # station alerts go to the units of their hub (flight alerts need a schedule: IOC_DESK__SCHEDULE)
                "IOC_DESK__UNITS": orjson.dumps(
                    [u.model_dump() for u in (self.settings.desk.units or SAMPLE_UNITS)]
                ).decode(),
            }
            self.children["worker"] = spawn(cli_command("worker"), env, self.logs / "worker.log")
            if has_command("api"):
                self.children["api"] = spawn(cli_command("api"), env, self.logs / "api.log")
            print(f"ioc-stream demo: starting broker, worker and API (logs in {self.logs}) ...", flush=True)
            if not self._wait_ready(settings):
                return 1
            self._banner(settings, tokens)
            return self._feed_until_stopped(settings)
        finally:
            for child in reversed(list(self.children.values())):
                terminate(child)
            self.broker.stop()
            print("demo stopped; logs kept in", self.logs, flush=True)

    def _wait_ready(self, settings: Settings) -> bool:
        """Wait for the worker's and the API's /readyz; say which child failed, and where its log is."""
        urls = {
            "worker": f"http://127.0.0.1:{settings.web_port}/readyz",
            "api": f"http://{settings.api.host}:{settings.api.port}/readyz",
        }
        for name, child in self.children.items():
            if not _wait_http(urls[name], child, timeout=90):
                state = f"exited with code {child.returncode}" if child.poll() is not None else "not ready after 90 s"
                print(
                    f"ioc-stream demo: the {name} {state}; see {self.logs / (name + '.log')}",
                    file=sys.stderr,
                    flush=True,
                )
                return False
        return True

    def _feed_until_stopped(self, settings: Settings) -> int:
        import threading

        stop = asyncio.Event()
        loop = asyncio.new_event_loop()
        task = loop.create_task(feed(settings, self.seed, self.speed, stop, self.ops_format))
        runner = threading.Thread(target=loop.run_until_complete, args=(task,), daemon=True)
        runner.start()
        deadline = None if self.duration is None else time.monotonic() + self.duration
        code = 0
        while deadline is None or time.monotonic() < deadline:
            left = 2.0 if deadline is None else max(0.0, min(2.0, deadline - time.monotonic()))
            if wait_for_signal(left):
                break
            dead = [name for name, child in self.children.items() if child.poll() is not None]
            if dead:
                print(
                    f"ioc-stream demo: the {dead[0]} stopped unexpectedly; see {self.logs / (dead[0] + '.log')}",
                    file=sys.stderr,
                    flush=True,
                )
                code = 1
                break
        loop.call_soon_threadsafe(stop.set)
        runner.join(10)
        return code or (0 if task.done() and task.exception() is None else 1)

    def _banner(self, settings: Settings, tokens: dict[str, str]) -> None:
        t, api = settings.topics, settings.api
        by_role = {spec.split(":")[0]: token for token, spec in tokens.items()}
        base = f"http://{api.host}:{api.port}"
        liaison = by_role.get("liaison") or by_role.get("admin", "")
        bridge = by_role.get("bridge", liaison)
        print(
            f"""ioc-stream demo is running ({self.speed:g}x speed, seed {self.seed}); Ctrl-C stops everything
  console  {base}/console#token={liaison}      (liaison: read, ack, resolve, notes)
  wall     {base}/wall#token={bridge}         (bridge screen, read-only)
  pulse    {base}/pulse#token={bridge}
  scorecard {base}/scorecard#token={bridge}
  API      {base}/openapi.json   tokens: {", ".join(f"{role}={tok}" for role, tok in sorted(by_role.items()))}
  metrics  http://127.0.0.1:{settings.web_port}/metrics
  broker   {self.broker.bootstrap}   alerts topic: {t.name(t.alerts)}
  logs     {self.logs}""",
            flush=True,
        )
