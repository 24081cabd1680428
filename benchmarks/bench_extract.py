"""Speed of flight + station extraction per post on real posts, against a one-regex scan as baseline.

Usage: python benchmarks/bench_extract.py [POSTS.jsonl] [--repeats N]
Default posts: /work/shared/data/airline-tweets-2015/dev.jsonl (text and geo fields).
The target is <= 10 us per post for extract_flights + extract_stations together; the baseline
(one `\\w+` findall per post) is measured in the same process so the ratio survives a noisy machine.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.timing import machine, rate  # noqa: E402
from ioc_stream.enrich.flights import extract_flights  # noqa: E402
from ioc_stream.enrich.stations import extract_stations  # noqa: E402
from ioc_stream.models import Geo  # noqa: E402

DEFAULT = Path("/work/shared/data/airline-tweets-2015/dev.jsonl")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    posts = [(r["text"], Geo(**r["geo"]) if r.get("geo") else None) for r in rows]
    n = len(posts)
    extract_flights("warm up 123"), extract_stations("warm up DFW Dallas", Geo(lat=0, lon=0))
    words = re.compile(r"\w+")

    def baseline() -> int:
        for text, _ in posts:
            words.findall(text)
        return n

    def flights() -> int:
        for text, _ in posts:
            extract_flights(text)
        return n

    def stations() -> int:
        for text, geo in posts:
            extract_stations(text, geo)
        return n

    def both() -> int:
        for text, geo in posts:
            extract_flights(text)
            extract_stations(text, geo)
        return n

    res = {name: rate(fn, args.repeats) for name, fn in
           [("baseline", baseline), ("flights", flights), ("stations", stations), ("both", both)]}
    print(f"posts: {n}  machine: {machine()}")
    for name, per_s in res.items():
        print(f"{name:>9}: {1e6 / per_s:6.2f} us/post  ({per_s:,.0f} posts/s, {res['baseline'] / per_s:4.1f}x baseline)")


if __name__ == "__main__":
    main()
