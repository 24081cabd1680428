"""The checked-in JSON Schemas are the models' own, and inputs are refused or accepted as documented."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from ioc_stream.models import OpsEvent, SocialMention
from ioc_stream.schemas import render_all

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


@pytest.mark.parametrize("name", sorted(render_all()))
def test_checked_in_schema_matches_model(name: str) -> None:
    checked_in = (SCHEMAS / f"{name}.json").read_text()
    assert checked_in == render_all()[name], f"schemas/{name}.json drifted from the model: run `make schemas`"


def test_mention_ignores_unknown_fields_and_validates_against_schema() -> None:
    raw = {
        "id": "1",
        "platform": "twitter",
        "author": {"handle": "pax", "followers": 10},
        "text": "stuck on the tarmac",
        "created_at": "2015-02-24T11:35:00-08:00",
        "geo": {"lat": 32.9, "lon": -97.0},
        "user_timezone": "Central",
        "label": {"sentiment": "negative"},
    }
    jsonschema.validate(raw, json.loads((SCHEMAS / "social_mention.json").read_text()))
    mention = SocialMention.model_validate(raw)
    assert mention.channel == "public" and mention.geo.lat == 32.9


@pytest.mark.parametrize(
    "patch",
    [
        {"created_at": "2015-02-24T11:35:00"},  # no offset: event time would be ambiguous
        {"channel": "dm"},
        {"geo": {"lat": 123, "lon": 0}},
        {"author": {}},
    ],
)
def test_mention_refuses_bad_fields(patch: dict) -> None:
    raw = {"id": "1", "platform": "x", "author": {"handle": "a"}, "text": "t", "created_at": "2015-02-24T11:35:00Z"}
    with pytest.raises(ValidationError):
        SocialMention.model_validate({**raw, **patch})


def test_ops_event_flight_key_normalises_number() -> None:
    event = OpsEvent.model_validate(
        {
            "event_id": "e1",
            "type": "DIVERSION",
            "carrier": "AA",
            "flight_number": "0973",
            "service_date": "2015-02-24",
            "origin": "DFW",
            "destination": "LAX",
            "station": "DFW",
            "occurred_at": "2015-02-24T11:35:00Z",
            "reported_at": "2015-02-24T11:50:00Z",
            "details": {"diverted_to": "TUL"},
        }
    )
    assert event.flight == "AA973"
    with pytest.raises(ValidationError):
        OpsEvent.model_validate({**event.model_dump(mode="json"), "type": "ALIENS"})
