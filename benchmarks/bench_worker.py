"""Throughput of one `ioc-stream worker` on a pre-loaded backlog: input events/s from first routed to all correlated.

Starts an EmbeddedBroker, `ioc-stream topics create`, preloads a simulated day (ioc_stream.simulate)
into the input topics as the feeds send it (unkeyed, event-time order), starts the worker and polls its
/metrics: the clock runs from the first routed batch until the correlation agent has processed every
keyed record (counted by routing the same inputs here, not from broker end offsets). Optionally
profiles the worker with py-spy meanwhile and prints the top functions (self and inclusive).

Run: .venv/bin/python -m benchmarks.bench_worker [--flights 8000] [--profile] [--env IOC_WORKER_MAX_POLL_RECORDS=4000]
Baseline: git archive <commit> ioc_stream | tar -x -C /tmp/base; ... --worker-path /tmp/base
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import orjson

from ioc_stream.cli.processes import cli_command, terminate
from ioc_stream.config import KafkaConfig, Settings, TopicsConfig
from ioc_stream.ingest.messages import Rejected
from ioc_stream.kafka.broker import EmbeddedBroker, free_port
from ioc_stream.kafka.produce import produce
from ioc_stream.pipeline.replay import replay_records
from ioc_stream.pipeline.routing import route
from ioc_stream.simulate import generate

START = datetime(2026, 3, 1, 6, tzinfo=UTC)


def workload(seed: int, flights: int, noise: float) -> tuple[list[dict], list[dict], list[tuple[str, bytes]]]:
    """A simulated day: the records, and (role, raw JSON) in the order the feeds emit them."""
    sc = generate(seed, START, 24, flights, noise_per_flight=noise)
    tagged = [(m["created_at"], 1, m["id"], "mentions", m) for m in sc.mentions]
    tagged += [(o["reported_at"], 0, o["event_id"], "ops", o) for o in sc.ops]
    tagged.sort(key=lambda x: (datetime.fromisoformat(x[0].replace("Z", "+00:00")), x[1], x[2]))
    return sc.mentions, sc.ops, [(role, orjson.dumps(rec)) for *_, role, rec in tagged]


def state_keys(messages: list[tuple[str, bytes]]) -> list[list[str]]:
    """The state keys routing gives each input (what the worker puts on the keyed topic)."""
    out = []
    for role, value in messages:
        try:
            out.append([key for key, _ in route(role, value, carrier="AA", max_bytes=1 << 30, ts=0.0).outputs])
        except Rejected:
            out.append([])
    return out


def scrape(port: int) -> bytes:
    """The worker's /metrics text (empty while it does not answer)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as r:
            return r.read()
    except OSError:
        return b""


_COUNTER = re.compile(rb'^ioc_events_processed_total\{agent="(\w+)"\} ([0-9.e+]+)$', re.M)


def processed(port: int, probe: str = "readyz") -> Counter:
    """Messages each worker step has processed: from /readyz (cheap), or from /metrics (a scrape costs the
    worker ~50 ms here; workers older than the /readyz counts need it)."""
    if probe == "metrics":
        return Counter({agent.decode(): float(v) for agent, v in _COUNTER.findall(scrape(port))})
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
            body = r.read()
    except urllib.error.HTTPError as err:
        body = err.read()
    except OSError:
        return Counter()
    return Counter(orjson.loads(body).get("processed") or {})


def totals(
    port: int, names: tuple[str, ...] = ("ioc_late_events_total", "ioc_deadletters_total", "ioc_ops_first_total")
) -> dict[str, float]:
    """Sums of a few counters over their labels (what went wrong, if anything)."""
    out = dict.fromkeys(names, 0.0)
    for line in scrape(port).decode().splitlines():
        name = line.split("{")[0].split(" ")[0]
        if name in out:
            out[name] += float(line.rsplit(" ", 1)[1])
    return out


async def read_alerts(bootstrap: str, topic: str) -> set[tuple[str, int]]:
    """Distinct (alert_id, version) on the alerts topic, read to its current end."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest")
    await consumer.start()
    try:
        consumer.assign([TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())])
        seen, idle = set(), 0
        while idle < 5:
            batch = await consumer.getmany(timeout_ms=200)
            msgs = [m for ms in batch.values() for m in ms]
            idle = 0 if msgs else idle + 1
            for m in msgs:
                a = orjson.loads(m.value)
                seen.add((a["alert_id"], a["version"]))
        return seen
    finally:
        await consumer.stop()


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def top_frames(raw: Path, n: int = 25) -> str:
    """Where the worker's event-loop thread spends its time, from py-spy's collapsed stacks (--threads).

    Samples whose innermost frame is the selector's select() are the loop waiting for I/O (idle); the
    top lists rank the busy samples, by own time and inclusive.
    """
    own, incl, threads, idle, busy = Counter(), Counter(), Counter(), 0, 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        c = int(count)
        thread, *frames = [re.sub(r" \((.*/)?([^/]+)\)$", r" (\2)", f) for f in stack.split(";")]
        main = any(f.startswith("StreamWorker.run ") for f in frames)
        threads["event loop" if main else thread] += c
        if not main:
            continue
        if frames[-1].startswith(("EpollSelector.select", "select ")):
            idle += c
            continue
        busy += c
        own[frames[-1]] += c
        for f in set(frames):
            incl[f] += c
    if not busy:
        return "no samples"
    rows = ["samples per thread: " + ", ".join(f"{t}: {c}" for t, c in threads.most_common(4))]
    rows += [
        f"event loop: {100 * busy / (busy + idle):.0f}% busy; shares below are of busy samples ({busy})",
        "-- self --",
    ]
    rows += [f"{100 * c / busy:5.1f}%  {f}" for f, c in own.most_common(n)]
    rows += ["-- inclusive --"]
    rows += [f"{100 * c / busy:5.1f}%  {f}" for f, c in incl.most_common(n + 15) if c < busy]
    return "\n".join(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--flights", type=int, default=8000, help="flights in the simulated day (~5 input events each)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--noise", type=float, default=2.0, help="noise posts per flight (simulator default 2; ~9 makes 80%% posts)"
    )
    ap.add_argument(
        "--unkeyed", action="store_true", help="inputs without keys (random partitions), else keyed by first state key"
    )
    ap.add_argument("--probe", choices=["readyz", "metrics"], default="readyz", help="where progress is read")
    ap.add_argument("--poll", type=float, default=0.1, help="seconds between progress polls")
    ap.add_argument("--profile", action="store_true", help="py-spy the worker while it drains the backlog")
    ap.add_argument("--native", action="store_true", help="py-spy --native (C frames too)")
    ap.add_argument("--env", action="append", default=[], help="extra KEY=VALUE for the worker (tuning knobs)")
    ap.add_argument("--trace", action="store_true", help="print progress every second")
    ap.add_argument("--timeout", type=float, default=600.0)
    ap.add_argument(
        "--worker-path", help="import ioc_stream for the worker from here (e.g. an export of a baseline commit)"
    )
    ap.add_argument("--keep", help="directory for logs and the profile (default: a temp dir)")
    args = ap.parse_args()

    mentions, ops, messages = workload(args.seed, args.flights, args.noise)
    keys = state_keys(messages)
    want = sum(map(len, keys))
    tmp = Path(args.keep or tempfile.mkdtemp(prefix="bench_worker-"))
    tmp.mkdir(parents=True, exist_ok=True)
    tag = uuid.uuid4().hex[:8]
    with EmbeddedBroker(log_path=tmp / "broker.log") as broker:
        settings = Settings(
            kafka=KafkaConfig(bootstrap=broker.bootstrap, group_id=f"g-{tag}"), topics=TopicsConfig(prefix=f"b-{tag}.")
        )
        port = free_port()
        env = {
            "IOC_KAFKA__BOOTSTRAP": broker.bootstrap,
            "IOC_KAFKA__GROUP_ID": settings.kafka.group_id,
            "IOC_TOPICS__PREFIX": settings.topics.prefix,
            "IOC_DATA_DIR": str(tmp / "data"),
            "IOC_WEB_PORT": str(port),
            "IOC_WORKER_SESSION_TIMEOUT_S": "6",
            "IOC_WORKER_HEARTBEAT_INTERVAL_S": "0.5",
            "IOC_LOG_LEVEL": "WARNING",
            **dict(kv.split("=", 1) for kv in args.env),
        }
        subprocess.run(cli_command("topics", "create"), env={**os.environ, **env}, check=True, capture_output=True)
        t = settings.topics
        names = {"mentions": t.name(t.mentions), "ops": t.name(t.ops)}
        t0 = time.perf_counter()
        feed = [
            (names[role], None if args.unkeyed or not k else k[0].encode(), value)
            for (role, value), k in zip(messages, keys)
        ]
        asyncio.run(produce(settings, feed, stamp=True))
        print(
            f"preloaded {len(messages)} inputs ({len(mentions)} posts, {len(ops)} ops) "
            f"in {time.perf_counter() - t0:.1f}s; "
            f"{want} keyed records expected",
            flush=True,
        )

        if args.worker_path:  # the worker runs outside the checkout, so only PYTHONPATH decides what it imports
            env["PYTHONPATH"] = args.worker_path
        with open(tmp / "worker.log", "ab") as log:
            worker = subprocess.Popen(
                cli_command("worker"), env={**os.environ, **env}, cwd=tmp, stdout=log, stderr=subprocess.STDOUT
            )
        spy = None
        try:
            deadline = time.monotonic() + args.timeout
            first = routed_at = None
            traced = 0.0
            counts = Counter()
            while time.monotonic() < deadline:
                if worker.poll() is not None:
                    raise SystemExit(f"worker exited: {(tmp / 'worker.log').read_text()[-3000:]}")
                counts = processed(port, args.probe)
                now = time.perf_counter()
                if first is None and counts["route"] > 0:
                    first = now
                    cpu0 = {"worker": cpu_seconds(worker.pid), "broker": cpu_seconds(broker.proc.pid)}
                    if args.profile:
                        cmd = [
                            "py-spy",
                            "record",
                            "--pid",
                            str(worker.pid),
                            "--rate",
                            "200",
                            "--format",
                            "raw",
                            "--threads",
                            "--nonblocking",
                            "-o",
                            str(tmp / "profile.txt"),
                        ]
                        spy = subprocess.Popen(
                            cmd + (["--native"] if args.native else []),
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                        )
                if routed_at is None and counts["route"] >= len(messages):
                    routed_at = now
                if counts["correlate"] >= want:
                    break
                if args.trace and first is not None and now - traced >= 1.0:
                    traced = now
                    print(
                        f"  {now - first:5.1f}s  routed {counts['route']:.0f}  correlated {counts['correlate']:.0f}",
                        flush=True,
                    )
                time.sleep(args.poll)
            else:
                raise SystemExit(f"timed out: {dict(counts)} of {len(messages)} inputs / {want} keyed")
            done = time.perf_counter()
            cpu = {
                name: cpu_seconds(p) - cpu0[name] for name, p in (("worker", worker.pid), ("broker", broker.proc.pid))
            }
            if spy is not None:
                spy.send_signal(signal.SIGINT)
                spy.wait(60)
            elapsed = done - first
            print(
                f"input ev/s: {len(messages) / elapsed:,.0f}  ({len(messages)} inputs, {want} keyed, {elapsed:.2f}s; "
                f"routing done after {routed_at - first:.2f}s)",
                flush=True,
            )
            print(
                "CPU in the window: "
                + ", ".join(f"{name} {sec:.1f}s ({100 * sec / elapsed:.0f}% of a core)" for name, sec in cpu.items())
            )
            print("worker counters:", totals(port))
            got = asyncio.run(read_alerts(broker.bootstrap, t.name(t.alerts)))
            expected = {(a.alert_id, a.version) for a in replay_records(mentions, ops).alerts}
            print(
                f"alerts: worker {len(got)} distinct (alert_id, version), replay {len(expected)}, "
                f"in both {len(got & expected)}"
            )
            if spy is not None and (tmp / "profile.txt").exists():
                print(top_frames(tmp / "profile.txt"))
        finally:
            terminate(worker)
            if spy is not None and spy.poll() is None:
                spy.kill()
    print(f"logs: {tmp}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
