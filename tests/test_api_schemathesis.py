"""Schemathesis against the API on a loopback server: cases made from its own OpenAPI document get no 5xx, and every
response is one the document declares (status, content type, body schema, headers).

The API runs as `ioc-stream api` does (uvicorn, the real embedded broker, a night's alerts and posts on Kafka), and
the cases carry a liaison's token, so they reach the handlers (reads and writes) rather than stopping at auth.
"""

from __future__ import annotations

import json
import uuid
import zlib
from collections import Counter
from datetime import UTC, datetime

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ioc_stream.cli.serve import render_openapi
from ioc_stream.config import ApiConfig, KafkaConfig, Settings, TopicsConfig
from ioc_stream.desk_config import DeskConfig
from ioc_stream.serve.embedded import EmbeddedApi, send
from ioc_stream.serve.samples import SAMPLE_UNITS, sample_alerts, sample_connection_risk, sample_enriched

pytestmark = [
    pytest.mark.kafka,
    # schemathesis' own strategies draw from `random` (its warning, not this test's)
    pytest.mark.filterwarnings("ignore:Do not use the `random` module inside strategies"),
]

NOW = datetime.now(UTC)
ALERTS = [*sample_alerts(NOW), sample_connection_risk(NOW)]
ALERT_IDS = sorted(a.alert_id for a in ALERTS)

TOKENS = {"liaison-token-fuzz": "liaison:maria"}
AUTH = {"Authorization": "Bearer liaison-token-fuzz"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
#: Cases per operation and generation mode (positive, negative): 13 operations, under a minute in all.
EXAMPLES = 300
#: The statuses answered, by operation (printed at the end, for the record).
RAN: dict[str, Counter[int]] = {}


@pytest.fixture(scope="module")
def api(broker):
    conf = Settings(
        kafka=KafkaConfig(bootstrap=broker.bootstrap),
        topics=TopicsConfig(prefix=f"st{uuid.uuid4().hex[:6]}.", partitions=2),
        api=ApiConfig(write_rate_per_minute=1_000_000),  # the cases are not rate limited
        desk=DeskConfig(units=SAMPLE_UNITS),
    )
    with EmbeddedApi(conf, TOKENS) as first:  # creates the topics, then the night goes on them
        first.wait_ready()
    send(
        broker.bootstrap,
        conf.topics.name(conf.topics.alerts),
        [(a.alert_id, a.model_dump_json().encode()) for a in ALERTS],
    )
    posts = sample_enriched(NOW, 100)
    send(
        broker.bootstrap, conf.topics.name(conf.topics.enriched), [(m.id, m.model_dump_json().encode()) for m in posts]
    )
    with EmbeddedApi(conf, TOKENS) as server:
        server.wait_ready()
        yield server
    cases = sum(sum(c.values()) for c in RAN.values())
    print(f"\nschemathesis: {cases} cases over {len(RAN)} operations:")
    for label, statuses in sorted(RAN.items()):
        print(f"  {label}: {dict(sorted(statuses.items()))}")


#: The app's own document (the served one is the same: test_served_document_is_the_one_tested); the SSE stream
#: never ends by design (its frames and resume are tested in test_api_service.py).
DOCUMENT = json.loads(render_openapi())
schema = schemathesis.openapi.from_dict(DOCUMENT).exclude(path="/api/alerts/stream")


def test_served_document_is_the_one_tested(api) -> None:
    assert httpx.get(f"{api.url}/openapi.json").json() == DOCUMENT


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_openapi_document(case, api) -> None:
    held = case.path_parameters.get("alert_id") if case.path_parameters else None
    if isinstance(held, str) and zlib.crc32(held.encode()) % 2:  # half the cases name an alert the API holds
        case.path_parameters["alert_id"] = ALERT_IDS[zlib.crc32(held.encode()) % len(ALERT_IDS)]
    response = case.call_and_validate(base_url=api.url, headers=AUTH, checks=CHECKS, timeout=10)
    RAN.setdefault(case.operation.label, Counter())[response.status_code] += 1


def test_every_route_behind_a_token_documents_401() -> None:
    secured = [(p, m, op) for p, ops in DOCUMENT["paths"].items() for m, op in ops.items() if op.get("security")]
    assert len(secured) >= 10
    assert [(p, m) for p, m, op in secured if "401" not in op["responses"]] == []


# --- what the cases found, pinned ---------------------------------------------------------------------------------


@pytest.mark.parametrize("action_id", ["   ", "\t", 7])
def test_an_action_id_the_contract_refuses_is_a_422_not_a_500(api, action_id) -> None:
    """The body's action_id is the action's (AlertAction.action_id, a non-blank string): refused on the way in, not
    by the action's own validation inside the handler (a 500)."""
    r = httpx.post(f"{api.url}/api/alerts/{ALERT_IDS[0]}/ack", headers=AUTH, json={"action_id": action_id})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "action_id"]


def test_a_body_that_is_not_utf8_json_is_a_documented_400(api) -> None:
    path = "/api/alerts/{alert_id}/notes"
    r = httpx.post(
        f"{api.url}{path.format(alert_id=ALERT_IDS[0])}",
        headers={**AUTH, "Content-Type": "application/json"},
        content=b'{"text": "\xff"}',
    )
    assert r.status_code == 400 and "400" in DOCUMENT["paths"][path]["post"]["responses"]
