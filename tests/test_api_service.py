"""The API against the real embedded broker: every endpoint, filters, SSE resume, the auth matrix, rate limit, CORS."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from aiokafka import AIOKafkaConsumer
from fastapi.testclient import TestClient

from ioc_stream.cli.serve import OPENAPI_PATH, render_openapi
from ioc_stream.config import ApiConfig, KafkaConfig, Settings, TopicsConfig
from ioc_stream.desk_config import DeskConfig
from ioc_stream.models import AlertAction, AlertStatus
from ioc_stream.reports.archive import week_of
from ioc_stream.reports.pulse import window_start
from ioc_stream.reports.scorecard import scorecard
from ioc_stream.serve.app import create_app
from ioc_stream.serve.embedded import EmbeddedApi, send
from ioc_stream.serve.samples import (
    SAMPLE_PROFILES,
    SAMPLE_UNITS,
    sample_alerts,
    sample_connection_risk,
    sample_enriched,
    sample_history,
    sample_mentions,
)

pytestmark = pytest.mark.kafka

TOKENS = {
    "bridge-token-0001": "bridge:wall",
    "liaison-token-001": "liaison:maria",
    "liaison-token-002": "liaison:joao",
    "admin-token-00001": "admin:ana",
    "liaison-rate-0001": "liaison:rate",
}
AUTH = {
    role: {"Authorization": f"Bearer {tok}"}
    for role, tok in [
        ("bridge", "bridge-token-0001"),
        ("liaison", "liaison-token-001"),
        ("joao", "liaison-token-002"),
        ("admin", "admin-token-00001"),
        ("rate", "liaison-rate-0001"),
    ]
}
ORIGIN = "https://ops.example.com"
NOW = datetime.now(UTC)


def write_profiles(folder) -> str:
    """The sample profile table as IOC_DESK__PROFILES reads it."""
    path = folder / "profiles.csv"
    path.write_text("loyalty_id,tier,note\n" + "".join(f"{k},{v},x\n" for k, v in SAMPLE_PROFILES.items()))
    return str(path)


@pytest.fixture(scope="module")
def settings(broker, tmp_path_factory) -> Settings:
    return Settings(
        kafka=KafkaConfig(bootstrap=broker.bootstrap),
        topics=TopicsConfig(prefix=f"api{uuid.uuid4().hex[:6]}.", partitions=2),
        api=ApiConfig(cors_origins=[ORIGIN], write_rate_per_minute=20),
        desk=DeskConfig(units=SAMPLE_UNITS, profiles=write_profiles(tmp_path_factory.mktemp("desk"))),
    )


#: Every alert and post the night puts on Kafka before the API starts.
NIGHT_ALERTS = [*sample_alerts(NOW), sample_connection_risk(NOW)]
NIGHT_POSTS = [*sample_enriched(NOW, 300), *sample_history(NOW)]


def topic(settings: Settings, name: str) -> str:
    return settings.topics.name(getattr(settings.topics, name))


@pytest.fixture(scope="module")
def api(settings, broker):
    """An API started AFTER the night's alerts and posts are on Kafka, so readiness means caught up."""
    server = EmbeddedApi(settings, TOKENS, heartbeat_s=0.5)
    # create the topics the way the API would, then fill them before it starts
    with EmbeddedApi(settings, TOKENS) as first:
        first.wait_ready()
    send(
        broker.bootstrap,
        topic(settings, "alerts"),
        [(a.alert_id, a.model_dump_json().encode()) for a in NIGHT_ALERTS],
    )
    posts = [(m.id, m.model_dump_json().encode()) for m in NIGHT_POSTS]
    send(broker.bootstrap, topic(settings, "enriched"), posts)
    send(broker.bootstrap, topic(settings, "enriched"), posts[:50])  # re-published by a restarted worker: counted once
    with server:
        server.wait_ready()
        yield server


def get(api, path, who="bridge", **kw):
    return httpx.get(api.url + path, headers=AUTH.get(who, {}), **kw)


def post(api, path, who="liaison", **kw):
    return httpx.post(api.url + path, headers=AUTH.get(who, {}), **kw)


def wait_for(predicate, timeout=10.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def read_actions(settings: Settings) -> list[AlertAction]:
    async def main():
        consumer = AIOKafkaConsumer(
            topic(settings, "actions"), bootstrap_servers=settings.kafka.bootstrap, auto_offset_reset="earliest"
        )
        await consumer.start()
        try:
            batches = await consumer.getmany(timeout_ms=1500)
            batches2 = await consumer.getmany(timeout_ms=300)
        finally:
            await consumer.stop()
        return [AlertAction.model_validate_json(r.value) for b in (batches, batches2) for rs in b.values() for r in rs]

    return asyncio.run(main())


def sse_frames(api, who="bridge", last_event_id=None, want=1, timeout=8.0):
    """Read frames from /api/alerts/stream until `want` non-comment frames arrived; returns (frames, comments)."""
    headers = dict(AUTH.get(who, {}))
    if last_event_id is not None:
        headers["Last-Event-ID"] = str(last_event_id)
    frames, comments, block = [], [], []
    with httpx.stream("GET", api.url + "/api/alerts/stream", headers=headers, timeout=timeout) as resp:
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/event-stream")
        for line in resp.iter_lines():
            if line.startswith(":"):
                comments.append(line)
            elif line:
                block.append(line)
            elif block:
                frame = dict(part.split(": ", 1) for part in block if ": " in part)
                block = []
                if "data" in frame:
                    frames.append(frame)
                    if len(frames) >= want:
                        break
    return frames, comments


# --- readiness, health, metrics, openapi ------------------------------------------------------


def test_ready_means_every_alert_already_on_kafka_is_in_the_view(api) -> None:
    assert httpx.get(api.url + "/healthz").json() == {"status": "ok", "detail": {}}
    ready = httpx.get(api.url + "/readyz")
    assert ready.status_code == 200 and ready.json()["detail"]["kafka"] == "ready"
    assert get(api, "/api/alerts").json()["count"] == len(NIGHT_ALERTS) == 8


def test_readyz_is_503_until_kafka_is_reachable() -> None:
    dead = Settings(kafka=KafkaConfig(bootstrap="127.0.0.1:9"), topics=TopicsConfig(prefix="nowhere."))
    with EmbeddedApi(dead, TOKENS) as server:
        r = httpx.get(server.url + "/readyz")
        assert r.status_code == 503 and r.json()["status"] == "starting"
        assert httpx.get(server.url + "/healthz").status_code == 200


def test_metrics_exposes_api_counters(api) -> None:
    get(api, "/api/alerts")
    text = httpx.get(api.url + "/metrics").text
    assert 'ioc_api_requests_total{method="GET",route="/api/alerts",status="200"}' in text
    held = next(line for line in text.splitlines() if line.startswith("ioc_api_alerts_held "))
    assert float(held.split()[1]) >= 7
    assert "# TYPE ioc_lead_time_seconds histogram" in text  # the shared registry, not only API metrics


def test_openapi_checked_in_matches_the_app(api) -> None:
    assert OPENAPI_PATH.read_text() == render_openapi(), "docs/openapi.json drifted: run `ioc-stream openapi`"
    served = httpx.get(api.url + "/openapi.json").json()
    assert set(served["paths"]) == set(json.loads(OPENAPI_PATH.read_text())["paths"])
    assert "HTTPBearer" in served["components"]["securitySchemes"]


# --- list, filters, detail --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["a-2390-div", "a-clt-surge", "a-930-cnx", "a-1019-tarmac", "a-402-med", "a-1377-gr", "a-88-bag"]),
        ("?status=OPEN&status=ESCALATED", ["a-2390-div", "a-clt-surge", "a-930-cnx", "a-1019-tarmac"]),
        ("?status=CONFIRMED", ["a-402-med", "a-1377-gr"]),
        ("?station=mia", ["a-930-cnx"]),
        ("?flight=AA1019", ["a-1019-tarmac"]),
        ("?category=MEDICAL", ["a-402-med"]),
        ("?limit=2", ["a-2390-div", "a-clt-surge"]),
    ],
)
def test_list_filters_newest_first(api, query, expected) -> None:
    body = get(api, "/api/alerts" + query).json()
    assert [a["alert_id"] for a in body["alerts"] if a["alert_id"] in set(expected) | {"a-2390-div"}][
        : len(expected)
    ] == expected
    assert body["count"] == len(body["alerts"]) and isinstance(body["seq"], int)


def test_since_filter_and_bad_parameters(api) -> None:
    since = (NOW - timedelta(minutes=8)).isoformat()
    ids = {a["alert_id"] for a in get(api, "/api/alerts", params={"since": since}).json()["alerts"]}
    assert {"a-2390-div", "a-clt-surge"} <= ids and "a-402-med" not in ids
    assert get(api, "/api/alerts?station=TOOLONG").status_code == 422
    assert get(api, "/api/alerts?status=NOPE").status_code == 422
    assert get(api, "/api/alerts?limit=0").status_code == 422


def test_detail_has_evidence_timeline_and_lead_time(api) -> None:
    d = get(api, "/api/alerts/a-1377-gr").json()
    assert d["alert"]["flight"] == "AA1377" and len(d["alert"]["evidence"]) == 2
    assert d["lead_time_s"] == 31 * 60
    assert [t["kind"] for t in d["timeline"]][:3] == ["post", "post", "detected"]
    assert {"ops_occurred", "ops_reported"} <= {t["kind"] for t in d["timeline"]}
    missing = get(api, "/api/alerts/no-such-alert")
    assert missing.status_code == 404 and "no-such-alert" in missing.json()["detail"]


def test_pulse_counts_the_posts_of_the_window(api) -> None:
    p = get(api, "/api/pulse").json()
    start = datetime.fromtimestamp(window_start(int(datetime.now(UTC).timestamp())), UTC)
    expected = [m for m in [*sample_mentions(NOW, 300), *sample_history(NOW)] if m.created_at >= start]
    assert p["mentions"] == len(expected) and len(p["per_hour"]) == 24
    assert p["geotagged"] == sum(m.geo is not None for m in expected)
    assert p["alerts_by_status"]["CONFIRMED"] == 2 and p["lead_time_p90_s"] == 31 * 60


def test_alerts_by_unit_and_kind_and_the_units(api) -> None:
    def ids(query: str) -> set[str]:
        return {a["alert_id"] for a in get(api, "/api/alerts" + query).json()["alerts"]}

    risk = sample_connection_risk(NOW).alert_id
    assert ids("?unit=Widebody") == {"a-930-cnx", "a-1377-gr", "a-88-bag"}
    assert ids("?unit=DFW%20narrowbody") == {"a-2390-div", "a-clt-surge", "a-402-med"}  # the CLT surge: a hub of it
    assert ids("?unit=ORD%20narrowbody&kind=CONNECTION_RISK") == {risk}
    assert ids("?unit=ord%20NARROWBODY&status=ESCALATED") == {"a-1019-tarmac"}
    assert ids("?unit=Nobody") == set() and get(api, "/api/alerts?kind=NOPE").status_code == 422
    units = get(api, "/api/units").json()
    assert [u["name"] for u in units] == ["DFW narrowbody", "ORD narrowbody", "Widebody"]
    assert units[0]["hubs"] == ["DFW", "CLT", "PHX"]


def test_scorecard_of_this_week_is_the_one_report_weekly_computes(api) -> None:
    week = week_of(NOW)
    served = get(api, f"/api/scorecard?week={week}").json()
    expected = json.loads(scorecard(week, NIGHT_POSTS, NIGHT_ALERTS).model_dump_json())
    assert served == expected
    assert get(api, "/api/scorecard").json()["week"] in {week, week_of(datetime.now(UTC))}  # this week by default
    assert served["alerts"]["by_kind"]["CONNECTION_RISK"] == 1
    top2 = json.loads(scorecard(week, NIGHT_POSTS, NIGHT_ALERTS, top=2).model_dump_json())
    assert get(api, f"/api/scorecard?week={week}&top=2").json() == top2
    old = get(api, f"/api/scorecard?week={week_of(NOW - timedelta(days=30))}")
    assert old.status_code == 404 and "is not held: the API keeps 21 days" in old.json()["detail"]
    assert get(api, "/api/scorecard?week=2026-W99").status_code == 422
    assert get(api, "/api/scorecard?week=47").status_code == 422
    assert get(api, "/api/scorecard", who="nobody").status_code == 401


def test_an_authors_history_and_loyalty_id_are_masked_for_every_role_but_the_liaison(api) -> None:
    mine = get(api, "/api/authors/jgarcia_88", who="liaison").json()
    assert mine["customer"] == {"loyalty_id": "AA84127731", "masked": False, "tier": "Executive Platinum"}
    assert [p["post_id"] for p in mine["posts"]] == ["hist-1", "hist-2", "hist-3"]  # newest first
    assert mine["posts"][0]["channel"] == "direct" and mine["posts"][1]["flights"] == ["AA1604"]
    assert mine["posts"][0]["excerpt"] == "Hola, mi número de socio es ****7731. ¿Hay novedades del vuelo 2390?"
    assert [a["alert_id"] for a in mine["alerts"]] == ["a-2390-div"]
    for who in ("bridge", "admin"):
        theirs = get(api, "/api/authors/@JGarcia_88", who=who).json()  # a handle is a handle, any case, with its @
        assert theirs["customer"] == {"loyalty_id": "****7731", "masked": True, "tier": "Executive Platinum"}
        assert "AA84127731" not in json.dumps(theirs)
    detail = {who: get(api, "/api/alerts/a-2390-div", who=who).json() for who in ("liaison", "bridge")}
    assert detail["liaison"]["customers"]["jgarcia_88"]["loyalty_id"] == "AA84127731"
    assert detail["bridge"]["customers"] == {
        "jgarcia_88": {"loyalty_id": "****7731", "masked": True, "tier": "Executive Platinum"}
    }
    assert "AA84127731" not in json.dumps(detail["bridge"])
    assert [e["loyalty_id_masked"] for e in detail["liaison"]["alert"]["evidence"]] == [None, None, "****7731"]
    kelsey = get(api, "/api/authors/kelsey_travels", who="liaison").json()
    assert kelsey["customer"] is None and [p["post_id"] for p in kelsey["posts"]] == ["hist-4"]
    stranger = get(api, "/api/authors/nobody_here").json()
    assert stranger == {"handle": "nobody_here", "customer": None, "posts": [], "alerts": []}


# --- auth matrix --------------------------------------------------------------------------------

READ, WRITE = ("GET", "/api/alerts"), ("POST", "/api/alerts/a-88-bag/notes")


@pytest.mark.parametrize(
    ("who", "call", "status"),
    [
        ("nobody", READ, 401),
        ("nobody", WRITE, 401),
        ("forged", READ, 401),
        ("forged", WRITE, 401),
        ("bridge", READ, 200),
        ("bridge", WRITE, 403),
        ("liaison", READ, 200),
        ("liaison", WRITE, 200),
        ("admin", READ, 200),
        ("admin", WRITE, 200),
    ],
)
def test_auth_matrix(api, who, call, status) -> None:
    headers = {"Authorization": "Bearer forged-token-123"} if who == "forged" else AUTH.get(who, {})
    method, path = call
    r = httpx.request(
        method, api.url + path, headers=headers, json={"text": f"matrix check by {who}"} if method == "POST" else None
    )
    assert r.status_code == status, r.text
    if status == 401:
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert ("invalid_token" in r.headers["www-authenticate"]) == (who == "forged")
        assert r.json()["detail"] in (
            "missing bearer token: send 'Authorization: Bearer <token>'",
            "invalid bearer token",
        )
    if status == 403:
        assert "may read but not act" in r.json()["detail"]


def test_sse_stream_needs_a_token_too(api) -> None:
    r = httpx.get(api.url + "/api/alerts/stream")
    assert r.status_code == 401


def test_anonymous_read_for_wall_screens_still_refuses_writes() -> None:
    app = create_app(Settings(api=ApiConfig(anonymous_read=True)), TOKENS, kafka=False)
    with TestClient(app) as client:
        assert client.get("/api/alerts").status_code == 200
        assert client.get("/api/me").json() == {"user": "anonymous", "role": "bridge", "can_act": False}
        assert client.post("/api/alerts/x/ack").status_code == 401
        assert client.get("/api/alerts", headers={"Authorization": "Bearer wrong-token-9"}).status_code == 401


# --- actions --------------------------------------------------------------------------------------


def test_ack_is_written_to_kafka_applied_at_once_and_idempotent(api, settings) -> None:
    r = post(api, "/api/alerts/a-930-cnx/ack")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["alert"]["acked_by"] == "maria" and body["duplicate"] is False
    assert get(api, "/api/alerts/a-930-cnx").json()["alert"]["acked_by"] == "maria"
    again = post(api, "/api/alerts/a-930-cnx/ack").json()
    assert again["duplicate"] is True and again["action"]["action_id"] == body["action"]["action_id"]
    other = post(api, "/api/alerts/a-930-cnx/ack", who="joao").json()
    assert other["alert"]["acked_by"] == "maria"  # the first ack wins
    written = [a for a in read_actions(settings) if a.alert_id == "a-930-cnx"]
    assert [(a.action, a.by) for a in written] == [("ack", "maria"), ("ack", "joao")]
    assert written[0].action_id == body["action"]["action_id"]


def test_notes_and_resolve_with_client_action_ids(api, settings) -> None:
    n1 = post(api, "/api/alerts/a-2390-div/notes", json={"text": "Station control notified", "action_id": "n-1"})
    n1b = post(api, "/api/alerts/a-2390-div/notes", json={"text": "Station control notified", "action_id": "n-1"})
    n2 = post(
        api,
        "/api/alerts/a-2390-div/notes",
        json={"text": "Customer relations has the DM", "action_id": "n-2"},
        who="admin",
    )
    assert n1.status_code == n2.status_code == 200 and n1b.json()["duplicate"] is True
    notes = get(api, "/api/alerts/a-2390-div").json()["alert"]["notes"]
    assert [(n["by"], n["text"]) for n in notes] == [
        ("maria", "Station control notified"),
        ("ana", "Customer relations has the DM"),
    ]
    res = post(api, "/api/alerts/a-clt-surge/resolve").json()["alert"]
    assert res["resolved_by"] == "maria" and res["acked_by"] == "maria"
    assert post(api, "/api/alerts/a-2390-div/notes", json={"text": ""}).status_code == 422
    assert post(api, "/api/alerts/nope/ack").status_code == 404
    assert {"n-1", "n-2"} <= {a.action_id for a in read_actions(settings)}


def test_worker_version_supersedes_the_local_view(api, settings, broker) -> None:
    post(api, "/api/alerts/a-1019-tarmac/notes", json={"text": "Asked ORD for water service", "action_id": "n-ord"})
    base = next(a for a in sample_alerts(NOW) if a.alert_id == "a-1019-tarmac")
    confirmed = base.model_copy(
        update={"version": base.version + 1, "status": AlertStatus.CONFIRMED, "lead_time_s": 1500.0}
    )
    send(broker.bootstrap, topic(settings, "alerts"), [(base.alert_id, confirmed.model_dump_json().encode())])
    view = wait_for(lambda: (a := get(api, "/api/alerts/a-1019-tarmac").json()["alert"])["status"] == "CONFIRMED" and a)
    assert view["version"] == confirmed.version
    assert [n["text"] for n in view["notes"]] == ["Asked ORD for water service"]  # not folded by the worker yet: kept


def test_writes_are_rate_limited_per_token(api) -> None:
    codes = [
        post(api, "/api/alerts/a-88-bag/notes", who="rate", json={"text": f"note {i}"}).status_code for i in range(21)
    ]
    assert codes == [200] * 20 + [429]
    r = post(api, "/api/alerts/a-88-bag/notes", who="rate", json={"text": "one more"})
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert post(api, "/api/alerts/a-88-bag/notes", who="admin", json={"text": "admin unaffected"}).status_code == 200


# --- SSE ------------------------------------------------------------------------------------------


def test_sse_delivers_new_alerts_and_resumes_with_last_event_id(api, settings, broker) -> None:
    seq = get(api, "/api/alerts").json()["seq"]
    fresh = sample_alerts(datetime.now(UTC))[0].model_copy(update={"alert_id": "a-live-1"})
    send(broker.bootstrap, topic(settings, "alerts"), [(fresh.alert_id, fresh.model_dump_json().encode())])
    frames, _ = sse_frames(api, last_event_id=seq)
    assert frames[0]["event"] == "alert" and int(frames[0]["id"]) > seq
    assert json.loads(frames[0]["data"])["alert_id"] == "a-live-1"
    # a client that saw nothing after `seq` gets the same frame again on resume; ids keep growing
    again, _ = sse_frames(api, last_event_id=seq)
    assert again[0]["id"] == frames[0]["id"]
    post(api, "/api/alerts/a-live-1/ack", who="admin")
    after, _ = sse_frames(api, last_event_id=frames[0]["id"])
    assert int(after[0]["id"]) > int(frames[0]["id"]) and json.loads(after[0]["data"])["acked_by"] == "ana"


def test_sse_resets_on_an_unknown_id_and_sends_heartbeats(api) -> None:
    frames, _ = sse_frames(api, last_event_id=1)
    assert frames[0]["event"] == "reset"
    with httpx.stream("GET", api.url + "/api/alerts/stream", headers=AUTH["bridge"], timeout=5) as resp:
        lines = []
        for line in resp.iter_lines():
            lines.append(line)
            if line.startswith(": heartbeat"):
                break
    assert lines[0] == "retry: 3000" and lines[-1] == ": heartbeat"


def test_a_bad_record_on_the_alerts_topic_is_skipped(api, settings, broker) -> None:
    good = sample_alerts(datetime.now(UTC))[2].model_copy(update={"alert_id": "a-after-junk"})
    send(
        broker.bootstrap,
        topic(settings, "alerts"),
        [("junk", b"{not json"), ("junk2", b'{"alert_id": "x"}'), (good.alert_id, good.model_dump_json().encode())],
    )
    wait_for(lambda: get(api, "/api/alerts/a-after-junk").status_code == 200)
    assert 'ioc_api_bad_records_total{topic="alerts"}' in httpx.get(api.url + "/metrics").text


# --- CORS and headers -------------------------------------------------------------------------------


def test_cors_only_for_configured_origins(api) -> None:
    pre = {"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"}
    ok = httpx.options(api.url + "/api/alerts", headers={"Origin": ORIGIN, **pre})
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == ORIGIN
    bad = httpx.options(api.url + "/api/alerts", headers={"Origin": "https://evil.example", **pre})
    assert "access-control-allow-origin" not in bad.headers
    off = create_app(Settings(), TOKENS, kafka=False)
    with TestClient(off) as client:
        r = client.get("/api/alerts", headers={"Origin": ORIGIN, **AUTH["bridge"]})
        assert r.status_code == 200 and "access-control-allow-origin" not in r.headers


def test_pages_are_served_with_a_strict_csp_and_no_inline_script(api) -> None:
    for page in ("console", "wall", "pulse"):
        r = httpx.get(f"{api.url}/{page}")
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
        assert "<script>" not in r.text and 'type="module" src="/static/' in r.text
        assert "http://" not in r.text and "https://" not in r.text  # nothing fetched from elsewhere
    assert httpx.get(api.url + "/static/common.js").headers["content-type"].startswith("text/javascript")
    assert httpx.get(api.url + "/", follow_redirects=False).headers["location"] == "/console"
