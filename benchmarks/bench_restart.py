"""Restart-to-ready with N live keys, memory:// vs rocksdb://: how long a restarted worker takes to be ready
again (recovered and caught up), how much changelog it re-read, and its RSS then.

For each store: a fresh namespace, one worker loads N distinct flight keys (benchmarks/workload.py) and
stops cleanly; then the worker is restarted `--restarts` times on the same data directory (each stopped
cleanly again), timed from spawn to the first /readyz that says ready. The first, empty start is timed too
(start-up with no state: Python, Faust, the group join). Both stores run in the same invocation, on the same
broker, so their ratio is measured under the same load.

Run: .venv/bin/python -m benchmarks.bench_restart [--keys 100000 20000] [--restarts 3] [--json OUT]
Every process it starts (broker, workers) is stopped before it returns, also on error or Ctrl-C.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_stream import DRAIN_TIMEOUT_S, ready, worker_drained
from benchmarks.harness import Bench, Died, Namespace, log_tail, report, rss_kb
from benchmarks.timing import machine
from benchmarks.workload import check_distinct, distinct_flights

#: Stores compared. Tansu's ListOffsets under-reports a log's end (tests/test_stream_restart.py), which
#: Faust's consistency check takes for a truncated changelog: off for both, it only reads RocksDB's offsets.
STORES = {"memory": "memory://", "rocksdb": "rocksdb://"}
COMMON = {"IOC_WORKER_RECOVERY_CONSISTENCY_CHECK": "false"}
READY_TIMEOUT_S = 900.0


def time_to_ready(bench: Bench, ns: Namespace, name: str, env: dict[str, str]) -> dict[str, Any]:
    """Spawn a worker; seconds until /readyz says ready, what it re-read, and its RSS then. Left running."""
    t0 = time.monotonic()
    proc, port = bench.worker(ns, "ioc", name, env=env)
    state = None
    while time.monotonic() - t0 < READY_TIMEOUT_S:
        if proc.poll() is not None:
            raise Died(f"{name} exited while starting: {log_tail(bench.logs / f'{name}.log')}")
        state = ready(port)
        if state and state["ready"]:
            break
        time.sleep(0.05)
    else:
        raise TimeoutError(f"{name} not ready in {READY_TIMEOUT_S}s: {state}")
    seconds = time.monotonic() - t0
    return {"proc": proc, "seconds": round(seconds, 2), "restored": state["restored"], "rss_mb": mb(proc.pid)}


def mb(pid: int) -> float:
    return round(rss_kb(pid) / 1024, 1)


def one_store(bench: Bench, keys: int, store: str, restarts: int) -> dict[str, Any]:
    """Load `keys` live keys with `store`, then time `restarts` clean restarts on the same data directory."""
    ns = bench.namespace()
    ns.create_topics()
    name = f"restart-{store.split(':')[0]}-{keys}"
    env = {**COMMON, "IOC_STORE": store, "IOC_DATA_DIR": str(bench.logs / f"{name}-data")}
    first = time_to_ready(bench, ns, f"{name}-0", env)
    ns.load(distinct_flights(keys))
    drained = worker_drained(ns, alive=lambda: first["proc"].poll() is None)
    if drained.timed_out:
        raise TimeoutError(f"{name}: the {keys} keys were not processed in {DRAIN_TIMEOUT_S}s")
    time.sleep(2)  # a tick or two: the last changelog writes delivered, gauges refreshed
    loaded_rss = mb(first["proc"].pid)
    bench.stop(first.pop("proc"))
    runs = []
    for i in range(1, restarts + 1):
        run = time_to_ready(bench, ns, f"{name}-{i}", env)
        bench.stop(run.pop("proc"))
        runs.append(run)
    median = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    return {
        "empty_start_s": first["seconds"],
        "rss_loaded_mb": loaded_rss,
        "restart_s": median["seconds"],
        "restart_runs_s": [r["seconds"] for r in runs],
        "restored": median["restored"],
        "rss_after_restart_mb": median["rss_mb"],
        "rss_after_restart_runs_mb": [r["rss_mb"] for r in runs],
    }


def run(keys_list: list[int], restarts: int, logs: Path) -> dict[str, Any]:
    result: dict[str, Any] = {"machine": machine(), "restarts": restarts, "sizes": []}
    with Bench(logs) as bench:
        for keys in keys_list:
            check_distinct(distinct_flights(keys)[:: max(1, keys // 200)])
            size: dict[str, Any] = {"keys": keys}
            for label, store in STORES.items():
                print(f"  {keys} keys, {store} ...", file=sys.stderr, flush=True)
                size[label] = one_store(bench, keys, store, restarts)
            size["restart_memory_over_rocksdb"] = round(size["memory"]["restart_s"] / size["rocksdb"]["restart_s"], 2)
            size["rss_memory_over_rocksdb"] = round(
                size["memory"]["rss_after_restart_mb"] / size["rocksdb"]["rss_after_restart_mb"], 2
            )
            result["sizes"].append(size)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keys", type=int, nargs="+", default=[100_000])
    ap.add_argument("--restarts", type=int, default=3)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--logs", type=Path, default=None, help="Where child logs and data go (default: a temp dir)")
    args = ap.parse_args()
    logs = args.logs or Path(tempfile.mkdtemp(prefix="ioc-bench-restart-"))
    result = run(args.keys, args.restarts, logs)
    report(result, args.json)


if __name__ == "__main__":
    main()
