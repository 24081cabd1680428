"""The unvalidated model builder makes exactly what pydantic's model_construct makes, or defers to it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import BaseModel, Field

from ioc_stream.construct import builder, plain
from ioc_stream.models import Evidence, FlightRef, Incident, Note, OpsEventRef, StationRef
from ioc_stream.taxonomy import Category, OpsEventType

T = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
CASES = [
    (FlightRef, {"carrier": "AA", "number": "2390", "flight": "AA2390", "evidence": "flight 2390"}),
    (StationRef, {"code": "TUL", "source": "name", "evidence": "Tulsa"}),
    (
        Incident,
        {
            "category": Category.DIVERSION,
            "confidence": 0.9,
            "categories": [Category.DIVERSION],
            "cues": ["diverting"],
            "onboard": True,
            "severity": "CRITICAL",
            "report": "first_hand",
            "report_cues": [],
            "confidences": {Category.DIVERSION: 0.9},
        },
    ),
    (Note, {"by": "liaison:ana", "at": T, "text": "called the station"}),
    (
        OpsEventRef,
        {
            "event_id": "e1",
            "type": OpsEventType.DIVERSION,
            "occurred_at": T,
            "reported_at": T,
            "station": "TUL",
            "details": {"diverted_to": "TUL"},
        },
    ),
    (
        Evidence,
        {
            "post_id": "p1",
            "author": "@pax",
            "created_at": T,
            "excerpt": "we're diverting to Tulsa",
            "cues": ["diverting"],
            "lang": "en",
            "onboard": True,
            "channel": "public",
            "loyalty_id_masked": None,
            "station": "TUL",
            "report": "relayed",
            "counted_as": Category.DIVERSION,
            "primary_category": Category.MEDICAL,
        },
    ),
]


@pytest.mark.parametrize(("model", "fields"), CASES, ids=[m.__name__ for m, _ in CASES])
def test_built_equals_model_construct_and_validates(model: type[BaseModel], fields: dict) -> None:
    assert plain(model)
    fast, slow = builder(model)(dict(fields)), model.model_construct(**fields)
    assert fast == slow
    assert list(fast.__dict__.items()) == list(slow.__dict__.items())
    assert fast.model_fields_set == slow.model_fields_set
    assert (fast.__pydantic_extra__, fast.__pydantic_private__) == (slow.__pydantic_extra__, slow.__pydantic_private__)
    assert model.model_validate(fast.model_dump()) == fast
    assert fast.model_dump_json() == model.model_validate(fields).model_dump_json()


def test_a_model_with_aliases_or_defaults_to_fill_goes_through_model_construct() -> None:
    class Aliased(BaseModel):
        name: str = Field(alias="n")
        tags: list[str] = Field(default_factory=list)

    assert not plain(Aliased)
    made = builder(Aliased)({"n": "x"})
    assert made.name == "x" and made.tags == []
