"""The fast flight extractor equals a straightforward scan: blank every noise span, `finditer` the flight pattern.

`extract_flights` searches only around digit runs, with "before" patterns matched on the reversed post
and pre-checks that must agree with its main patterns (ioc_stream/enrich/flights.py). The reference
here uses the same patterns and guards the plain way, over the whole post; on thousands of simulated
and hand-written posts, and on generated ones built from the words the patterns care about, the two
must name the same flights with the same evidence, in the same order.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ioc_stream.enrich import flights as fast
from ioc_stream.models import FlightRef
from ioc_stream.simulate import generate

FIXTURES = Path(__file__).parent / "fixtures"


def scan_flights(text: str, carrier: str = "AA") -> list[FlightRef]:
    """The flights of `text` by two whole-post scans: noise spans blanked, then every flight match in turn."""
    masked = fast._blanked(text, [m.span() for m in fast._NOISE.finditer(text)])
    found: dict[str, FlightRef] = {}
    for m in fast._pattern().finditer(masked):
        kind = fast._number_group(m)
        number = m.group(kind)
        if not fast._accept(m, kind, number, masked):
            continue
        airline = fast._airline(m, carrier)
        fast._add(found, airline, number, text[m.start("lnum" if kind == "lnum" else 0) : m.end()])
        pos = m.end()
        while more := fast._MORE.match(masked, pos):
            if fast._NOT_A_FLIGHT_AFTER.match(masked, more.end()) or fast._implausible(more.group(1)):
                break
            fast._add(found, airline, more.group(1), text[more.start(1) : more.end(1)])
            pos = more.end()
    return list(found.values())


def _fixture_posts() -> list[str]:
    return [
        json.loads(line)["text"]
        for path in sorted(FIXTURES.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def _simulated_posts() -> list[str]:
    start = datetime(2026, 3, 1, 6, tzinfo=UTC)
    return [m["text"] for seed in range(1, 6) for m in generate(seed, start, 24, 200).mentions]


def test_fast_path_equals_the_scan_on_real_looking_and_simulated_posts() -> None:
    posts = _fixture_posts() + _simulated_posts()
    assert len(posts) >= 3000
    assert [
        (p, fast.extract_flights(p), scan_flights(p)) for p in posts if fast.extract_flights(p) != scan_flights(p)
    ] == []
    assert sum(1 for p in posts if scan_flights(p)) >= 500  # the corpus names plenty of flights


#: Pieces the flight and noise patterns react to: keywords, designators, airline names, places, clocks,
#: prices, phone numbers, links, handles, routes, list separators, Spanish and Portuguese forms.
PIECES = [
    "flight", "Flight", "flt", "fl", "vuelo", "voo", "#", "no.", "number", "AA", "UA", "B6", "DL", "WN", "American",
    "Delta", "United", "JetBlue", "aa", "my", "the", "on", "aboard", "connecting to", "gate", "seat", "row", "terminal",
    "at", "by", "a las", "às", "$", "€", "@AmericanAir", "@united", "https://t.co/x1y2", "call", "1-800-433-7300",
    "(817) 555-1234", "6:40pm", "10p", "2/24", "2015", "747", "DFW", "LGA-FLL", "from", "to", "and", "or", "y", "e",
    "&", "/", "->", ",", ".", "!", "?", "is", "es", "was", "hours", "min", "%", "x", "-", "\n",
]  # fmt: skip
NUMBERS = st.integers(min_value=0, max_value=99_999).map(str) | st.sampled_from(["1019", "2390", "93", "6", "0123"])
TOKEN = st.sampled_from(PIECES) | NUMBERS
SEPARATOR = st.sampled_from([" ", "", "  ", "-", ":"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.tuples(TOKEN, SEPARATOR), min_size=1, max_size=14), st.sampled_from(["AA", "UA", "B6"]))
@example([("flight", ""), ("was", " "), ("2015", " ")], "AA")  # "is"/"was" glued to the keyword, found by this test
@example([("Flight", ""), ("number", ""), ("is", " "), ("2390", "")], "AA")
@example([("voo", ""), ("AA", " "), ("2390", " ")], "AA")  # a designator glued to the keyword, found by fuzzing
@example([("vuelo", " "), ("number", ""), ("B6", ""), ("93", " ")], "AA")
def test_fast_path_equals_the_scan_on_generated_posts(parts: list[tuple[str, str]], carrier: str) -> None:
    text = "".join(token + sep for token, sep in parts)
    assert fast.extract_flights(text, carrier) == scan_flights(text, carrier)
