"""Regenerates the tables in BENCHMARKS.md from results.json, between marker comments, keeping the prose.

Run: python -m benchmarks.render [benchmarks/results.json] [BENCHMARKS.md]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

START, END = "<!-- bench:tables:start -->", "<!-- bench:tables:end -->"
SKELETON = f"""# Benchmarks

`make bench` (quick mode) or `make bench BENCH_MODE=full` regenerates the tables below and
`benchmarks/results.json`; text outside the marker comments is kept.

{START}
{END}
"""
SYSTEMS = (
    ("floor", "aiokafka consumer, does nothing (floor)"),
    ("ioc", "ioc-stream worker (shipped defaults)"),
    ("ioc_hold60", "ioc-stream worker, reorder hold 60 s"),
    ("quix", "Quix Streams, same pure core"),
    ("naive_faust", "naive Faust, same pure core"),
)


def _n(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "**no**"
    if isinstance(v, float) and v < 100:
        return f"{v:,.2f}"
    return f"{v:,.0f}" if isinstance(v, (int, float)) else str(v)


def _code_note(code: dict[str, Any] | None) -> str:
    if not code:
        return ""
    changed = ", ".join(line.split()[-1] for line in code.get("modified", []))
    return f"Commit `{code['commit']}`" + (f", with uncommitted changes in {changed}." if changed else ".")


def table(head: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(_n(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def tables(r: dict[str, Any]) -> str:
    """The generated part of BENCHMARKS.md."""
    s, m = r["stream"], r["machine"]
    w = s["workload"]
    out = [
        f"Measured {m['date']} on {m['cpu_count']} cores ({m['processor']}), Python {m['python']}, "
        f"mode **{r['mode']}**, command `{r['command']}`.",
        _code_note(r.get("code")),
        "",
        "### Targets",
        "",
        table(
            ["target", "goal", "measured", "met"],
            [[t["target"], t["goal"], t["measured"], t["met"]] for t in r["targets"]],
        ),
        "",
        f"### End-to-end, same broker, same pre-loaded data ({w['events']:,} events: {w['posts']:,} posts, "
        f"{w['ops']:,} ops events, {w['flights']:,} flights; median of {s['sizes']['repeats']} run(s))",
        "",
    ]
    rows = []
    for key, label in SYSTEMS:
        run = s.get(key)
        if run is None:
            continue
        eq = s["equality"].get(f"replay_vs_{key}")
        late = run.get("worker_metrics", {}).get("ioc_late_events_total")
        agree = f"{eq['identical']}/{eq['alerts_ours']}" if eq else "-"
        rows.append(
            [label, run["per_s"], run.get("vs_floor", 1.0), round(s["ioc"]["per_s"] / run["per_s"], 2), agree, late]
        )
    out.append(
        table(
            ["system", "events/s", "x floor", "ioc-stream is x faster", "alerts identical to replay", "late drops"],
            rows,
        )
    )
    lat = s["latency"]
    out += [
        "",
        "### Latency, memory, scaling (ioc-stream worker)",
        "",
        table(
            ["figure", "value"],
            [
                [
                    f"detection latency p50 (post produced -> alert consumed), paced {lat['rate_target']:,.0f}/s "
                    f"(achieved {lat['rate_achieved']:,}/s, {lat['alerts']} alerts)",
                    f"{_n(lat['p50_ms'])} ms",
                ],
                ["detection latency p99", f"{_n(lat['p99_ms'])} ms"],
                *(
                    [
                        [
                            "one broker hop, aiokafka produce -> consume (the worker has three), p50 / p99",
                            f"{lat['broker_hop']['p50_ms']} / {lat['broker_hop']['p99_ms']} ms",
                        ]
                    ]
                    if "broker_hop" in lat
                    else []
                ),
                *[
                    [
                        f"worker RSS with {x['keys']:,} live flight keys (idle: {x['rss_idle_mb']} MB)",
                        f"{x['rss_mb']} MB ({x['bytes_per_key']:,} bytes/key)",
                    ]
                    for x in s["rss"]
                ],
                [
                    "1 worker, events/s (workers ready, then the day produced flat out)",
                    _n(s["scaling"]["workers_1"]["per_s"]),
                ],
                ["2 workers, events/s (same)", _n(s["scaling"]["workers_2"]["per_s"])],
                ["2-worker speedup", f"{s['scaling']['speedup']}x"],
            ],
        ),
        "",
        "### Pure core, one core",
        "",
        table(
            ["figure", "per second"],
            [
                [
                    f"enrichment (enrich() only; core {r['enrichment'].get('core', 'interpreted')}), mentions, median"
                    + (
                        f" (fastest run {r['enrichment']['enrich_best_per_s']:,.0f})"
                        if "enrich_best_per_s" in r["enrichment"]
                        else ""
                    ),
                    round(r["enrichment"]["enrich_per_s"]),
                ],
                *(
                    [
                        [
                            f"enrichment from source (IOC_PURE_PYTHON=1) right after, median (fastest run "
                            f"{r['enrichment']['source']['enrich_best_per_s']:,.0f}); "
                            f"compiled is {r['enrichment']['vs_source']:.2f}x",
                            round(r["enrichment"]["source"]["enrich_per_s"]),
                        ]
                    ]
                    if "source" in r["enrichment"]
                    else []
                ),
                ["parse + enrich, mentions", round(r["enrichment"]["parse_and_enrich_per_s"])],
                ["parse only (baseline), mentions", round(r["enrichment"]["parse_only_per_s"])],
                ["replay engine (Correlator.apply), input events", r["replay"]["engine_input_events_per_s"]],
                ["full replay (parse, enrich, order, correlate), events", r["replay"]["full_replay_events_per_s"]],
            ],
        ),
    ]
    if r.get("profile"):
        out += ["", f"Worker profile (pyinstrument, one end-to-end run): `{r['profile']}`."]
    return "\n".join(out)


def update(path: Path, result: dict[str, Any]) -> None:
    """Replace what lies between the markers in `path` (created from a skeleton when missing)."""
    text = path.read_text() if path.exists() else SKELETON
    if START not in text or END not in text:
        text = text.rstrip() + "\n\n" + START + "\n" + END + "\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{tables(result)}\n{END}{tail}")


def main() -> None:
    results = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "results.json"
    md = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent.parent / "BENCHMARKS.md"
    update(md, json.loads(results.read_text()))


if __name__ == "__main__":
    main()
