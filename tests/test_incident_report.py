"""A report is not talk: first-hand, relayed, question and talk posts in en/es/pt (fixtures/report_kinds.jsonl)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from ioc_stream.enrich.incident import classify
from ioc_stream.enrich.report import counts_as_report
from ioc_stream.taxonomy import NON_OPERATIONAL, Category

FIXTURES = Path(__file__).parent / "fixtures"
ROWS = [
    json.loads(line)
    for line in (FIXTURES / "report_kinds.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
#: Talk from the high-severity fixtures too: jokes, films, job ads, drills, debates.
TALK = [r for r in ROWS if r["report"] == "talk"] + [
    json.loads(line)
    for name in ("high_severity.jsonl", "high_severity_messy.jsonl")
    for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    if line.strip() and json.loads(line)["report"] == "talk"
]


@pytest.fixture(scope="module")
def read() -> list:
    return [classify(r["text"], r["lang"]) for r in ROWS]


def test_talk_gets_no_operational_category() -> None:
    operational = [
        (r["text"], str(i.category))
        for r in TALK
        if (i := classify(r["text"], r["lang"])).category not in NON_OPERATIONAL
    ]
    assert len(TALK) >= 150
    assert operational == []


def test_reports_of_what_happens_now_are_never_taken_for_talk(read: list) -> None:
    taken = [r["text"] for r, i in zip(ROWS, read) if r["report"] in ("first_hand", "relayed") and i.report == "talk"]
    assert taken == []


def test_topics_talked_about_in_three_languages_are_recognised_as_talk(read: list) -> None:
    talk = [(r, i) for r, i in zip(ROWS, read) if r["report"] == "talk" and r["topic"] != "NONE"]
    assert {r["lang"] for r, _ in talk} == {"en", "es", "pt"}
    assert sum(i.report == "talk" for _, i in talk) / len(talk) >= 0.8


@pytest.mark.parametrize(("kind", "least"), [("relayed", 0.9), ("question", 0.8), ("first_hand", 0.95)])
def test_each_kind_is_recognised(kind: str, least: float, read: list) -> None:
    mine = [(r["text"], i.report) for r, i in zip(ROWS, read) if r["report"] == kind]
    wrong = [(text, got) for text, got in mine if got != kind]
    assert 1 - len(wrong) / len(mine) >= least, wrong[:8]


def test_relayed_and_talk_say_which_phrases_decided_it(read: list) -> None:
    for r, i in zip(ROWS, read):
        if i.report in ("relayed", "talk"):
            assert i.report_cues, r["text"]


def test_only_first_hand_and_relayed_reports_count() -> None:
    assert [k for k in ("first_hand", "relayed", "question", "talk") if counts_as_report(k)] == [
        "first_hand",
        "relayed",
    ]


@pytest.mark.parametrize(
    ("lang", "text", "kind", "category"),
    [
        ("en", "RT @station: shots fired at Terminal 3, people running", "relayed", Category.SAFETY_SECURITY),
        ("en", "my wife is on AA123 and they're diverting to Tulsa", "relayed", Category.DIVERSION),
        ("en", "We're hiring flight attendants! Apply now at our careers page", "talk", Category.NONE),
        ("en", "gun control debate on the TV at the gate", "talk", Category.NONE),
        ("en", "is flight 2390 delayed?", "question", None),
        ("en", "why are we still sitting on the tarmac after 3 hours?", "first_hand", Category.TARMAC_HOLD),
        ("es", "¡Estamos contratando tripulantes de cabina! Envía tu CV", "talk", Category.NONE),
        ("es", "nueva política de equipaje de mano a partir de marzo", "talk", Category.NONE),
        ("es", "¿el vuelo 845 está cancelado?", "question", None),
        ("pt", "vagas abertas para comissário de bordo, envie seu currículo", "talk", Category.NONE),
        ("pt", "urgente: terminal 2 de Guarulhos evacuado, ameaça de bomba", "relayed", Category.SAFETY_SECURITY),
    ],
)
def test_kinds_of_posts(lang: str, text: str, kind: str, category: Category | None) -> None:
    incident = classify(text, lang)
    assert incident.report == kind
    if category is not None:
        assert incident.category == category


def test_the_fixture_has_every_kind_in_every_language() -> None:
    kinds = Counter((r["report"], r["lang"]) for r in ROWS)
    assert all(
        kinds[(k, lang)] >= 5 for k in ("first_hand", "relayed", "question", "talk") for lang in ("en", "es", "pt")
    ), kinds
