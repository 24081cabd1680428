"""Flight extraction: precision/recall on a hand-checked sample of real-looking posts, and each pattern."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ioc_stream.enrich.flights import extract_flights

FIXTURE = Path(__file__).parent / "fixtures" / "flights_sample.jsonl"


def _flights(text: str, carrier: str = "AA") -> list[str]:
    return [f.flight for f in extract_flights(text, carrier)]


def test_fixture_precision_and_recall() -> None:
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 150
    assert sum(1 for r in rows if not r["flights"]) >= 50, "the sample needs plenty of hard negatives"
    tp = fp = fn = 0
    misses = []
    for r in rows:
        got, want = set(_flights(r["text"])), set(r["flights"])
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        if got != want:
            misses.append((r["text"], sorted(got), sorted(want)))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.99, misses
    assert recall >= 0.95, misses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("flight 1019 diverted to Tulsa", ["AA1019"]),
        ("AA973 still at the gate", ["AA973"]),
        ("AA 2390 no update", ["AA2390"]),
        ("on Fl 4628 now", ["AA4628"]),
        ("flt# 959 late again", ["AA959"]),
        ("FLT 5350 cancelled", ["AA5350"]),
        ("flight #2955 to PHX", ["AA2955"]),
        ("flight number is 1142", ["AA1142"]),
        ("#flight1797 stuck at gate", ["AA1797"]),
        ("el vuelo 1010 a Miami", ["AA1010"]),
        ("vuelo número 2217 sigue en tierra", ["AA2217"]),
        ("meu voo 930 atrasou", ["AA930"]),
        ("o vôo nº 906 cancelado", ["AA906"]),
        ("my 1359 flight is late", ["AA1359"]),
        ("I'm on 2390 to LAX", ["AA2390"]),
        ("1171 LGA-FLL, no info", ["AA1171"]),
        ("ORD ABQ 3709 changed again", ["AA3709"]),
        ("flights 464 & 3574 both late", ["AA464", "AA3574"]),
        ("flights 1970, 1366, and 1552", ["AA1970", "AA1366", "AA1552"]),
        ("686 connecting to 599", ["AA686", "AA599"]),
        ("flight 0054 delayed", ["AA54"]),
    ],
)
def test_positive_forms(text: str, expected: list[str]) -> None:
    assert _flights(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("US1951 left without us", ["US1951"]),
        ("moved from UA 938", ["UA938"]),
        ("DL 1234 had seats", ["DL1234"]),
        ("took B6 123 instead", ["B6123"]),
        ("WN 45 got home", ["WN45"]),
        ("flight UA3364 on the tarmac", ["UA3364"]),
        ("Copa Airlines Flight 635 lost the bag", ["CM635"]),
        ("United 1612 waiting too", ["UA1612"]),
        ("US Airways 699 LA to RDU", ["US699"]),
        ("UA 938 and 1234 both late", ["UA938", "UA1234"]),
    ],
)
def test_other_carriers_keep_their_designator(text: str, expected: list[str]) -> None:
    assert _flights(text) == expected


def test_bare_numbers_take_the_configured_carrier_not_the_handle() -> None:
    [ref] = extract_flights("@united flight 1142 Denver to Vegas", carrier="AA")
    assert (ref.carrier, ref.number, ref.flight, ref.evidence) == ("AA", "1142", "AA1142", "flight 1142")
    assert _flights("@AmericanAir flight 88", carrier="US") == ["US88"]


@pytest.mark.parametrize(
    "text",
    [
        "be there by 640",
        "boarding at 6:40",
        "landed 640pm",
        "changed to 1:45 then 2:00pm",
        "the 630 flight never leaves",
        "paid $200 for a bag",
        "R$ 450 por uma mala",
        "travelling 2/24 back 2/27",
        "seat 12C, gate 23, then B14",
        "gates 71A and 73",
        "terminal 7 and row 38",
        "call 917 703 1472",
        "(800) 428-4322 is busy",
        "919-675-0985",
        "1-800-flowers points",
        "E2KVM4 and FF 94LXA62",
        "award G6455C cancelled",
        "tail N231WN at TPA",
        "ticket 2792125083854",
        "@AmericanAir 2 hours on hold",
        "@AmericanAir 3rd time this month",
        "@AmericanAir 150 people in line",
        "@AmericanAir 325 minute delay",
        "@AmericanAir 100% done",
        "@AmericanAir 2015 and no wifi",
        "@AmericanAir 777 from SFO to HNL",
        "the 737-800 wifi",
        "37,000ft with no wifi",
        "a 2 hour flight",
        "my 2nd flight",
        "3 flights cancelled",
        "200 to 300 USD more",
        "GIVE US 20 VOUCHERS",
        "the JetBlue 15-Year livery",
        "salió a las 10",
        "perdi a conexão às 15",
        "flight 12345",
    ],
)
def test_negatives(text: str) -> None:
    assert _flights(text) == []


def test_same_flight_twice_is_reported_once() -> None:
    refs = extract_flights("flight 2390 is late. AA2390 still at gate, flight #2390")
    assert [r.flight for r in refs] == ["AA2390"]
    assert refs[0].evidence == "flight 2390"


def test_no_digit_no_flight_and_odd_text_does_not_crash() -> None:
    assert extract_flights("") == []
    assert extract_flights("no numbers here at all") == []
    assert extract_flights("\x00\ufffd 🙃 #123456789 ####") == []
