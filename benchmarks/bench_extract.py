"""Speed of flight + station extraction per post on real posts, against a one-regex scan as baseline.

Usage: python benchmarks/bench_extract.py [POSTS.jsonl] [--repeats N] [--place]
Default posts: /work/shared/data/airline-tweets-2015/dev.jsonl (text and geo fields; with --place, the
poster's free-text location too, as the stream passes it).
The target is <= 10 us per post for extract_flights + extract_stations together; the baseline
(one `\\w+` findall per post) is measured in the same process so the ratio survives a noisy machine.
The posts are cut into chunks; every chunk is timed for each function in turn, `--repeats` times, and
each chunk's fastest time counts: a burst of load from other processes inflates no figure.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.timing import fastest, machine
from ioc_stream.enrich.flights import extract_flights
from ioc_stream.enrich.stations import extract_stations
from ioc_stream.models import Geo

DEFAULT = Path("/work/shared/data/airline-tweets-2015/dev.jsonl")

Post = tuple[str, Geo | None, str | None]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeats", type=int, default=9)
    ap.add_argument("--place", action="store_true", help="pass the poster's location to extract_stations")
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    posts: list[Post] = [
        (r["text"], Geo(**r["geo"]) if r.get("geo") else None, r.get("user_location") if args.place else None)
        for r in rows
    ]
    extract_flights("warm up 123"), extract_stations("warm up DFW Dallas", Geo(lat=0, lon=0), "Dallas")
    words = re.compile(r"\w+")

    def baseline(chunk: list[Post]) -> None:
        for text, _, _ in chunk:
            words.findall(text)

    def flights(chunk: list[Post]) -> None:
        for text, _, _ in chunk:
            extract_flights(text)

    def stations(chunk: list[Post]) -> None:
        for text, geo, place in chunk:
            extract_stations(text, geo, place)

    def both(chunk: list[Post]) -> None:
        for text, geo, place in chunk:
            extract_flights(text)
            extract_stations(text, geo, place)

    res = fastest({"baseline": baseline, "flights": flights, "stations": stations, "both": both}, posts, args.repeats)
    print(f"posts: {len(posts)}  place: {args.place}  machine: {machine()}")
    for name, secs in res.items():
        print(
            f"{name:>9}: {secs * 1e6:6.2f} us/post  ({1 / secs:,.0f} posts/s, {secs / res['baseline']:4.1f}x baseline)"
        )


if __name__ == "__main__":
    main()
