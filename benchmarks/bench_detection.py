"""Detection quality on simulated days with ground truth, through the real enrichment and the engine.

Recall: incidents passengers reported first (and station surges) that got a standing alert for the
right flight/station and category. False alerts: standing alerts no such incident explains.
Lead-time error: |alert lead time - true lead time| for confirmed flight alerts.
Run: .venv/bin/python benchmarks/bench_detection.py [--seeds 1 2 3] [--flights 300]
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import UTC, datetime

import orjson

from ioc_stream.pipeline.replay import percentiles, replay_records
from ioc_stream.simulate import generate


def score(truth: list[dict], final: list) -> dict:
    """Match standing alerts to expected incidents by (flight or station, category)."""
    standing = [a for a in final if a.status != "RETRACTED"]
    by_subject: dict[tuple[str, str], list] = {}
    for a in standing:
        by_subject.setdefault((a.flight or a.station, str(a.category)), []).append(a)
    expected = [t for t in truth if t["expected_alert"]]
    found, missed, lead_errors, used = 0, Counter(), [], set()
    for t in expected:
        subject = t.get("flight") or t["station"]
        hits = by_subject.get((subject, t["category"]), [])
        if not hits:
            missed[t["category"]] += 1
            continue
        found += 1
        used.update(a.alert_id for a in hits)
        lead = hits[0].lead_time_s
        if t.get("lead_time_s") is not None and lead is not None:
            lead_errors.append(abs(lead - t["lead_time_s"]))
    false = [a for a in standing if a.alert_id not in used]
    return {
        "expected": len(expected),
        "detected": found,
        "recall": round(found / len(expected), 3) if expected else None,
        "missed_by_category": dict(missed),
        "standing_alerts": len(standing),
        "false_alerts": len(false),
        "false_alert_examples": [f"{a.alert_id} {a.status}" for a in false[:5]],
        "lead_error_s": {**percentiles(lead_errors), "n": len(lead_errors)},
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--flights", type=int, default=300)
    ap.add_argument("--hours", type=float, default=24)
    args = ap.parse_args()
    totals = Counter()
    for seed in args.seeds:
        s = generate(seed, datetime(2015, 2, 24, 6, tzinfo=UTC), args.hours, args.flights)
        result = replay_records(s.mentions, s.ops)
        r = score(s.truth, list(result.final().values()))
        r["ops_first_counted"] = result.counters.get("ops_first", 0)
        totals.update({k: r[k] for k in ("expected", "detected", "false_alerts", "standing_alerts")})
        print(orjson.dumps({"seed": seed, **r}).decode())
    print(
        orjson.dumps(
            {"total": dict(totals), "recall": round(totals["detected"] / max(1, totals["expected"]), 3)}
        ).decode()
    )


if __name__ == "__main__":
    main()
