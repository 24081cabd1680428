"""Enrichment throughput on one core: mentions/s of the pure enrich(), against parse-only as baseline.

Usage: python benchmarks/bench_enrich.py [MENTIONS.jsonl] [--repeats N] [--json OUT]
Without a file, posts come from the simulator (seeded). Reports medians of repeated runs (and the
fastest run of enrich() alone), and whether
the enrichment core ran compiled (mypyc, the default install) or from source (IOC_PURE_PYTHON=1).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import statistics
from datetime import UTC

from benchmarks.timing import machine, rate, rates
from ioc_stream import native
from ioc_stream.enrich import enrich
from ioc_stream.enrich.flights import extract_flights
from ioc_stream.enrich.incident import classify
from ioc_stream.enrich.lang import detect_lang
from ioc_stream.enrich.stations import extract_stations
from ioc_stream.models import SocialMention


def load(path: Path | None) -> list[bytes]:
    if path is not None:
        return [line for line in path.read_bytes().splitlines() if line.strip()]
    from datetime import datetime

    import orjson

    from ioc_stream.simulate import generate

    scenario = generate(seed=7, start=datetime(2026, 11, 1, tzinfo=UTC), hours=24, flights=400)
    return [orjson.dumps(m) for m in scenario.mentions]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", type=Path)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    raw = load(args.data)
    mentions = [SocialMention.model_validate_json(r) for r in raw]
    texts = [m.text for m in mentions]
    n = len(mentions)

    def parse() -> int:
        for r in raw:
            SocialMention.model_validate_json(r)
        return n

    def enrich_only() -> int:
        for m in mentions:
            enrich(m)
        return n

    def parse_and_enrich() -> int:
        for r in raw:
            enrich(SocialMention.model_validate_json(r))
        return n

    def part(fn) -> float:
        return rate(lambda: sum(1 for t in texts if fn(t) is not None), args.repeats)

    enrich_rates = rates(enrich_only, args.repeats)
    result = {
        "posts": n,
        "parse_only_per_s": rate(parse, args.repeats),
        "enrich_per_s": statistics.median(enrich_rates),
        # The fastest run: the code's own cost, least disturbed by the other tenants of a shared machine.
        "enrich_best_per_s": max(enrich_rates),
        "parse_and_enrich_per_s": rate(parse_and_enrich, args.repeats),
        "lang_per_s": part(detect_lang),
        "flights_per_s": part(extract_flights),
        "stations_per_s": part(extract_stations),
        "classify_per_s": part(classify),
        "machine": machine(),
        "core": native.MODE,
    }
    result["enrich_vs_parse_ratio"] = result["enrich_per_s"] / result["parse_only_per_s"]
    for k, v in result.items():
        print(f"{k:>24}: {v:,.0f}" if isinstance(v, float) and v > 10 else f"{k:>24}: {v}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
