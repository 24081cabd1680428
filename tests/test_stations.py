"""Station extraction: codes with and without context, stop-words, names in en/es/pt, geotags, places."""

from __future__ import annotations

import pytest

from ioc_stream.enrich.airports import haversine_km, nearest_large
from ioc_stream.enrich.stations import GEO_RADIUS_KM, extract_stations
from ioc_stream.models import Geo


def _codes(text: str, geo: Geo | None = None, place: str | None = None) -> list[tuple[str, str]]:
    return [(s.code, s.source) for s in extract_stations(text, geo, place)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DFW-LAX cancelled", ["DFW", "LAX"]),
        ("MIA 2 TPA on time?", ["MIA", "TPA"]),
        ("stuck at ORD again", ["ORD"]),
        ("flying to LAX tomorrow", ["LAX"]),
        ("#DFW is a mess", ["DFW"]),
        ("DFW>LAX then LAX→HNL", ["DFW", "LAX", "HNL"]),
        ("wifi down on my SEA flight", ["SEA"]),
    ],
)
def test_codes_in_text(text: str, expected: list[str]) -> None:
    assert _codes(text) == [(c, "code") for c in expected]


@pytest.mark.parametrize(
    "text",
    [
        "THE worst airline, YOU guys are NOT listening",
        "WTF is TSA doing, ALL lines closed",
        "CAN you help NOW",
        "so MAD at this",
        "we SAT on the tarmac",
        "come on MAN",
        "lax security, ord delays, dfw chaos",
        "http://t.co/ABCdefGHI",
        "@DFWAirport help",
        "THE-LAX",
    ],
)
def test_common_words_are_not_stations(text: str) -> None:
    assert [c for c, _ in _codes(text) if c != "LAX"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MAD-JFK tonight", ["MAD", "JFK"]),
        ("SAT to DFW leg", ["SAT", "DFW"]),
        ("MAN airport closed by snow", ["MAN"]),
        ("aeropuerto MAD cerrado", ["MAD"]),
    ],
)
def test_stop_word_codes_count_with_route_or_airport_context(text: str, expected: list[str]) -> None:
    assert [c for c, _ in _codes(text)] == expected


def test_shouting_posts_need_context_for_codes() -> None:
    assert _codes("WHY IS EVERY FLIGHT LATE DEN") == []
    assert _codes("STUCK AT ORD AGAIN NO HELP") == [("ORD", "code")]
    assert _codes("WORST TRIP EVER DFW-LAX") == [("DFW", "code"), ("LAX", "code")]
    assert _codes("WHY IS LA SO BAD") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stuck at O'Hare for hours", "ORD"),
        ("stuck at O’Hare for hours", "ORD"),
        ("landed in Las Vegas", "LAS"),
        ("diverted to Tulsa", "TUL"),
        ("JFK terminal 8", "JFK"),
        ("LaGuardia is a zoo", "LGA"),
        ("Reagan National closed", "DCA"),
        ("vuelo a Nueva York", "JFK"),
        ("voo para São Paulo", "GRU"),
        ("voo para sao paulo", "GRU"),
        ("saliendo de Ciudad de México", "MEX"),
        ("perdi a mala em Guarulhos", "GRU"),
        ("from LA to DC", "LAX"),
        ("Portland Maine, not Oregon", "PWM"),
    ],
)
def test_names_en_es_pt(text: str, expected: str) -> None:
    assert _codes(text)[0][0] == expected


def test_names_that_are_common_words_need_their_exact_spelling() -> None:
    assert _codes("la maleta no llegó") == []
    assert _codes("a buffalo wing") == []
    assert _codes("snowed in at Buffalo") == [("BUF", "name")]


def test_geo_nearest_large_airport_within_radius() -> None:
    [ref] = extract_stations("hello", Geo(lat=32.85, lon=-97.00))  # a few km from DFW
    assert (ref.code, ref.source) == ("DFW", "geo")
    assert "km from DFW" in ref.evidence
    # Between LGA and JFK the nearest one wins.
    assert _codes("hi", Geo(lat=40.75, lon=-73.87)) == [("LGA", "geo")]


def test_geo_beyond_radius_names_nothing() -> None:
    assert _codes("middle of Texas", Geo(lat=31.0, lon=-100.0)) == []
    assert _codes("mid-Atlantic", Geo(lat=30.0, lon=-40.0)) == []
    # Due north of DFW: 0.5 degrees is ~56 km (inside), 0.6 degrees is ~67 km (outside).
    assert _codes("hi", Geo(lat=32.8968 + 0.5, lon=-97.0380)) == [("DFW", "geo")]
    assert _codes("hi", Geo(lat=32.8968 + 0.6, lon=-97.0380)) == []
    assert GEO_RADIUS_KM == 60.0


def test_geo_works_near_the_antimeridian_and_poles() -> None:
    assert nearest_large(89.9, 179.9) is None
    assert nearest_large(-17.75, 177.45)[0] == "NAN"


def test_haversine_matches_a_known_distance() -> None:
    assert haversine_km(32.8968, -97.0380, 33.9416, -118.4085) == pytest.approx(1986, rel=0.01)  # DFW-LAX


def test_place_strings() -> None:
    assert _codes("no code here", place="Dallas, TX") == [("DFW", "place")]
    assert _codes("hi", place="São Paulo, Brasil") == [("GRU", "place")]
    assert _codes("hi", place="Somewhere over the rainbow") == []


def test_order_and_dedupe_by_code() -> None:
    refs = extract_stations("Dallas again: DFW-ORD, DFW delays, DFW", Geo(lat=32.85, lon=-97.0), "Dallas, TX")
    assert [(r.code, r.source) for r in refs] == [("DFW", "code"), ("ORD", "code")]
    refs = extract_stations("love Miami", Geo(lat=32.85, lon=-97.0), "Chicago, IL")
    assert [(r.code, r.source) for r in refs] == [("MIA", "name"), ("ORD", "place"), ("DFW", "geo")]


def test_odd_text_does_not_crash() -> None:
    assert extract_stations("") == []
    assert extract_stations("İSTANBUL ÇOK GÜZEL \x00 ####") is not None
