"""Language detection on short, noisy posts in English, Spanish and Portuguese."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ioc_stream.enrich.lang import LANGS, detect_lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("@AmericanAir flight 1019 delayed again, this is the third time", "en"),
        ("we're diverting to Tulsa", "en"),
        ("stuck on the tarmac 2 hours #fail http://t.co/abc", "en"),
        ("lost my bag", "en"),
        ("lol", "en"),
        ("@united 1019 ORD-LAX ???", "en"),
        ("seguimos en el avión, vuelo desviado a Monterrey", "es"),
        ("@AmericanAir vuelo 1010 retrasado otra vez #fail", "es"),
        ("perdieron mi maleta en Miami", "es"),
        ("¿qué pasa con el vuelo?", "es"),
        ("llevamos 2 horas en la pista", "es"),
        ("muchas gracias por la ayuda", "es"),
        ("voo cancelado", "pt"),
        ("estamos no avião há 3 horas, ninguém fala nada", "pt"),
        ("@latam perderam minha mala em Guarulhos", "pt"),
        ("muito obrigado pela atenção", "pt"),
        ("cadê minha bagagem?", "pt"),
        ("o voo não saiu ainda", "pt"),
    ],
)
def test_detects_language_of_short_posts(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


def test_feed_hint_wins_when_supported() -> None:
    assert detect_lang("vuelo cancelado", hint="pt") == "pt"
    assert detect_lang("flight cancelled", hint="es") == "es"


def test_unsupported_hint_is_ignored() -> None:
    assert detect_lang("vuelo cancelado otra vez", hint="fr") == "es"
    assert detect_lang("voo cancelado", hint="und") == "pt"


def test_handles_and_hashtags_do_not_count_as_words() -> None:
    # "@el_vuelo" and "#que" would look Spanish if they were read as words.
    assert detect_lang("@el_vuelo #que #la the flight is late") == "en"


@given(st.text(max_size=300), st.sampled_from([None, "en", "es", "pt", "xx", ""]))
def test_always_returns_a_supported_language(text: str, hint: str | None) -> None:
    assert detect_lang(text, hint) in LANGS


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("VUELO CANCELADO OTRA VEZ", "es"),
        ("Perdieron Mi Maleta En Miami", "es"),
        ("O VOO NAO SAIU AINDA", "pt"),
        ("THE FLIGHT IS LATE AGAIN", "en"),
    ],
)
def test_capitals_read_like_lower_case(text: str, lang: str) -> None:
    assert detect_lang(text) == lang == detect_lang(text.lower())
