"""Bare flight numbers belong to the airline a post is addressed to, when that is unambiguous."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ioc_stream.enrich import enrich
from ioc_stream.enrich.addressee import flight_carrier
from ioc_stream.models import Author, SocialMention


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@Delta flight 1019 is delayed again", "DL"),
        ("@united my flight 1019 sat on the tarmac", "UA"),
        ("@AmericanAir flight 1019 is delayed", "AA"),
        ("@AmericanAir @Delta flight 1019, whose plane is this?", "AA"),  # tags us: ours
        ("@Delta @united flight 1019", "AA"),  # two other airlines: ambiguous, keep ours
        ("flight 1019 delayed", "AA"),
        ("@some_person flight 1019 delayed", "AA"),
    ],
)
def test_flight_carrier(text: str, expected: str) -> None:
    assert flight_carrier(text, "AA") == expected


def test_enrich_gives_another_airlines_flight_its_carrier() -> None:
    mention = SocialMention(
        id="1",
        platform="twitter",
        author=Author(handle="pax"),
        text="@Delta flight 1019 stuck at the gate",
        created_at=datetime(2026, 11, 1, tzinfo=UTC),
    )
    assert [f.flight for f in enrich(mention, "AA").flights] == ["DL1019"]
    assert [f.flight for f in enrich(mention, "DL").flights] == ["DL1019"]


def test_another_airlines_flight_is_never_correlated() -> None:
    from ioc_stream.correlate.keys import event_keys

    mention = SocialMention(
        id="2",
        platform="twitter",
        author=Author(handle="pax"),
        text="@Delta flight 1019 diverted to Tulsa, we are all stuck on the plane",
        created_at=datetime(2026, 11, 1, tzinfo=UTC),
    )
    enriched = enrich(mention, "AA")
    assert not [k for k in event_keys(enriched, "AA") if k.startswith("F:")]
    assert "F:DL1019" in event_keys(enriched, "DL")
