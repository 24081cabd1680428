"""`make bench`: every benchmark in one run, written to benchmarks/results.json and BENCHMARKS.md's tables.

Run: python -m benchmarks.run_all [--mode quick|full]   (BENCH_MODE=full in the environment works too)
Quick mode (the default) fits a 2-core CI machine in under ten minutes; full mode gives the real numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import bench_stream, render
from benchmarks.timing import machine

HERE = Path(__file__).resolve().parent
#: Per mode: bench_enrich --repeats, bench_replay --flights/--repeat.
PURE = {"quick": {"repeats": 15, "flights": 1500, "repeat": 2}, "full": {"repeats": 25, "flights": 3000, "repeat": 3}}


def _script(name: str, *args: str, env: dict[str, str] | None = None) -> str:
    """Run one of the existing benchmark scripts in a child interpreter; its stdout."""
    cmd = [sys.executable, str(HERE / name), *args]
    environ = {**os.environ, **(env or {})}
    return subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=HERE.parent, env=environ).stdout


def _enrich_once(mode: str, env: dict[str, str]) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        _script("bench_enrich.py", "--repeats", str(PURE[mode]["repeats"]), "--json", out.name, env=env)
        result = json.loads(Path(out.name).read_text())
    result.pop("machine", None)
    return result


def enrichment(mode: str) -> dict[str, Any]:
    """bench_enrich.py on the simulated day: mentions/s on one core, stage by stage, as installed (compiled
    when the build could), then from source (IOC_PURE_PYTHON=1) right after, as the baseline."""
    result = _enrich_once(mode, {"IOC_PURE_PYTHON": "0"})
    source = _enrich_once(mode, {"IOC_PURE_PYTHON": "1"})
    result["source"] = {k: source[k] for k in ("enrich_per_s", "enrich_best_per_s", "parse_and_enrich_per_s", "core")}
    result["vs_source"] = result["enrich_per_s"] / source["enrich_per_s"]
    return result


def replay(mode: str) -> dict[str, Any]:
    """bench_replay.py: the engine alone and the full replay, events/s on one core."""
    p = PURE[mode]
    return json.loads(_script("bench_replay.py", "--flights", str(p["flights"]), "--repeat", str(p["repeat"])))


def code_version() -> dict[str, Any]:
    """The commit measured, and which files under ioc_stream/ differed from it (others work in this tree)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], check=False, capture_output=True, text=True, cwd=HERE.parent
        ).stdout.strip()

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "modified": git("status", "--porcelain", "--", "ioc_stream").splitlines(),
    }


def targets(r: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets against what was measured."""
    s = r["stream"]
    rows = [
        ("End-to-end events/s, one worker", ">= 20,000", s["ioc"]["per_s"], s["ioc"]["per_s"] >= 20_000),
        (
            "p99 detection latency at 1,000 events/s",
            "<= 100 ms",
            s["latency"]["p99_ms"],
            (s["latency"]["p99_ms"] or 1e9) <= 100,
        ),
        ("Throughput vs Quix Streams", ">= 1.5x", s["ioc"]["vs_quix"], s["ioc"]["vs_quix"] >= 1.5),
        (
            "Enrichment mentions/s/core",
            ">= 20,000",
            round(r["enrichment"]["enrich_per_s"]),
            r["enrichment"]["enrich_per_s"] >= 20_000,
        ),
        (
            "Replay engine events/s/core",
            ">= 100,000",
            r["replay"]["engine_input_events_per_s"],
            r["replay"]["engine_input_events_per_s"] >= 100_000,
        ),
    ]
    return [{"target": t, "goal": g, "measured": m, "met": bool(ok)} for t, g, m, ok in rows]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=sorted(bench_stream.MODES), default=os.environ.get("BENCH_MODE", "quick"))
    ap.add_argument("--out", type=Path, default=HERE / "results.json")
    ap.add_argument("--markdown", type=Path, default=HERE.parent / "BENCHMARKS.md")
    ap.add_argument("--no-profile", action="store_true", help="Skip the pyinstrument run of the worker")
    args = ap.parse_args()
    logs = Path(tempfile.mkdtemp(prefix="ioc-bench-"))
    profile = None if args.no_profile else HERE / f"profile-worker-{args.mode}.txt"
    result: dict[str, Any] = {
        "mode": args.mode,
        "command": os.environ.get("BENCH_COMMAND")
        or shlex.join([Path(sys.executable).name, "-m", "benchmarks.run_all", *sys.argv[1:]]),
        "machine": machine(),
        "code": code_version(),
        "logs": str(logs),
    }
    print(f"bench ({args.mode}): enrichment ...", file=sys.stderr, flush=True)
    result["enrichment"] = enrichment(args.mode)
    print("bench: replay engine ...", file=sys.stderr, flush=True)
    result["replay"] = replay(args.mode)
    print("bench: end-to-end on the embedded broker ...", file=sys.stderr, flush=True)
    result["stream"] = bench_stream.run(args.mode, logs, profile)
    if profile is not None:
        result["profile"] = profile.relative_to(HERE.parent).as_posix()
    result["targets"] = targets(result)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    render.update(args.markdown, result)
    print(f"wrote {args.out} and the tables in {args.markdown}", file=sys.stderr)


if __name__ == "__main__":
    main()
