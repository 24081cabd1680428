"""Incident classification quality on labelled posts, side by side with a first-keyword-wins baseline.

Usage: python benchmarks/eval_enrichment.py DATA.jsonl [--json OUT]

DATA is the airline-tweets dev file (see its README): each line a social mention plus a
crowd `label`. Scoring follows that README: labels with confidence >= 0.6 only; complaint
reasons map onto the taxonomy (`REASON_CATEGORY`); macro-F1 over the five operational classes
the labels can name; false-incident rate = share of positive/neutral posts whose primary
category is operational. The labels are used for measuring only, never as classifier input.
Reported for the whole file and for two deterministic halves (by a hash of the post id), so
rules tuned on one half can be checked on the other. Also prints classify's speed (posts/s),
relative to the baseline measured in the same process.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.timing import machine, rate  # noqa: E402
from ioc_stream.enrich.incident import classify  # noqa: E402
from ioc_stream.enrich.lang import detect_lang  # noqa: E402
from ioc_stream.taxonomy import NON_OPERATIONAL, Category  # noqa: E402

MIN_CONFIDENCE = 0.6
#: The README's mapping; reasons absent here ("Bad Flight", "Can't Tell") are not scored.
REASON_CATEGORY = {
    "Late Flight": Category.DELAY,
    "Cancelled Flight": Category.CANCELLATION,
    "Lost Luggage": Category.BAGGAGE,
    "Damaged Luggage": Category.BAGGAGE,
    "Flight Attendant Complaints": Category.CREW,
    "longlines": Category.AIRPORT_QUEUE,
    "Customer Service Issue": Category.CUSTOMER_SERVICE,
    "Flight Booking Problems": Category.BOOKING,
}
SCORED = (Category.DELAY, Category.CANCELLATION, Category.BAGGAGE, Category.CREW, Category.AIRPORT_QUEUE)

#: The baseline: the keyword that occurs first in the post decides its category.
BASELINE_KEYWORDS = {
    "delay": Category.DELAY,
    "late": Category.DELAY,
    "cancel": Category.CANCELLATION,
    "bag": Category.BAGGAGE,
    "luggage": Category.BAGGAGE,
    "attendant": Category.CREW,
    "crew": Category.CREW,
    "rude": Category.CREW,
    "line": Category.AIRPORT_QUEUE,
    "wait": Category.AIRPORT_QUEUE,
    "hold": Category.CUSTOMER_SERVICE,
    "service": Category.CUSTOMER_SERVICE,
    "book": Category.BOOKING,
    "ticket": Category.BOOKING,
}


def baseline(text: str) -> Category:
    """First-keyword-wins: the category of whichever keyword appears earliest in the post."""
    low = text.lower()
    best, where = Category.NONE, len(low)
    for keyword, category in BASELINE_KEYWORDS.items():
        i = low.find(keyword)
        if 0 <= i < where:
            best, where = category, i
    return best


def gold(label: dict) -> Category | None:
    """The category a crowd label stands for, or None when it is not scored."""
    if label["sentiment"] != "negative":
        return Category.NONE if label["sentiment_confidence"] >= MIN_CONFIDENCE else None
    if (label.get("negative_reason_confidence") or 0.0) < MIN_CONFIDENCE:
        return None
    return REASON_CATEGORY.get(label.get("negative_reason") or "")


def half(post_id: str) -> str:
    """Deterministic half "A" or "B" of a post, by CRC-32 of its id."""
    return "AB"[zlib.crc32(post_id.encode()) & 1]


def score(pairs: list[tuple[Category, Category]]) -> dict:
    """Macro-F1 over SCORED, per-class P/R/F1 and the false-incident rate of (gold, predicted) pairs."""
    per_class = {}
    for c in SCORED:
        tp = sum(1 for g, p in pairs if g == c and p == c)
        predicted = sum(1 for _, p in pairs if p == c)
        actual = sum(1 for g, _ in pairs if g == c)
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[str(c)] = {"precision": precision, "recall": recall, "f1": f1, "support": actual}
    quiet = [p for g, p in pairs if g == Category.NONE]
    false_incidents = sum(1 for p in quiet if p not in NON_OPERATIONAL)
    return {
        "macro_f1": sum(v["f1"] for v in per_class.values()) / len(SCORED),
        "false_incident_rate": false_incidents / len(quiet) if quiet else 0.0,
        "n": len(pairs),
        "per_class": per_class,
    }


def confusion(pairs: list[tuple[Category, Category]]) -> dict[str, dict[str, int]]:
    """For each gold category, how often each primary category was predicted."""
    table: dict[str, Counter] = {}
    for g, p in pairs:
        table.setdefault(str(g), Counter())[str(p)] += 1
    return {g: dict(c.most_common()) for g, c in sorted(table.items())}


def _fmt(name: str, s: dict) -> str:
    return f"{name:<22} macro-F1 {s['macro_f1']:.3f}   false-incident rate {s['false_incident_rate']:.1%}   (n={s['n']})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    rows, bad = [], 0
    for line in args.data.read_bytes().splitlines():
        if not line.strip():
            continue
        try:
            post = json.loads(line)
            rows.append((post["id"], post["text"], gold(post["label"])))
        except (ValueError, KeyError, TypeError):
            bad += 1  # counted and reported, never fatal
    texts = [text for _, text, _ in rows]
    langs = [detect_lang(text) for text in texts]
    product = [classify(text, lang).category for text, lang in zip(texts, langs)]
    base = [baseline(text) for text in texts]

    report: dict = {"data": str(args.data), "posts": len(rows), "unreadable_lines": bad}
    for name, predicted in (("classify", product), ("baseline", base)):
        pairs = [(g, p) for (_, _, g), p in zip(rows, predicted) if g is not None]
        report[name] = score(pairs)
        for h in "AB":
            sub = [(g, p) for (pid, _, g), p in zip(rows, predicted) if g is not None and half(pid) == h]
            report[name][f"half_{h}"] = score(sub)
        if name == "classify":
            report[name]["confusion"] = confusion(pairs)
    report["lang_detected"] = dict(Counter(langs))

    def run_classify() -> int:
        for text, lang in zip(texts, langs):
            classify(text, lang)
        return len(texts)

    def run_both() -> int:
        for text in texts:
            classify(text, detect_lang(text))
        return len(texts)

    def run_baseline() -> int:
        for text in texts:
            baseline(text)
        return len(texts)

    speed = {"classify_posts_per_s": rate(run_classify), "baseline_posts_per_s": rate(run_baseline)}
    speed["classify_plus_lang_us_per_post"] = 1e6 / rate(run_both)
    speed["classify_vs_baseline_time_ratio"] = speed["baseline_posts_per_s"] / speed["classify_posts_per_s"]
    report["speed"] = speed
    report["machine"] = machine()

    print(f"{args.data}: {len(rows)} posts ({bad} unreadable lines)")
    for name in ("classify", "baseline"):
        r = report[name]
        print(_fmt(name, r))
        for h in "AB":
            print(_fmt(f"  half {h}", r[f"half_{h}"]))
    print("\nper class (classify | baseline)        P      R      F1    support")
    for c in SCORED:
        a, b = report["classify"]["per_class"][str(c)], report["baseline"]["per_class"][str(c)]
        print(
            f"  {c!s:<16} {a['precision']:.3f}  {a['recall']:.3f}  {a['f1']:.3f}   |  "
            f"{b['precision']:.3f}  {b['recall']:.3f}  {b['f1']:.3f}   {a['support']}"
        )
    print("\nconfusion (gold -> predicted primary, top 5):")
    for g, row in report["classify"]["confusion"].items():
        print(f"  {g:<16} " + ", ".join(f"{p} {n}" for p, n in list(row.items())[:5]))
    print(f"\nlanguages detected: {report['lang_detected']}")
    print(
        f"speed: classify {speed['classify_posts_per_s']:,.0f} posts/s "
        f"({speed['classify_vs_baseline_time_ratio']:.1f}x the baseline's time per post); "
        f"classify+detect_lang {speed['classify_plus_lang_us_per_post']:.1f} µs/post"
    )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
