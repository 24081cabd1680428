"""Incident classification: categories in en/es/pt, onboard, negation, praise, questions, severity."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ioc_stream.enrich.cue_matcher import CueMatcher
from ioc_stream.enrich.incident import classify
from ioc_stream.enrich.incident_features import _TABLES
from ioc_stream.enrich.lexicon import LEXICONS
from ioc_stream.models import Incident
from ioc_stream.taxonomy import Category, Severity

C = Category

REPORTS = [
    # (lang, text, expected primary category)
    ("en", "flight 1019 delayed again, 3 hours now", C.DELAY),
    ("en", "my flight got cancelled and nobody told me", C.CANCELLATION),
    ("en", "we're diverting to Tulsa", C.DIVERSION),
    ("en", "returning to the gate, something wrong with the engine", C.GATE_RETURN),
    ("en", "stuck on the tarmac 2 hours", C.TARMAC_HOLD),
    ("en", "mechanical issue, maintenance is looking at the plane", C.MECHANICAL),
    ("en", "medical emergency on board", C.MEDICAL),
    ("en", "they pulled a man off the plane", C.DISRUPTIVE_PASSENGER),
    ("en", "the flight attendant was incredibly rude to my mother", C.CREW),
    ("en", "you lost my luggage, second time this year", C.BAGGAGE),
    ("en", "smoke in the cabin, they are evacuating us", C.SAFETY_SECURITY),
    ("en", "security line at JFK is insane, 200 people and one agent", C.AIRPORT_QUEUE),
    ("es", "vuelo 1010 retrasado otra vez, tres horas de retraso", C.DELAY),
    ("es", "me cancelaron el vuelo a Bogotá", C.CANCELLATION),
    ("es", "vuelo desviado a Monterrey", C.DIVERSION),
    ("es", "estamos regresando a la puerta por una falla mecánica", C.GATE_RETURN),
    ("es", "llevamos 2 horas en la pista sin información", C.TARMAC_HOLD),
    ("es", "problema técnico con el motor, mantenimiento revisando", C.MECHANICAL),
    ("es", "emergencia médica a bordo, un pasajero se desmayó", C.MEDICAL),
    ("es", "un pasajero borracho causó una pelea en el vuelo", C.DISRUPTIVE_PASSENGER),
    ("es", "la azafata fue muy grosera con nosotros", C.CREW),
    ("es", "perdieron mi maleta en Miami", C.BAGGAGE),
    ("es", "hay humo en la cabina, nos evacuaron", C.SAFETY_SECURITY),
    ("es", "fila enorme en el mostrador, solo dos agentes", C.AIRPORT_QUEUE),
    ("pt", "voo atrasado de novo, duas horas de atraso", C.DELAY),
    ("pt", "voo cancelado", C.CANCELLATION),
    ("pt", "nosso voo foi desviado para Campinas", C.DIVERSION),
    ("pt", "estamos voltando para o portão, problema no motor", C.GATE_RETURN),
    ("pt", "estamos no avião há 3 horas parados na pista", C.TARMAC_HOLD),
    ("pt", "pane mecânica, manutenção a caminho", C.MECHANICAL),
    ("pt", "emergência médica, passageiro passou mal", C.MEDICAL),
    ("pt", "passageiro bêbado agressivo, tiraram ele do avião", C.DISRUPTIVE_PASSENGER),
    ("pt", "a comissária foi grosseira com minha mãe", C.CREW),
    ("pt", "extraviaram minha mala em Guarulhos", C.BAGGAGE),
    ("pt", "cheiro de queimado e fumaça na cabine", C.SAFETY_SECURITY),
    ("pt", "fila enorme no check-in, só um atendente", C.AIRPORT_QUEUE),
]


@pytest.mark.parametrize(("lang", "text", "category"), REPORTS)
def test_reports_land_in_their_category(lang: str, text: str, category: Category) -> None:
    incident = classify(text, lang)
    assert incident.category == category, incident
    assert incident.categories[0] == category
    assert incident.cues, "every category is explained by at least one cue"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "we're diverting to Tulsa"),
        ("en", "still sitting on the plane at ORD, no word from the pilot"),
        ("en", "the captain just announced a medical emergency"),
        ("es", "seguimos en el avión, nadie nos dice nada"),
        ("pt", "estamos no avião há 2 horas"),
    ],
)
def test_onboard_posts(lang: str, text: str) -> None:
    assert classify(text, lang).onboard


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "my flight was delayed 3 hours yesterday"),
        ("en", "waiting at the gate for my friend's flight"),
        ("es", "mi vuelo fue cancelado ayer"),
        ("pt", "meu voo foi cancelado ontem"),
    ],
)
def test_not_onboard_posts(lang: str, text: str) -> None:
    assert not classify(text, lang).onboard


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "not delayed at all today"),
        ("en", "no delays, great flight"),
        ("en", "flight wasn't cancelled after all"),
        ("es", "el vuelo no fue cancelado"),
        ("pt", "o voo não foi cancelado"),
    ],
)
def test_negated_incidents_are_not_reported(lang: str, text: str) -> None:
    assert classify(text, lang).category == C.NONE


def test_negation_does_not_reach_across_a_sentence() -> None:
    assert classify("No. Delayed again.").category == C.DELAY


def test_missing_things_are_still_complaints() -> None:
    assert classify("landed an hour ago, still no bags").category == C.BAGGAGE


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "thanks for finding my bag so quickly!"),
        ("en", "love that you got us out on time despite the storm, thank you"),
        ("es", "muchas gracias, encontraron mi maleta"),
        ("pt", "muito obrigado, acharam minha mala"),
    ],
)
def test_praise_lowers_operational_categories(lang: str, text: str) -> None:
    incident = classify(text, lang)
    assert incident.category == C.NONE
    assert incident.cues, "the praise that decided it is shown"


def test_sarcastic_thanks_does_not_hide_a_delay() -> None:
    assert classify("thanks for the 6 hour delay and the missed connection").category == C.DELAY


def test_inquiry_is_weaker_than_report() -> None:
    assert classify("is my flight delayed?").category == C.NONE
    assert classify("my flight is delayed").category == C.DELAY


def test_hedged_cue_counts_less() -> None:
    assert classify("worried my flight might be cancelled").category == C.NONE
    assert classify("my flight was cancelled").category == C.CANCELLATION


def test_several_incidents_primary_first() -> None:
    incident = classify("we're diverting, medical emergency on board, passenger collapsed")
    assert incident.category == C.MEDICAL
    assert C.DIVERSION in incident.categories
    assert {"medical emergency", "diverting"} <= set(incident.cues)


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("my flight is delayed", "LOW"),
        ("stuck on the tarmac for 2 hours", "HIGH"),  # MEDIUM, +1 from on board
        ("smoke in the cabin", "CRITICAL"),
        ("medical emergency on board", "CRITICAL"),  # HIGH, +1 from on board
        ("nice weather today", "NONE"),
    ],
)
def test_severity(text: str, severity: str) -> None:
    assert classify(text).severity == severity


def test_onboard_does_not_raise_service_complaints() -> None:
    incident = classify("on the plane now and the wifi is broken, terrible service")
    assert incident.onboard
    assert Severity[incident.severity] <= Severity.LOW


def test_stronger_evidence_gives_higher_confidence() -> None:
    weak = classify("flight delayed")
    strong = classify("flight delayed, delayed again, 5 hours late now")
    assert weak.category == strong.category == C.DELAY
    assert strong.confidence > weak.confidence


def test_unknown_language_uses_english_tables() -> None:
    assert classify("flight cancelled", "de").category == C.CANCELLATION


def test_matcher_prefers_the_longer_phrase() -> None:
    m = CueMatcher({r"cancel\w*": {"CANCELLATION": 2.5}, r"cancel my booking": {"BOOKING": 2.5}, r"not": {"NEG": 1}})
    assert [t for t, _, _ in m.scan("please cancel my booking, not cancelled")] == [
        "cancel my booking",
        "not",
        "cancelled",
    ]


def test_matcher_refuses_capturing_groups() -> None:
    with pytest.raises(ValueError, match="capturing group"):
        CueMatcher({r"(late|delayed)": {"DELAY": 1.0}})


def _reference_scan(m: CueMatcher, low: str) -> list[tuple[int, int, str, str | None]]:
    return [(x.start(), x.end(), x.group(), x.lastgroup) for x in m.reference().finditer(low)]


def test_matcher_finds_what_its_one_regex_definition_finds() -> None:
    # Cues ending in a separator ("sin puerta " when nothing follows, "¿") may be followed at
    # once by a cue starting with one; lookaheads make the same text mean different cues.
    m = CueMatcher(
        {
            r"sin puerta (?:disponible)?": {"A": 1.0},
            r"¿": {"B": 1.0},
            r"¿qué\w*": {"C": 1.0},
            r"still(?= on the plane)": {"D": 1.0},
            r"still": {"E": 1.0},
            r"(?:\d+|an?) ?hours?": {"F": 1.0},
            r"(?:not |isn't )?moving": {"G": 1.0},
            r"x\-ray": {"H": 1.0},
            r"x(?:-|\+)rays": {"I": 1.0},
        }
    )
    for low in (
        "sin puerta ¿¿ ¿qué pasa",
        "¿ ¿qué? sin puerta  ¿",
        "still on the plane, still here",
        "not moving for an hour, 2hours, a hours, 10 hours",
        "isn't moving",
        "#still@still",
        "x-ray x-rays x+rays x+ray",
    ):
        assert m.find(low) == _reference_scan(m, low), low


_TABLE_WORDS = sorted(
    {
        w
        for lexicon in LEXICONS.values()
        for cues in lexicon.values()
        for cue in cues
        for w in re.findall(r"[^\W\d_]+", cue)
    }
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_TABLE_WORDS) | st.text(" ,.!?¿'#@-2é", min_size=1, max_size=3), max_size=25),
    st.sampled_from(["en", "es", "pt"]),
)
def test_lexicon_matchers_agree_with_their_definition(words: list[str], lang: str) -> None:
    m = _TABLES[lang].matcher
    low = " ".join(words)
    assert m.find(low) == _reference_scan(m, low)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["en", "es", "pt", "xx"]))
def test_classify_never_raises_and_returns_a_valid_incident(text: str, lang: str) -> None:
    incident = classify(text, lang)
    valid = Incident.model_validate(incident.model_dump())
    assert 0.0 <= valid.confidence <= 1.0
    assert valid.severity in Severity.__members__
    assert (valid.category == C.NONE) == (not valid.categories)
    if valid.categories:
        assert valid.categories[0] == valid.category
        assert len(set(valid.categories)) == len(valid.categories)


# --- the product's imports, translations, expert phrases (the model itself: test_incident_model.py) ---

import subprocess  # noqa: E402
import sys  # noqa: E402

from ioc_stream.enrich.cue_translations import EQUIVALENTS  # noqa: E402
from ioc_stream.enrich.incident_features import extract  # noqa: E402
from ioc_stream.enrich.lexicon import EN  # noqa: E402


def test_product_does_not_need_scikit_learn() -> None:
    code = "import sys, ioc_stream.enrich.incident as i; i.classify('delayed'); print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_translations_point_at_english_cues() -> None:
    english = {cue for cues in EN.values() for cue in cues}
    assert set(EQUIVALENTS) <= english
    assert all(es and pt for es, pt in EQUIVALENTS.values()), "every cue has both translations"


@pytest.mark.parametrize(
    ("en", "es", "pt"),
    [
        ("lost our luggage", "perdieron nuestro equipaje", "perderam nossa bagagem"),
        ("the flight attendant", "la azafata", "a comissária"),
        ("on hold", "en espera", "em espera"),
    ],
)
def test_a_translation_weighs_what_its_english_cue_weighs(en: str, es: str, pt: str) -> None:
    english = extract(en, "en").features
    assert english
    assert extract(es, "es").features == english
    assert extract(pt, "pt").features == english


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("flight is 3 hours late, been waiting since noon", C.DELAY),
        ("cancelled flights again, rebooked for tomorrow", C.CANCELLATION),
        ("longest line ever at the check-in counter, 45 minutes in line", C.AIRPORT_QUEUE),
        ("the agent was so rude to my wife", C.CREW),
        ("where is my luggage? 3 days and nothing", C.BAGGAGE),
        ("on hold for 2 hours, nobody picks up", C.CUSTOMER_SERVICE),
    ],
)
def test_expert_phrases_decide_their_class(text: str, category: Category) -> None:
    incident = classify(text)
    assert incident.category == category, incident
    assert incident.cues


def test_mentioning_a_topic_without_complaint_is_no_incident() -> None:
    assert classify("thanks for the great crew on my flight to Denver today!").category == C.NONE
    assert classify("love the new bag policy, thank you").category == C.NONE
