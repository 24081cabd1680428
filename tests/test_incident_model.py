"""The fitted incident model: the shipped artifact, how a post is scored and explained, and the training command."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from ioc_stream.enrich.crowd_labels import LabelledPost
from ioc_stream.enrich.incident import IncidentClassifier, classify
from ioc_stream.enrich.incident_features import FEATURES, FITTED
from ioc_stream.enrich.incident_model import FORMAT, MODEL_PATH, IncidentModel
from ioc_stream.enrich.words import tokens, word_features
from ioc_stream.taxonomy import Category

CARD = MODEL_PATH.with_suffix(".md")


def test_the_shipped_model_matches_the_lexicon_and_is_versioned() -> None:
    payload = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    model = IncidentModel.from_payload(payload, strict=True)  # every cue it weighs is in the lexicon
    assert payload["format"] == FORMAT
    assert model.version and model.version != "dev"
    assert model.classes == FITTED
    assert len(model.vocabulary) > 1_000
    assert all(row is None or len(row) == len(FITTED) for row in model.rows)
    assert payload["trained"]["posts"] > 5_000


def test_the_model_card_names_the_version_data_licence_figures_and_command() -> None:
    card = CARD.read_text(encoding="utf-8")
    version = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["version"]
    for needed in (version, "CC BY-NC-SA 4.0", "ioc-stream model train", "macro-F1", "2-fold"):
        assert needed in card, needed


def _payload(words: dict[str, list[float]], cues: dict[str, list[float]] | None = None) -> dict:
    n = len(FITTED)
    return {
        "format": FORMAT,
        "version": "test",
        "classes": [str(c) for c in FITTED],
        "intercept": [1.0] + [0.0] * (n - 1),
        "offsets": {"words": [0.0] * n, "cues": [0.0] * n},
        "cues": cues or {},
        "words": words,
    }


def _row(category: Category, weight: float) -> list[float]:
    return [weight if c == category else 0.0 for c in FITTED]


def test_word_features_score_english_posts_only() -> None:
    model = IncidentClassifier(IncidentModel.from_payload(_payload({"vuelo": _row(Category.DELAY, 5.0)})))
    assert model.classify("vuelo 123 again", "en").category == Category.DELAY
    assert model.classify("vuelo 123 otra vez", "es").category == Category.NONE


def test_cues_show_the_posts_own_words_strongest_first() -> None:
    words = {
        "lost": _row(Category.BAGGAGE, 2.0),
        "lost my": _row(Category.BAGGAGE, 3.0),
        "_handle": _row(Category.BAGGAGE, 4.0),
    }
    model = IncidentClassifier(IncidentModel.from_payload(_payload(words)))
    incident = model.classify("@AmericanAir LOST my suitcase")
    assert incident.category == Category.BAGGAGE
    assert incident.cues == ["lost my"]  # "lost" is inside the stronger phrase; an @handle explains nothing


def test_a_stale_cue_is_an_error_unless_loading_leniently() -> None:
    payload = _payload({}, cues={"no such cue": _row(Category.DELAY, 1.0)})
    with pytest.raises(ValueError, match="retrain"):
        IncidentModel.from_payload(payload)
    with pytest.warns(UserWarning, match="retrain"):
        IncidentModel.from_payload(payload, strict=False)


def test_words_fold_what_says_nothing_general() -> None:
    feats = word_features(tokens("@united flight 2390 delayed 3hrs http://t.co/x can't wait"))
    assert feats[:8] == ["_handle", "flight", "_num", "delayed", "_num", "hrs", "_url", "can't"]
    assert "_airline" in word_features(tokens("thanks jetblue"))
    assert "flight _num" in feats


def test_the_shipped_model_explains_a_complaint_with_words_of_the_post() -> None:
    incident = classify("@united you lost my bag again, third time this year")
    assert incident.category == Category.BAGGAGE
    assert incident.cues and all(cue in "@united you lost my bag again, third time this year" for cue in incident.cues)


_TEMPLATES = {
    Category.NONE: ["thanks for the {a} flight", "love the {a} crew today", "great {a} service, see you soon"],
    Category.DELAY: ["flight delayed {n} hours {b}", "still waiting, {n} hours late {b}", "delayed again {b}"],
    Category.CANCELLATION: ["my flight got cancelled {b}", "cancelled flight again {b}", "they cancelled us {b}"],
    Category.BAGGAGE: ["lost my bag {b}", "where is my luggage {b}", "suitcase never arrived {b}"],
    Category.CREW: ["the flight attendant was rude {b}", "rude crew member {b}", "attendant yelled at me {b}"],
    Category.AIRPORT_QUEUE: [
        "huge line at check in {b}",
        "security line is insane {b}",
        "long queue at the counter {b}",
    ],
    Category.CUSTOMER_SERVICE: [
        "on hold for {n} hours {b}",
        "customer service hung up {b}",
        "nobody answers the phone {b}",
    ],
    Category.BOOKING: [
        "website won't let me book {b}",
        "cannot change my reservation {b}",
        "booking error on the app {b}",
    ],
    Category.OTHER: ["no wifi and bad food {b}", "seat was broken {b}", "dirty plane and no snacks {b}"],
}


def _corpus(seed: int) -> list[LabelledPost]:
    rng = random.Random(seed)
    posts = []
    for category, templates in _TEMPLATES.items():
        for i in range(24):
            text = rng.choice(templates).format(
                a=rng.choice(["nice", "smooth", "fun"]),
                n=rng.randint(2, 5),
                b=rng.choice(["ugh", "today", "again", ""]),
            )
            posts.append(LabelledPost(f"{category}-{i}", text, category, category, 1.0, "X"))
    return posts


def test_training_is_deterministic_and_writes_a_model_that_loads() -> None:
    pytest.importorskip("sklearn")
    from ioc_stream.enrich.incident_training import Settings, fit

    settings = Settings(folds=2, repeats=1, min_df=2)
    first, second = fit(_corpus(1), settings, version="t"), fit(_corpus(1), settings, version="t")
    assert first == second
    model = IncidentClassifier(IncidentModel.from_payload(first))
    assert model.classify("my flight got cancelled, unbelievable").category == Category.CANCELLATION
    assert model.classify("lost my bag in Denver").category == Category.BAGGAGE
    assert first["trained"]["by_class"]["DELAY"] == 24


def test_training_refuses_a_corpus_without_every_class() -> None:
    pytest.importorskip("sklearn")
    from ioc_stream.enrich.incident_training import Settings, fit

    posts = [p for p in _corpus(2) if p.target != Category.OTHER]
    with pytest.raises(ValueError, match="every fitted class"):
        fit(posts, Settings(folds=2, repeats=1))


def test_the_cli_trains_on_labelled_lines(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from typer.testing import CliRunner

    from ioc_stream.cli import app

    data = tmp_path / "labelled.jsonl"
    lines = []
    for p in _corpus(3):
        negative = p.target != Category.NONE
        reason = {
            v: k
            for k, v in {
                "Late Flight": Category.DELAY,
                "Cancelled Flight": Category.CANCELLATION,
                "Lost Luggage": Category.BAGGAGE,
                "Flight Attendant Complaints": Category.CREW,
                "longlines": Category.AIRPORT_QUEUE,
                "Customer Service Issue": Category.CUSTOMER_SERVICE,
                "Flight Booking Problems": Category.BOOKING,
                "Bad Flight": Category.OTHER,
            }.items()
        }.get(p.target)
        label = {
            "airline": "X",
            "sentiment": "negative" if negative else "positive",
            "sentiment_confidence": 1.0,
            "negative_reason": reason,
            "negative_reason_confidence": 1.0 if negative else None,
        }
        lines.append(json.dumps({"id": p.id, "text": p.text, "label": label}))
    data.write_text("\n".join(lines) + "\nnot json\n", encoding="utf-8")
    out = tmp_path / "model.json"
    result = CliRunner().invoke(app, ["model", "train", str(data), "--out", str(out), "--version", "9.9"])
    assert result.exit_code == 0, result.output
    assert "1 unreadable lines" in result.output
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["version"] == "9.9" and set(payload["cues"]) <= set(FEATURES)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.update(intercept=p["intercept"][:2]), "intercept"),
        (lambda p: p["offsets"].update(cues=[0.0]), "cues offsets"),
        (lambda p: p.update(classes=[c for c in p["classes"] if c != "NONE"] + ["DELAY"]), "NONE"),
        (lambda p: p["words"].update(late=[float("nan")] * len(FITTED)), "finite"),
    ],
)
def test_a_malformed_model_is_refused_with_a_reason(change, message: str) -> None:
    payload = _payload({})
    change(payload)
    with pytest.raises(ValueError, match=message):
        IncidentModel.from_payload(payload)


def test_a_two_word_cue_shows_the_two_words_not_what_stands_between() -> None:
    words = {"lost luggage": _row(Category.BAGGAGE, 3.0)}
    model = IncidentClassifier(IncidentModel.from_payload(_payload(words)))
    incident = model.classify("they lost " + "😡 " * 80 + "luggage")
    assert incident.cues == ["lost luggage"]
