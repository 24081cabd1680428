"""Process and broker plumbing for the stream benchmarks: namespaces, child processes, progress, RSS.

Everything started here is stopped here: `Bench` is a context manager that terminates its children in
reverse order and then the broker, on success, error or Ctrl-C alike.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aiokafka import AIOKafkaConsumer

from benchmarks.workload import Message
from ioc_stream.cli.processes import cli_command, raise_interrupt, spawn, terminate
from ioc_stream.config import KafkaConfig, Settings, TopicsConfig
from ioc_stream.kafka.broker import EmbeddedBroker, free_port
from ioc_stream.kafka.produce import produce
from ioc_stream.kafka.topics import TopicSpec, create_topics

#: The same commit interval for every framework, so "committed everything" means the same thing.
COMMIT_INTERVAL_S = 0.2
#: Worker knobs for the bench (defaults otherwise): fast commits, quiet logs.
WORKER_ENV = {
    "IOC_WORKER_COMMIT_INTERVAL_S": str(COMMIT_INTERVAL_S),
    "IOC_WORKER_LOG_LEVEL": "WARNING",
    "IOC_LOG_LEVEL": "WARNING",
    # a lost or added member is noticed in seconds (Tansu holds a join for half the session timeout)
    "IOC_WORKER_SESSION_TIMEOUT_S": "6",
    "IOC_WORKER_HEARTBEAT_INTERVAL_S": "0.5",
    "IOC_WORKER_REBALANCE_TIMEOUT_S": "10",
}


@dataclass
class Namespace:
    """One data set's input topics (prefix) on the shared broker; each system run gets its own group,
    keyed and alerts topics (`system`), so every system reads the very same pre-loaded inputs."""

    bootstrap: str
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:8])

    def settings(self, system: str = "ioc") -> Settings:
        return Settings(
            kafka=KafkaConfig(bootstrap=self.bootstrap, group_id=f"g-{self.tag}-{system}"),
            topics=TopicsConfig(prefix=f"b-{self.tag}.", keyed=f"keyed.{system}", alerts=f"alerts.{system}"),
        )

    def topic(self, role: str, system: str = "ioc") -> str:
        t = self.settings(system).topics
        return t.name(getattr(t, role))

    @property
    def inputs(self) -> list[str]:
        return [self.topic("mentions"), self.topic("ops")]

    def env(self, system: str, data_dir: Path) -> dict[str, str]:
        """Environment of an `ioc-stream worker` (or a peer) running as `system` on this namespace."""
        s = self.settings(system)
        return {
            "IOC_KAFKA__BOOTSTRAP": self.bootstrap,
            "IOC_KAFKA__GROUP_ID": s.kafka.group_id,
            "IOC_TOPICS__PREFIX": s.topics.prefix,
            "IOC_TOPICS__KEYED": s.topics.keyed,
            "IOC_TOPICS__ALERTS": s.topics.alerts,
            "IOC_DATA_DIR": str(data_dir),
            **WORKER_ENV,
        }

    def create_topics(self, system: str = "ioc", extra: Sequence[TopicSpec] = ()) -> None:
        """ioc-stream's topics for `system`, plus `extra` topics (a peer's own, made with topics.sized)."""
        asyncio.run(create_topics(self.settings(system), extra=extra))

    def load(self, messages: Iterable[Message], rate: float | None = None) -> int:
        """Produce `messages` to the input topics, in order."""
        named = ((self.topic(m.role), m.key, m.value) for m in messages)
        return asyncio.run(produce(self.settings(), named, rate=rate, stamp=True))


class Offsets:
    """Committed and end offsets of a consumer group over some topics.

    Committed offsets come from a consumer that carries the group id but never joins (Tansu answers
    its OffsetFetch version; the admin client's newer one fails to decode).
    """

    def __init__(self, bootstrap: str, group: str) -> None:
        self.consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)

    async def __aenter__(self) -> Offsets:
        await self.consumer.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.consumer.stop()

    async def _parts(self, topics: Sequence[str]) -> list:
        from aiokafka import TopicPartition

        await self.consumer._client.force_metadata_update()
        return [TopicPartition(t, p) for t in topics for p in sorted(self.consumer.partitions_for_topic(t) or ())]

    async def topics(self) -> set[str]:
        """Every topic the broker has now."""
        await self.consumer._client.force_metadata_update()
        return set(self.consumer._client.cluster.topics())

    async def ends(self, topics: Sequence[str]) -> dict[str, int]:
        """Sum of end offsets per topic."""
        out: dict[str, int] = dict.fromkeys(topics, 0)
        parts = await self._parts(topics)
        for tp, end in (await self.consumer.end_offsets(parts) if parts else {}).items():
            out[tp.topic] += end
        return out

    async def committed(self, topics: Sequence[str]) -> dict[str, int]:
        """Sum of committed offsets per topic (topics without any commit are absent)."""
        out: dict[str, int] = {}
        for tp in await self._parts(topics):
            offset = await self.consumer.committed(tp)
            if offset is not None:
                out[tp.topic] = out.get(tp.topic, 0) + offset
        return out


class Died(RuntimeError):
    """A process under test exited before its work was done."""


@dataclass
class Drained:
    """How long a group took to commit everything: events over the seconds from first to last commit."""

    events: int
    seconds: float
    timed_out: bool = False

    @property
    def per_s(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


def wait_drained(
    bootstrap: str,
    group: str,
    inputs: Sequence[str],
    stages: Callable[[set[str]], Sequence[str]] | Sequence[str],
    *,
    timeout: float,
    alive: Callable[[], bool] = lambda: True,
) -> Drained:
    """Poll until `group` has committed all of `inputs` and of every intermediate topic in `stages`.

    Timing starts at the first poll that sees input committed (so start-up and group join are excluded)
    and the events counted are those committed after it. `alive()` False aborts (a crashed child).
    `stages` may be a function of the broker's topic names (a peer's internal topic appears only
    once it has started).
    """
    return asyncio.run(_wait_drained(bootstrap, group, inputs, stages, timeout, alive))


async def _wait_drained(bootstrap, group, inputs, stages, timeout, alive) -> Drained:
    start = time.monotonic()
    t0 = base = None
    async with Offsets(bootstrap, group) as offsets:
        while time.monotonic() - start < timeout:
            if not alive():
                raise Died("a process under test exited early")
            internal = list(stages(await offsets.topics()) if callable(stages) else stages)
            watched = [*inputs, *internal]
            committed = await offsets.committed(watched)
            ends = await offsets.ends(watched)
            done_inputs = sum(committed.get(t, 0) for t in inputs)
            now = time.monotonic()
            if t0 is None and done_inputs > 0:
                t0, base = now, done_inputs
            caught_up = all(committed.get(t, 0) >= ends[t] for t in watched)
            if t0 is not None and internal and caught_up:
                return Drained(done_inputs - base, now - t0)  # type: ignore[operator]
            await asyncio.sleep(0.1)
    return Drained(0, timeout, timed_out=True)


async def read_all(bootstrap: str, topic: str) -> list[bytes]:
    """Every value on `topic` from the beginning to its current end."""
    from aiokafka import TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        parts = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        if not parts:
            return []
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        ends = await consumer.end_offsets(parts)
        out: list[bytes] = []
        while [tp for tp in parts if await consumer.position(tp) < ends[tp]]:
            for records in (await consumer.getmany(timeout_ms=1000, max_records=10_000)).values():
                out.extend(r.value for r in records)
        return out
    finally:
        await consumer.stop()


def rss_kb(pid: int) -> int:
    """Resident set size of `pid` in kB, from /proc/<pid>/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


class Bench:
    """The broker and every child process of one benchmark run; stops them all on exit, whatever happened."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        logs.mkdir(parents=True, exist_ok=True)
        self.broker = EmbeddedBroker(log_path=logs / "broker.log")
        self.children: list[subprocess.Popen] = []
        self._previous_sigterm = None

    def __enter__(self) -> Bench:
        # SIGTERM (make being stopped) must unwind through __exit__ like Ctrl-C does
        self._previous_sigterm = signal.signal(signal.SIGTERM, raise_interrupt)
        self.broker.start()
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            for child in reversed(self.children):
                terminate(child, timeout=10)
            self.children.clear()
        finally:
            self.broker.stop()
            signal.signal(signal.SIGTERM, self._previous_sigterm or signal.SIG_DFL)

    def namespace(self) -> Namespace:
        return Namespace(self.broker.bootstrap)

    def start(self, args: list[str], env: dict[str, str], name: str) -> subprocess.Popen:
        """Start a child (its own session, log under logs/) that __exit__ will stop."""
        proc = spawn(args, env, self.logs / f"{name}.log")
        self.children.append(proc)
        return proc

    def worker(
        self, ns: Namespace, system: str, name: str, *, profile: Path | None = None, env: dict[str, str] | None = None
    ) -> tuple[subprocess.Popen, int]:
        """An `ioc-stream worker` as `system` on `ns` (under pyinstrument when `profile` names its
        text report); returns it and its web port."""
        port = free_port()
        args = cli_command("worker")
        if profile is not None:
            args = [args[0], "-m", "pyinstrument", "-r", "text", "-o", str(profile), *args[1:]]
        full_env = {**ns.env(system, self.logs / f"{name}-data"), "IOC_WEB_PORT": str(port), **(env or {})}
        return self.start(args, full_env, name), port

    def python(self, module: str, ns: Namespace, system: str, *args: str) -> subprocess.Popen:
        """`python -m <module> <args>` (a peer implementation) as `system` on `ns`."""
        path = os.pathsep.join(
            p for p in (os.environ.get("PYTHONPATH"), str(Path(__file__).resolve().parent.parent)) if p
        )
        env = {**ns.env(system, self.logs / f"{system}-data"), "PYTHONPATH": path}
        return self.start([sys.executable, "-m", module, *args], env, system)

    def stop(self, proc: subprocess.Popen) -> None:
        """Stop one child now (clean shutdown first)."""
        terminate(proc, timeout=15)
        if proc in self.children:
            self.children.remove(proc)


def log_tail(path: Path, chars: int = 2000) -> str:
    return path.read_text(errors="replace")[-chars:] if path.exists() else ""


def report(result: object, json_path: Path | None) -> None:
    """Print a bench's result as indented JSON, and write it to `json_path` when given."""
    import orjson

    text = orjson.dumps(result, option=orjson.OPT_INDENT_2).decode()
    print(text)
    if json_path:
        json_path.write_text(text)
