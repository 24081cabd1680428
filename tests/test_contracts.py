"""The checked-in JSON Schemas are the models' own, and inputs are refused or accepted as documented."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import jsonschema
import orjson
import pytest
from pydantic import ValidationError

from ioc_stream.enrich import enrich
from ioc_stream.fields import MAX_DEPTH, MAX_TEXT, RFC3339
from ioc_stream.ingest.jsonl import LineError, Parsed, parse_lines
from ioc_stream.ingest.messages import Reason, Rejected, decode
from ioc_stream.models import AlertAction, OpsEvent, SocialMention
from ioc_stream.pipeline.envelope import pack, unpack
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


# --- strict inputs (ioc_stream/fields.py): nothing coerced from another JSON type, each refusal names its field ---

POST = {"id": "1", "platform": "x", "author": {"handle": "a"}, "text": "t", "created_at": "2015-02-24T11:35:00Z"}
EVENT = {
    "event_id": "e1",
    "type": "DELAY",
    "carrier": "AA",
    "flight_number": "973",
    "service_date": "2015-02-24",
    "occurred_at": "2015-02-24T11:35:00Z",
    "reported_at": "2015-02-24T11:50:00Z",
}
ACTION = {"action_id": "x1", "alert_id": "a1", "action": "note", "by": "maria", "at": "2015-02-24T11:35:00Z"}
ROLE_OF = {"social_mention": "mentions", "ops_event": "ops", "alert_action": "actions"}
CONTRACT_OF = {
    "social_mention": (SocialMention, POST),
    "ops_event": (OpsEvent, EVENT),
    "alert_action": (AlertAction, ACTION),
}

NOT_TIMESTAMPS = [12, 1424777700.5, "1424777700", "", " ", "2015-02-24", "2015-02-24T11:35:00", "2015-02-24T11:35Z",
                  "2015-02-24 11:35:00Z", "24/02/2015 11:35", "2015-02-30T11:35:00Z", "2015-02-24T25:35:00Z",
                  "2015-02-24T11:35:00+25:00", True, None, [], {}]  # fmt: skip
REFUSED = [
    *(("social_mention", "created_at", v) for v in NOT_TIMESTAMPS),
    *(("ops_event", f, v) for f in ("occurred_at", "reported_at") for v in (12, "", "2015-02-24T11:35:00")),
    *(("alert_action", "at", v) for v in (12, "", "2015-02-24T11:35:00")),
    *(("ops_event", "service_date", v) for v in (0, 20150224, "", "2015-2-24", "2015-02-24T00:00:00Z")),
    *(("social_mention", "id", v) for v in ("", "   ", 12, 1.5, None, "x" * 129)),
    *(("ops_event", "event_id", v) for v in ("", 12)),
    *(("alert_action", f, v) for f in ("action_id", "alert_id", "by") for v in ("", 12)),
    *(("social_mention", "text", v) for v in ("", " \n\t", 12, "x" * (MAX_TEXT + 1))),
    *(("social_mention", "platform", v) for v in ("", 7)),
    *(("ops_event", "flight_number", v) for v in (973, "")),
    *(("ops_event", "carrier", v) for v in (11, "A")),
    *(("alert_action", "text", v) for v in (5, "x" * 4_001)),
]


@pytest.mark.parametrize(("contract", "field", "value"), REFUSED)
def test_input_refuses_wrong_type_empty_or_unbounded_value_naming_the_field(contract: str, field: str, value) -> None:
    model, good = CONTRACT_OF[contract]
    with pytest.raises(ValidationError) as err:
        model.model_validate({**good, field: value})
    assert [e["loc"] for e in err.value.errors()] == [(field,)]
    with pytest.raises(Rejected) as rejected:  # as the worker meets it: JSON bytes off an input topic
        decode(ROLE_OF[contract], orjson.dumps({**good, field: value}), 1 << 20)
    assert rejected.value.reason == Reason.SCHEMA and rejected.value.error.startswith(f"schema: {field}: ")


@pytest.mark.parametrize(
    ("patch", "loc"),
    [
        ({"geo": {"lat": 90.5, "lon": 0}}, ("geo", "lat")),
        ({"geo": {"lat": -91, "lon": 0}}, ("geo", "lat")),
        ({"geo": {"lat": 0, "lon": 180.01}}, ("geo", "lon")),
        ({"geo": {"lat": 0, "lon": -181}}, ("geo", "lon")),
        ({"geo": {"lat": "32.9", "lon": 0}}, ("geo", "lat")),  # a string is no number
        ({"geo": {"lat": True, "lon": 0}}, ("geo", "lat")),  # nor a boolean
        ({"geo": {"lat": float("nan"), "lon": 0}}, ("geo", "lat")),
        ({"author": {"handle": ""}}, ("author", "handle")),
        ({"author": {"handle": 42}}, ("author", "handle")),
        ({"author": {"handle": "a", "followers": "10"}}, ("author", "followers")),
        ({"author": {"handle": "a", "followers": True}}, ("author", "followers")),
        ({"customer": {"loyalty_id": 12345678}}, ("customer", "loyalty_id")),
        ({"lang": 1}, ("lang",)),
    ],
)
def test_mention_refuses_out_of_range_or_coerced_nested_values(patch: dict, loc: tuple) -> None:
    with pytest.raises(ValidationError) as err:
        SocialMention.model_validate({**POST, **patch})
    assert [e["loc"] for e in err.value.errors()] == [loc]


def test_ops_event_details_nest_at_most_max_depth_levels() -> None:
    def nested(levels: int) -> dict:
        value: dict = {"leaf": 1}
        for _ in range(levels - 1):
            value = {"a": value}
        return value

    assert OpsEvent.model_validate({**EVENT, "details": nested(MAX_DEPTH)}).details == nested(MAX_DEPTH)
    with pytest.raises(ValidationError) as err:
        OpsEvent.model_validate({**EVENT, "details": nested(MAX_DEPTH + 1)})
    assert err.value.errors()[0]["loc"] == ("details",)


@pytest.mark.parametrize(
    ("wire", "instant"),
    [
        ("2015-02-24T11:35:00Z", datetime(2015, 2, 24, 11, 35, tzinfo=UTC)),
        ("2015-02-24t11:35:00z", datetime(2015, 2, 24, 11, 35, tzinfo=UTC)),
        ("2015-02-24T11:35:00.25Z", datetime(2015, 2, 24, 11, 35, 0, 250_000, tzinfo=UTC)),
        ("2015-02-24T11:35:00.123456789Z", datetime(2015, 2, 24, 11, 35, 0, 123_456, tzinfo=UTC)),
        ("2015-02-24T11:35:00+00:00", datetime(2015, 2, 24, 11, 35, tzinfo=UTC)),
        ("2015-02-24T11:35:00-00:00", datetime(2015, 2, 24, 11, 35, tzinfo=UTC)),
        ("2015-02-24T03:35:00-08:00", datetime(2015, 2, 24, 11, 35, tzinfo=UTC)),
        ("2015-02-24T17:05:00+05:30", datetime(2015, 2, 24, 11, 35, tzinfo=UTC)),
    ],
)
def test_rfc3339_variants_are_accepted_from_python_and_json(wire: str, instant: datetime) -> None:
    mention = SocialMention.model_validate({**POST, "created_at": wire})
    assert mention.created_at == instant
    assert SocialMention.model_validate_json(orjson.dumps({**POST, "created_at": wire})) == mention
    assert decode("mentions", orjson.dumps({**POST, "created_at": wire}), 1 << 20) == mention
    assert OpsEvent.model_validate({**EVENT, "occurred_at": wire}).occurred_at == instant


def test_our_own_objects_and_records_still_validate() -> None:
    """Code passes aware datetimes and dates; the envelope reads back what the worker packed (python mode)."""
    at = datetime(2015, 2, 24, 11, 35, tzinfo=UTC)
    assert SocialMention(id="1", platform="x", author={"handle": "a"}, text="t", created_at=at).created_at == at
    event = OpsEvent.model_validate({**EVENT, "occurred_at": at, "service_date": date(2015, 2, 24)})
    with pytest.raises(ValidationError):
        SocialMention.model_validate({**POST, "created_at": datetime(2015, 2, 24, 11, 35)})  # naive
    action = AlertAction.model_validate({**ACTION, "at": at, "text": "called the station"})
    mention = enrich(SocialMention.model_validate(POST), "AA")
    for record in (event, action, mention):
        assert unpack(pack(record, 1.0)).record == record


def test_strict_input_schemas_say_what_they_refuse() -> None:
    mention = json.loads((SCHEMAS / "social_mention.json").read_text())
    created = mention["properties"]["created_at"]
    assert created["type"] == "string" and created["format"] == "date-time" and created["pattern"] == RFC3339
    assert mention["properties"]["text"]["minLength"] == 1 and mention["properties"]["text"]["maxLength"] == MAX_TEXT
    validator = jsonschema.Draft202012Validator(mention)
    assert not list(validator.iter_errors(POST))
    assert [e.path[0] for e in validator.iter_errors({**POST, "created_at": "2015-02-24T11:35:00"})] == ["created_at"]
    assert {e.path[0] for e in validator.iter_errors({**POST, "id": ""})} == {"id"}


def test_jsonl_lines_meet_the_same_strict_contract() -> None:
    """`ioc-stream replay` and `produce` read JSONL in JSON mode: the same refusals, the same field named."""
    lines = [orjson.dumps(POST), orjson.dumps({**POST, "created_at": 12}), orjson.dumps({**POST, "id": 7}), b""]
    parsed = list(parse_lines([*lines, orjson.dumps({**POST, "text": ""})], SocialMention))
    assert isinstance(parsed[0], Parsed) and parsed[0].value == SocialMention.model_validate(POST)
    assert [(p.line, p.error.split(": ")[1]) for p in parsed[1:] if isinstance(p, LineError)] == [
        (2, "created_at"),
        (3, "id"),
        (5, "text"),
    ]
