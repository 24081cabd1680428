"""High-severity incidents nobody labelled, on hand-written posts in en/es/pt: per category P >= 0.90, R >= 0.85.

Two fixtures written for this (re-typed and paraphrased, never copied): tests/fixtures/high_severity.jsonl
(tidy reports and hard negatives such as "this movie is the bomb") and high_severity_messy.jsonl (slang,
typos, caps, abbreviations). The primary category is what is scored, as the bridge sees it.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from ioc_stream.enrich.incident import classify
from ioc_stream.enrich.incident_features import RULED
from ioc_stream.taxonomy import Category

FIXTURES = Path(__file__).parent / "fixtures"
FILES = ("high_severity.jsonl", "high_severity_messy.jsonl")
HIGH = RULED  # the seven categories the expert phrases score


def _rows() -> list[dict]:
    return [
        json.loads(line)
        for name in FILES
        for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


ROWS = _rows()


@pytest.fixture(scope="module")
def predicted() -> list[Category]:
    return [classify(r["text"], r["lang"]).category for r in ROWS]


def test_the_fixture_covers_every_category_in_three_languages_with_hard_negatives() -> None:
    by_category = Counter(r["category"] for r in ROWS)
    assert len(ROWS) >= 350
    assert all(by_category[str(c)] >= 30 for c in HIGH), by_category
    assert by_category["NONE"] >= 100
    for c in HIGH:
        assert {r["lang"] for r in ROWS if r["category"] == c} == {"en", "es", "pt"}, c


@pytest.mark.parametrize("category", HIGH, ids=str)
def test_precision_and_recall_per_category(category: Category, predicted: list[Category]) -> None:
    gold = [Category(r["category"]) for r in ROWS]
    tp = sum(g == category and p == category for g, p in zip(gold, predicted))
    flagged = sum(p == category for p in predicted)
    actual = sum(g == category for g in gold)
    misses = [r["text"] for r, g, p in zip(ROWS, gold, predicted) if g == category and p != category]
    wrong = [r["text"] for r, g, p in zip(ROWS, gold, predicted) if p == category and g != category]
    assert tp / flagged >= 0.90, f"precision {tp}/{flagged}; flagged wrongly: {wrong[:5]}"
    assert tp / actual >= 0.85, f"recall {tp}/{actual}; missed: {misses[:5]}"


@pytest.mark.parametrize("lang", ["en", "es", "pt"])
def test_each_language_is_read_as_well(lang: str, predicted: list[Category]) -> None:
    pairs = [
        (Category(r["category"]), p) for r, p in zip(ROWS, predicted) if r["lang"] == lang and r["category"] != "NONE"
    ]
    assert sum(g == p for g, p in pairs) / len(pairs) >= 0.85


def test_hard_negatives_are_not_high_severity_incidents(predicted: list[Category]) -> None:
    negatives = [(r["text"], p) for r, p in zip(ROWS, predicted) if r["category"] == "NONE"]
    flagged = [text for text, p in negatives if p in HIGH]
    assert len(flagged) / len(negatives) <= 0.05, flagged


def test_every_high_severity_detection_says_which_words_decided_it() -> None:
    for r in ROWS[:120]:
        incident = classify(r["text"], r["lang"])
        if incident.category in HIGH:
            assert incident.cues, r["text"]
            low = r["text"].lower().replace("’", "'")
            assert all(cue in low for cue in incident.cues), (incident.cues, r["text"])


@pytest.mark.parametrize(
    ("lang", "text", "category"),
    [
        ("en", "gunshots near the checkpoint in terminal 1, everyone running for the exits", Category.SAFETY_SECURITY),
        ("en", "someone just got shot outside baggage claim, cops everywhere", Category.SAFETY_SECURITY),
        ("en", "they say a screening agent and the suspect have been shot", Category.SAFETY_SECURITY),
        ("es", "balacera en la entrada del aeropuerto, estamos tirados en el piso", Category.SAFETY_SECURITY),
        ("pt", "tiroteio no desembarque, gente correndo pra todo lado", Category.SAFETY_SECURITY),
        ("es", "HAY UN MEDICO A BORDO?? un señor se desmayo", Category.MEDICAL),
    ],
)
def test_the_security_incident_that_came_out_none_is_read(lang: str, text: str, category: Category) -> None:
    assert classify(text, lang).category == category


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "this movie is the bomb"),
        ("en", "shooting a video at the gate for my channel"),
        ("en", "we evacuated our hotel room's minibar lol"),
        ("es", "esa canción es una bomba"),
        ("pt", "vamos evacuar a geladeira antes da viagem kkk"),
    ],
)
def test_harmless_uses_of_alarming_words_are_not_security_incidents(lang: str, text: str) -> None:
    assert classify(text, lang).category != Category.SAFETY_SECURITY
