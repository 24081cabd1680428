"""Integration-test helpers: a per-test topic namespace on the session broker, worker processes, topic readers."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition

from ioc_stream.cli.processes import cli_command
from ioc_stream.config import CorrelationConfig, KafkaConfig, Settings, TopicsConfig
from ioc_stream.correlate.keys import FLIGHT
from ioc_stream.ingest.messages import Rejected
from ioc_stream.kafka.broker import free_port
from ioc_stream.kafka.produce import produce
from ioc_stream.kafka.topics import create_topics
from ioc_stream.pipeline.partitions import partition_for
from ioc_stream.pipeline.routing import route

#: Faust timeouts short enough for tests (Tansu holds a group join for half the session timeout).
TEST_TUNING = {
    "IOC_WORKER_SESSION_TIMEOUT_S": "4",
    "IOC_WORKER_HEARTBEAT_INTERVAL_S": "0.3",
    "IOC_WORKER_REBALANCE_TIMEOUT_S": "8",
    "IOC_WORKER_COMMIT_INTERVAL_S": "0.3",
    "IOC_WORKER_TICK_INTERVAL_S": "0.3",
    "IOC_WORKER_LOG_LEVEL": "WARNING",
}


@dataclass
class WorkerProc:
    """One `ioc-stream worker` child process with its own web port and log file."""

    env: dict[str, str]
    log: Path
    web_port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    def start(self) -> WorkerProc:
        env = {**os.environ, **self.env, "IOC_WEB_PORT": str(self.web_port)}
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                cli_command("worker"), env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.web_port}{path}", timeout=2) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def readiness(self) -> dict[str, Any] | None:
        try:
            return orjson.loads(self.get("/readyz")[1])
        except (OSError, ValueError):
            return None

    def wait_ready(self, timeout: float = 60.0, partitions: int | None = None) -> dict[str, Any]:
        """Until /readyz says ready (and, if given, holds exactly `partitions` partitions)."""
        deadline, state = time.monotonic() + timeout, None
        while time.monotonic() < deadline:
            assert self.proc is not None and self.proc.poll() is None, (
                f"worker exited; log: {self.log.read_text()[-3000:]}"
            )
            state = self.readiness()
            if state and state["ready"] and (partitions is None or len(state["assigned"]) == partitions):
                return state
            time.sleep(0.2)
        raise TimeoutError(f"worker not ready in {timeout}s: {state}; log: {self.log.read_text()[-3000:]}")

    def stop(self, timeout: float = 20.0) -> int | None:
        """SIGTERM (clean shutdown, leaves the group), then SIGKILL if it lingers."""
        if self.proc is None or self.proc.poll() is not None:
            return None if self.proc is None else self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return self.kill()

    def kill(self) -> int:
        """kill -9: no shutdown, no commit, no leave-group."""
        assert self.proc is not None
        self.proc.kill()
        return self.proc.wait()


@dataclass
class Namespace:
    """A test's own topics (prefix) and consumer group on the shared broker."""

    bootstrap: str
    tmp: Path
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    workers: list[WorkerProc] = field(default_factory=list)
    extra_env: dict[str, str] = field(default_factory=dict)  # e.g. the desk's tables (IOC_DESK__*)

    @property
    def settings(self) -> Settings:
        return Settings(
            kafka=KafkaConfig(bootstrap=self.bootstrap, group_id=f"g-{self.tag}"),
            topics=TopicsConfig(prefix=f"t-{self.tag}."),
            correlation=CorrelationConfig(),
        )

    def env(self) -> dict[str, str]:
        s = self.settings
        return {
            "IOC_KAFKA__BOOTSTRAP": self.bootstrap,
            "IOC_KAFKA__GROUP_ID": s.kafka.group_id,
            "IOC_TOPICS__PREFIX": s.topics.prefix,
            "IOC_DATA_DIR": str(self.tmp / "data"),
            **TEST_TUNING,
            **self.extra_env,
        }

    def topic(self, role: str) -> str:
        t = self.settings.topics
        return t.name(getattr(t, role))

    def create_topics(self) -> None:
        asyncio.run(create_topics(self.settings))

    def worker(self) -> WorkerProc:
        w = WorkerProc(self.env(), self.tmp / f"worker{len(self.workers)}.log").start()
        self.workers.append(w)
        return w

    def close(self) -> None:
        for w in self.workers:
            if w.proc is not None and w.proc.poll() is None:
                w.kill()

    def send(
        self,
        messages: list[tuple[str, bytes | None]],
        rate: float | None = None,
        *,
        keyed: bool = False,
        stamp: bool = True,
    ) -> int:
        """Produce (role-or-topic, value) pairs in order: unkeyed as the feeds do, or (`keyed`) each
        under its first state key, so a feed partition's records belong to the same keyed partition.
        `stamp`: each record's Kafka timestamp is its event time (a recorded day replayed); else the broker's."""
        named = [(self.topic(t) if "." not in t else t, state_key(t, v) if keyed else None, v) for t, v in messages]
        return asyncio.run(produce(self.settings, named, rate=rate, stamp=stamp))

    def read(
        self, role: str, *, want: int = 0, idle_s: float = 3.0, timeout: float = 90.0
    ) -> list[tuple[bytes | None, bytes]]:
        """Every (key, value) on a topic from the start, once `want` are there and nothing new came for `idle_s`."""
        return asyncio.run(read_topic(self.bootstrap, self.topic(role), want=want, idle_s=idle_s, timeout=timeout))


async def read_topic(
    bootstrap: str, topic: str, *, want: int, idle_s: float, timeout: float
) -> list[tuple[bytes | None, bytes]]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest")
    await consumer.start()
    try:
        parts = consumer.partitions_for_topic(topic) or set()
        if not parts:
            await consumer._client.force_metadata_update()
            parts = consumer.partitions_for_topic(topic) or set()
        consumer.assign([TopicPartition(topic, p) for p in sorted(parts)])
        await consumer.seek_to_beginning()
        out: list[tuple[bytes | None, bytes]] = []
        start = last = time.monotonic()
        while time.monotonic() - start < timeout:
            batch = await consumer.getmany(timeout_ms=200)
            got = [(m.key, m.value) for msgs in batch.values() for m in msgs]
            if got:
                out += got
                last = time.monotonic()
            elif len(out) >= want and time.monotonic() - last >= idle_s:
                break
        return out
    finally:
        await consumer.stop()


def state_key(role: str, value: bytes | None) -> bytes | None:
    """The first state key the worker will give this input (None for bad or key-less records)."""
    try:
        outputs = route(role, value, carrier="AA", max_bytes=1 << 30, ts=0.0).outputs
    except Rejected:
        return None
    return outputs[0][0].encode() if outputs else None


class Tail:
    """Counts records arriving on a topic (its own consumer and event loop; for one thread)."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.consumer = self.loop.run_until_complete(self._start(bootstrap, topic))
        self.count = 0

    @staticmethod
    async def _start(bootstrap: str, topic: str) -> AIOKafkaConsumer:
        consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest")
        await consumer.start()
        parts = consumer.partitions_for_topic(topic) or set()
        consumer.assign([TopicPartition(topic, p) for p in sorted(parts)])
        return consumer

    def wait_for(self, total: int, timeout: float = 20.0) -> int:
        """Read until `total` records have arrived since the start (or `timeout`); returns the count."""
        deadline = time.monotonic() + timeout
        while self.count < total and time.monotonic() < deadline:
            batch = self.loop.run_until_complete(self.consumer.getmany(timeout_ms=100))
            self.count += sum(len(msgs) for msgs in batch.values())
        return self.count

    def close(self) -> None:
        self.loop.run_until_complete(self.consumer.stop())
        self.loop.close()


def keyed_outputs(messages: list[tuple[str, bytes | None]]) -> int:
    """How many keyed records the routing agent makes of these inputs."""
    total = 0
    for role, value in messages:
        try:
            total += len(route(role, value, carrier="AA", max_bytes=1 << 30, ts=0.0).outputs)
        except Rejected:
            pass
    return total


def in_event_time_order(mentions: list[dict], ops: list[dict]) -> list[tuple[str, bytes]]:
    """Both feeds merged as they happen (ops first on ties), ready for Namespace.send."""
    tagged = [(int(_ts(m["created_at"])), 1, m["id"], "mentions", m) for m in mentions]
    tagged += [(int(_ts(o["reported_at"])), 0, o["event_id"], "ops", o) for o in ops]
    tagged.sort(key=lambda x: x[:3])  # the replay's order: event second, ops first, then id
    return [(role, orjson.dumps(rec)) for *_, role, rec in tagged]


def clock_events(partitions: int, at: str) -> list[dict]:
    """One harmless ops event per keyed partition at time `at`, so every partition's watermark ends
    where the replay's global one does (a partition's watermark only moves with its own events)."""
    out, n = [], 1
    for p in range(partitions):
        while partition_for(f"{FLIGHT}XX{n}", partitions) != p:  # a carrier nobody posts about
            n += 1
        out.append(
            {
                "event_id": f"clock-{p}",
                "type": "ON_TIME",
                "carrier": "XX",
                "flight_number": str(n),
                "occurred_at": at,
                "reported_at": at,
            }
        )
        n += 1
    return out


def last_time(mentions: list[dict], ops: list[dict]) -> str:
    return max([m["created_at"] for m in mentions] + [o["reported_at"] for o in ops], key=_ts)


def _ts(iso: str) -> float:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(UTC).timestamp()


def replay_alerts(tmp: Path, mentions: list[dict], ops: list[dict], env: dict[str, str] | None = None) -> list[bytes]:
    """Every alert change `ioc-stream replay` writes for these records (as files), run as its own process now,
    so it uses the same code on disk as a worker started at about the same time (`env`: extra settings)."""
    files = []
    for name, rows in (("mentions", mentions), ("ops", ops)):
        path = tmp / f"{name}.jsonl"
        path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
        files += [f"--{name}", str(path)]
    out = subprocess.run(
        cli_command("replay", *files), capture_output=True, check=True, timeout=120, env={**os.environ, **(env or {})}
    ).stdout
    return [line for line in out.splitlines() if line.strip()]


def replay_signature(tmp: Path, mentions: list[dict], ops: list[dict]) -> set[tuple]:
    """alert_signature of `replay_alerts`."""
    return alert_signature(replay_alerts(tmp, mentions, ops))


def alert_signature(values: list[bytes]) -> set[tuple]:
    """De-duplicated (alert_id, version, status, lead_time_s) of Alert JSON values."""
    out = set()
    for v in values:
        a = orjson.loads(v)
        out.add((a["alert_id"], a["version"], a["status"], a["lead_time_s"]))
    return out
