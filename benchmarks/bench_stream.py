"""End-to-end on the embedded broker: ioc-stream's worker against the aiokafka floor, Quix Streams and
naive Faust on the same pre-loaded topics, plus detection latency, worker RSS and 1-vs-2-worker scaling.

Run: .venv/bin/python -m benchmarks.bench_stream [--mode quick|full] [--json OUT]
Every process it starts (broker, workers, peers) is stopped before it returns, also on error or Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer

from benchmarks import peer_faust_naive
from benchmarks.harness import Bench, Died, Drained, Namespace, log_tail, read_all, report, rss_kb, wait_drained
from benchmarks.peer_logic import compare
from benchmarks.workload import Message, check_distinct, day, distinct_flights
from ioc_stream.kafka.produce import produce
from ioc_stream.kafka.topics import sized
from ioc_stream.pipeline.replay import replay_records

#: Sizes per mode: flights in the simulated day (~12 input events each), repeats, paced seconds, RSS keys.
MODES: dict[str, dict[str, Any]] = {
    "quick": {"flights": 4000, "repeats": 1, "latency_s": 20, "rss_keys": [100_000], "scaling_flights": 2000},
    "full": {
        "flights": 20_000,
        "repeats": 3,
        "latency_s": 120,
        "rss_keys": [100_000, 500_000],
        "scaling_flights": 12_000,
    },
}
LATENCY_RATE = 1000.0
#: ioc-stream with its event-time merge allowed to hold records for 60 s instead of 2 s (see BENCHMARKS.md).
HOLD60 = {"IOC_WORKER_REORDER_MAX_HOLD_S": "60"}
DRAIN_TIMEOUT_S = 900.0


def worker_drained(ns: Namespace, alive: Callable[[], bool]) -> Drained:
    """Wait until the ioc worker's group has consumed the inputs and the keyed topic (or it died, or time ran out)."""
    group = ns.settings().kafka.group_id
    return wait_drained(ns.bootstrap, group, ns.inputs, [ns.topic("keyed")], timeout=DRAIN_TIMEOUT_S, alive=alive)


def ready(port: int) -> dict[str, Any] | None:
    """The worker's /readyz answer, or None while it does not answer."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
            return orjson.loads(r.read())
    except urllib.error.HTTPError as err:
        return orjson.loads(err.read())
    except (OSError, ValueError):
        return None


def wait_ready(procs_ports: list[tuple[Any, int]], partitions: int, timeout: float = 90.0) -> None:
    """Until every worker is ready and together they own all `partitions` keyed partitions."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = [ready(port) for _, port in procs_ports]
        if any(p.poll() is not None for p, _ in procs_ports):
            raise RuntimeError("a worker exited while starting")
        if all(s and s["ready"] for s in states) and sum(len(s["assigned"]) for s in states) == partitions:  # type: ignore[index]
            return
        time.sleep(0.25)
    raise TimeoutError(f"workers not ready in {timeout}s")


#: Worker counters worth keeping with a run (summed over workers and labels).
COUNTERS = ("ioc_events_processed_total", "ioc_late_events_total", "ioc_deadletters_total", "ioc_alerts_total")


def scrape(ports: list[int]) -> dict[str, float]:
    """COUNTERS from the workers' /metrics."""
    out = dict.fromkeys(COUNTERS, 0.0)
    for port in ports:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
                text = r.read().decode()
        except OSError:
            continue
        for line in text.splitlines():
            name = line.split("{", 1)[0].split(" ", 1)[0]
            if name in out:
                out[name] += float(line.rsplit(" ", 1)[1])
    return out


def alerts_of(ns: Namespace, system: str) -> list[dict[str, Any]]:
    return [orjson.loads(v) for v in asyncio.run(read_all(ns.bootstrap, ns.topic("alerts", system)))]


class StreamBench:
    """One broker, one pre-loaded day, and the runs of every system over it."""

    def __init__(self, bench: Bench, mode: dict[str, Any]) -> None:
        self.bench, self.mode = bench, mode
        self.day = day(mode["flights"])
        self.ns = bench.namespace()
        self.ns.create_topics()
        self.ns.load(self.day)
        self.runs = 0

    def reference(self) -> list[dict[str, Any]]:
        """Every alert change the pure replay loop gives on the same day (one global watermark)."""
        rows = {"mentions": [], "ops": []}
        for m in self.day:
            rows[m.role].append(orjson.loads(m.value))
        return [a.model_dump(mode="json") for a in replay_records(rows["mentions"], rows["ops"]).alerts]

    def _system(self, name: str) -> str:
        self.runs += 1
        return f"{name}{self.runs}"

    def _drain(self, system: str, procs: list[Any], stages) -> dict[str, Any]:
        group = self.ns.settings(system).kafka.group_id
        alive = lambda: all(p.poll() is None for p in procs)
        try:
            drained = wait_drained(
                self.ns.bootstrap, group, self.ns.inputs, stages, timeout=DRAIN_TIMEOUT_S, alive=alive
            )
        except Died:
            raise Died(f"{system} died: {log_tail(self.bench.logs / f'{system}.log')}") from None
        return {
            "events": drained.events,
            "seconds": round(drained.seconds, 2),
            "per_s": round(drained.per_s),
            "timed_out": drained.timed_out,
        }

    def ioc(self, profile: Path | None = None, env: dict[str, str] | None = None) -> dict[str, Any]:
        """ioc-stream's worker started on the pre-loaded day, timed until everything is committed."""
        system = self._system("ioc")
        self.ns.create_topics(system)
        started = [self.bench.worker(self.ns, system, system, profile=profile, env=env)]
        procs = [p for p, _ in started]
        result = self._drain(system, procs, [self.ns.topic("keyed", system)])
        result["worker_metrics"] = scrape([port for _, port in started])
        for p in procs:
            self.bench.stop(p)
        result["alerts"] = alerts_of(self.ns, system)
        return result

    def quix(self) -> dict[str, Any]:
        system = self._system("quix")
        proc = self.bench.python("benchmarks.peer_quix", self.ns, system)
        group = self.ns.settings(system).kafka.group_id

        def repartition(topics: set[str]) -> list[str]:
            return sorted(t for t in topics if t.startswith(f"repartition__{group}"))

        result = self._drain(system, [proc], repartition)
        self.bench.stop(proc)
        result["alerts"] = alerts_of(self.ns, system)
        return result

    def naive(self) -> dict[str, Any]:
        system = self._system("naive")
        settings = self.ns.settings(system)
        keyed = peer_faust_naive.keyed_topic(settings)
        changelog = peer_faust_naive.changelog_topic(settings)
        self.ns.create_topics(system, [sized(settings, keyed), sized(settings, changelog, compact=True)])
        proc = self.bench.python("benchmarks.peer_faust_naive", self.ns, system, "worker", "-l", "warn")
        result = self._drain(system, [proc], [keyed])
        self.bench.stop(proc)
        result["alerts"] = alerts_of(self.ns, system)
        return result

    def floor(self) -> dict[str, Any]:
        """An aiokafka consumer reading the same input topics and doing nothing: what client+broker allow."""
        return asyncio.run(_consume_all(self.ns.bootstrap, self.ns.inputs, len(self.day)))


async def _consume_all(bootstrap: str, topics: list[str], n: int) -> dict[str, Any]:
    consumer = AIOKafkaConsumer(
        *topics, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    try:
        got, t0 = 0, time.perf_counter()
        while got < n:
            batch = await consumer.getmany(timeout_ms=1000, max_records=10_000)
            got += sum(len(v) for v in batch.values())
        seconds = time.perf_counter() - t0
        return {"events": got, "seconds": round(seconds, 3), "per_s": round(got / seconds) if seconds else None}
    finally:
        await consumer.stop()


# -- latency, RSS, scaling: each on its own fresh inputs ------------------------------------------------


def latency(bench: Bench, messages: list[Message], seconds: float) -> dict[str, Any]:
    """Post produced -> alert consumed (wall clock) for each first version, at a paced LATENCY_RATE."""
    ns = bench.namespace()
    ns.create_topics()
    worker, port = bench.worker(ns, "ioc", "latency-worker")
    wait_ready([(worker, port)], ns.settings().topics.partitions)
    feed = messages[: int(seconds * LATENCY_RATE)]
    lat = asyncio.run(_paced(ns, feed))
    bench.stop(worker)
    return lat


async def _paced(ns: Namespace, feed: list[Message]) -> dict[str, Any]:
    consumer = AIOKafkaConsumer(ns.topic("alerts"), bootstrap_servers=ns.bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    sent_at: dict[str, float] = {}
    latencies: list[float] = []
    done = asyncio.Event()

    async def messages():
        for m in feed:
            if m.post_id:
                sent_at[m.post_id] = time.time()
            yield ns.topic(m.role), m.key, m.value

    async def collect():
        while not done.is_set():
            batch = await consumer.getmany(timeout_ms=200)
            now = time.time()
            for records in batch.values():
                for r in records:
                    alert = orjson.loads(r.value)
                    posts = [sent_at[e["post_id"]] for e in alert["evidence"] if e["post_id"] in sent_at]
                    if alert["version"] == 1 and posts:
                        latencies.append(now - max(posts))

    collector = asyncio.create_task(collect())
    try:
        t0 = time.monotonic()
        sent = await produce(ns.settings(), messages(), rate=LATENCY_RATE, stamp=True)
        achieved = sent / (time.monotonic() - t0)
        await asyncio.sleep(5)  # the last alerts
    finally:
        done.set()
        await collector
        await consumer.stop()
    latencies.sort()

    def q(p: float) -> float | None:
        return round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1) if latencies else None

    return {
        "rate_target": LATENCY_RATE,
        "rate_achieved": round(achieved),
        "sent": sent,
        "alerts": len(latencies),
        "p50_ms": q(0.5),
        "p99_ms": q(0.99),
        "max_ms": q(1.0),
    }


def hop_latency(bench: Bench, n: int = 200) -> dict[str, Any]:
    """One broker hop (aiokafka produce -> aiokafka consume), 20 messages/s: the floor of each of the
    worker's three hops (input -> keyed -> alerts)."""
    return asyncio.run(_hop(bench.broker.bootstrap, f"hop-{time.time_ns()}", n))


async def _hop(bootstrap: str, topic: str, n: int) -> dict[str, Any]:
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5)
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await producer.start()
    await producer.send_and_wait(topic, b"0")  # creates the topic
    await consumer.start()
    latencies: list[float] = []

    async def collect() -> None:
        while len(latencies) < n:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                latencies.extend(time.time() - float(r.value) for r in records if r.value != b"0")

    task = asyncio.create_task(collect())
    try:
        for _ in range(n):
            await producer.send(topic, str(time.time()).encode())
            await asyncio.sleep(0.05)
        await asyncio.wait_for(task, 30)
    finally:
        task.cancel()
        await producer.stop()
        await consumer.stop()
    latencies.sort()
    return {"p50_ms": round(1000 * latencies[n // 2], 1), "p99_ms": round(1000 * latencies[int(n * 0.99)], 1)}


def rss(bench: Bench, keys: int) -> dict[str, Any]:
    """Worker RSS before and after `keys` distinct flight keys are live in its table."""
    ns = bench.namespace()
    ns.create_topics()
    posts = distinct_flights(keys)
    check_distinct(posts[:: max(1, keys // 200)])
    worker, port = bench.worker(ns, "ioc", f"rss-{keys}")
    wait_ready([(worker, port)], ns.settings().topics.partitions)
    base = rss_kb(worker.pid)
    ns.load(posts)
    drained = worker_drained(ns, alive=lambda: worker.poll() is None)
    time.sleep(1)
    after = rss_kb(worker.pid)
    bench.stop(worker)
    return {
        "keys": keys,
        "rss_idle_mb": round(base / 1024, 1),
        "rss_mb": round(after / 1024, 1),
        "bytes_per_key": round((after - base) * 1024 / keys),
        "timed_out": drained.timed_out,
    }


def scaling(bench: Bench, messages: list[Message]) -> dict[str, Any]:
    """1 vs 2 workers, each case on fresh inputs: workers ready first, then the day produced flat out."""
    out: dict[str, Any] = {}
    for workers in (1, 2):
        ns = bench.namespace()
        ns.create_topics()
        started = [bench.worker(ns, "ioc", f"scale{workers}-{i}") for i in range(workers)]
        wait_ready(started, ns.settings().topics.partitions)
        t0 = time.monotonic()
        ns.load(messages)
        drained = wait_drained(
            ns.bootstrap, ns.settings().kafka.group_id, ns.inputs, [ns.topic("keyed")], timeout=DRAIN_TIMEOUT_S
        )
        wall = time.monotonic() - t0
        for p, _ in started:
            bench.stop(p)
        out[f"workers_{workers}"] = {
            "events": len(messages),
            "seconds": round(wall, 2),
            "per_s": round(len(messages) / wall),
            "timed_out": drained.timed_out,
        }
    out["speedup"] = round(out["workers_2"]["per_s"] / out["workers_1"]["per_s"], 2)
    return out


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median rate (its alerts kept for the equality check), plus every rate seen."""
    ordered = sorted(runs, key=lambda r: r["per_s"])
    mid = dict(ordered[len(ordered) // 2])
    mid["runs_per_s"] = [r["per_s"] for r in runs]
    return mid


def run(mode_name: str, logs: Path, profile: Path | None = None) -> dict[str, Any]:
    """Every stream figure for `mode_name`; children and broker stopped whatever happens."""
    mode = MODES[mode_name]
    result: dict[str, Any] = {"mode": mode_name, "sizes": dict(mode)}
    with Bench(logs) as bench:
        sb = StreamBench(bench, mode)
        n_posts = sum(m.role == "mentions" for m in sb.day)
        result["workload"] = {
            "events": len(sb.day),
            "posts": n_posts,
            "ops": len(sb.day) - n_posts,
            "flights": mode["flights"],
        }
        result["floor"] = median_run([sb.floor() for _ in range(mode["repeats"])])
        systems = {"ioc": sb.ioc, "ioc_hold60": lambda: sb.ioc(env=HOLD60), "quix": sb.quix, "naive_faust": sb.naive}
        for name, fn in systems.items():
            print(f"  end-to-end: {name} ...", file=sys.stderr, flush=True)
            result[name] = median_run([fn() for _ in range(mode["repeats"])])
        reference = sb.reference()
        alerts = {name: result[name].pop("alerts") for name in systems}
        result["equality"] = {f"replay_vs_{name}": compare(reference, alerts[name]) for name in systems}
        for name in systems:
            result[name]["vs_floor"] = round(result[name]["per_s"] / result["floor"]["per_s"], 3)
        result["ioc"]["vs_quix"] = round(result["ioc"]["per_s"] / result["quix"]["per_s"], 2)
        result["ioc"]["vs_naive_faust"] = round(result["ioc"]["per_s"] / result["naive_faust"]["per_s"], 2)
        if profile:
            print("  profile: ioc worker under pyinstrument ...", file=sys.stderr, flush=True)
            result["profiled_run"] = {k: v for k, v in sb.ioc(profile=profile).items() if k != "alerts"}
        print("  latency ...", file=sys.stderr, flush=True)
        result["latency"] = latency(bench, sb.day, mode["latency_s"])
        result["latency"]["broker_hop"] = hop_latency(bench)
        print("  rss ...", file=sys.stderr, flush=True)
        result["rss"] = [rss(bench, k) for k in mode["rss_keys"]]
        print("  scaling ...", file=sys.stderr, flush=True)
        result["scaling"] = scaling(bench, day(mode["scaling_flights"], seed=11))
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=sorted(MODES), default="quick")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--logs", type=Path, default=None, help="Where child logs go (default: a temp dir)")
    ap.add_argument("--profile", type=Path, help="Also run the worker under pyinstrument; its text report goes here")
    args = ap.parse_args()
    logs = args.logs or Path(tempfile.mkdtemp(prefix="ioc-bench-"))
    result = run(args.mode, logs, args.profile)
    report(result, args.json)


if __name__ == "__main__":
    main()
