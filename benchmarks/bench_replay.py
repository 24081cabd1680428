"""Replay throughput: the engine alone on pre-enriched events, and the full replay with enrichment.

Speeds are quoted as ratios against a trivial loop over the same events in the same process
(the machine is shared and noisy). Run: .venv/bin/python benchmarks/bench_replay.py [--flights N]
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime

import orjson

from ioc_stream.alerts.correlator import Correlator
from ioc_stream.config import CorrelationConfig
from ioc_stream.correlate.keys import event_keys
from ioc_stream.correlate.times import utc
from ioc_stream.enrich import enrich
from ioc_stream.models import OpsEvent, SocialMention
from ioc_stream.pipeline.ordering import order_events, order_key
from ioc_stream.pipeline.replay import replay_records
from ioc_stream.simulate import generate


def best_of(n: int, fn) -> float:
    """Fastest of `n` runs, in seconds (the least disturbed by other processes)."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--flights", type=int, default=3000)
    ap.add_argument("--hours", type=float, default=24)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    s = generate(args.seed, datetime(2015, 2, 24, 6, tzinfo=UTC), args.hours, args.flights)
    mentions = [SocialMention.model_validate(r) for r in s.mentions]
    ops = [OpsEvent.model_validate(r) for r in s.ops]
    t0 = time.perf_counter()
    enriched = [enrich(m) for m in mentions]
    enrich_s = time.perf_counter() - t0
    events = order_events(enriched, ops)
    config = CorrelationConfig()
    lateness = config.allowed_lateness_s
    # (key, event, watermark) exactly as the replay loop feeds the engine
    items = []
    max_t, wm = None, None
    for e in events:
        t = order_key(e)[0]
        if max_t is None or t > max_t:
            max_t, wm = t, utc(t - lateness)
        items.extend((k, e, wm) for k in event_keys(e, "AA"))

    def baseline() -> None:
        d: dict = {}
        for key, event, wm in items:
            d[key] = (d.get(key), event, wm)

    alerts = 0

    def engine() -> None:
        nonlocal alerts
        c = Correlator(config)
        states: dict = {}
        apply = c.apply
        n = 0
        for key, event, wm in items:
            state, out = apply(key, states.get(key), event, wm)
            if state is None:
                states.pop(key, None)
            else:
                states[key] = state
            n += len(out)
        alerts = n

    base_s = best_of(args.repeat, baseline)
    engine_s = best_of(args.repeat, engine)
    full_s = best_of(1, lambda: replay_records(s.mentions, s.ops, config))
    n_items, n_events = len(items), len(s.mentions) + len(s.ops)
    print(
        orjson.dumps(
            {
                "scenario": {
                    "mentions": len(s.mentions),
                    "ops": len(s.ops),
                    "keyed_applies": n_items,
                    "alert_changes": alerts,
                },
                "baseline_loop_per_s": round(n_items / base_s),
                "engine_applies_per_s": round(n_items / engine_s),
                "engine_us_per_apply": round(engine_s / n_items * 1e6, 2),
                "engine_input_events_per_s": round(n_events / engine_s),
                "engine_vs_baseline_slowdown": round(engine_s / base_s, 1),
                "enrich_mentions_per_s": round(len(mentions) / enrich_s),
                "full_replay_events_per_s": round(n_events / full_s),
                "full_replay_vs_engine_slowdown": round(full_s / n_events / (engine_s / n_items), 1),
            },
            option=orjson.OPT_INDENT_2,
        ).decode()
    )


if __name__ == "__main__":
    main()
