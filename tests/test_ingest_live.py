"""The live connectors against a local HTTP server and the embedded broker: FAA polling and the X filtered stream
(records to the input topic, dead letters, reconnects, metrics, SIGTERM), and the demo's MVT ops feed."""

from __future__ import annotations

import asyncio
import base64
import os
import signal
import subprocess
import time
import urllib.request

import orjson
import pytest
from feed_server import FeedServer
from ingest_helpers import FIXTURES, read_fixture
from stream_helpers import Namespace

from ioc_stream.cli.processes import cli_command
from ioc_stream.kafka.broker import free_port
from ioc_stream.models import OpsEvent, SocialMention

pytestmark = pytest.mark.kafka


def start(args: list[str], env: dict[str, str], log) -> subprocess.Popen:
    return subprocess.Popen(
        cli_command(*args), env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def metrics(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        return r.read().decode()


def wait_for(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def stop(proc: subprocess.Popen, log_path) -> int:
    """SIGTERM and the exit code (the connector must stop by itself, promptly)."""
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise AssertionError(f"connector ignored SIGTERM; log: {log_path.read_text()[-2000:]}") from None


def test_faa_poller_produces_program_events_once_and_dead_letters_bad_polls(broker, tmp_path) -> None:
    docs = (FIXTURES / "faa_polls.xml").read_bytes().split(b"<?xml")[1:]
    hostile = (FIXTURES / "faa_hostile.xml").read_bytes().split(b"<?xml")[1]
    sequence = [
        (503, [b"busy"]),
        (200, [b"<?xml" + docs[0]]),
        (200, [b"<?xml" + docs[0]]),
        (200, [b"<?xml" + hostile]),
        (200, [b"<?xml" + docs[1]]),
        (200, [b"<?xml" + docs[2]]),
    ]

    def reply(path, headers, n):
        status, body = sequence[min(n, len(sequence)) - 1]
        return status, body, False

    ns = Namespace(broker.bootstrap, tmp_path)
    ns.create_topics()
    port, log_path = free_port(), tmp_path / "faa.log"
    with FeedServer(reply) as server, open(log_path, "ab") as log:
        proc = start(
            [
                "ingest",
                "faa-nas",
                "--url",
                server.url + "/api/airport-status-information",
                "--every",
                "0.2",
                "--backoff-initial",
                "0.1",
                "--metrics-port",
                str(port),
            ],
            ns.env(),
            log,
        )
        try:
            got = ns.read("ops", want=9, idle_s=1.0, timeout=60)
            text = wait_for(
                lambda: next(
                    (t for t in [metrics(port)] if 'ioc_ingest_rejected_total{format="faa-nas"} 1.0' in t), None
                )
            )
        finally:
            code = stop(proc, log_path)
    assert code == 0, log_path.read_text()[-2000:]
    events = [OpsEvent.model_validate_json(v) for _, v in got]
    ids = [e.event_id for e in events]
    assert len(ids) == len(set(ids)) == 9  # the repeated poll added nothing
    offline = read_fixture("faa-nas", "faa_polls.xml").records  # the same polls read from a file give the same events
    assert sorted(e.model_dump_json() for e in events) == sorted(e.model_dump_json() for e in offline)
    dead = [orjson.loads(v) for _, v in ns.read("deadletter", want=1, idle_s=0.5)]
    assert len(dead) == 1 and dead[0]["reason"] == "decode" and "entity declarations" in dead[0]["error"]
    assert base64.b64decode(dead[0]["original_b64"]).startswith(b"<?xml") and dead[0]["topic"].startswith(
        "ingest:faa-nas:"
    )
    assert 'ioc_ingest_records_total{format="faa-nas"} 9.0' in text
    assert 'ioc_ingest_connections_total{format="faa-nas",outcome="http_503"} 1.0' in text
    assert all(path == "/api/airport-status-information" for path, _ in server.requests)


def test_x_stream_reconnects_with_backoff_and_dead_letters_bad_lines(broker, tmp_path) -> None:
    lines = (FIXTURES / "x_stream.jsonl").read_bytes().splitlines(keepends=True)
    parts = [lines[:4], [b"{not json\n", *lines[4:6]], lines[6:]]  # the 2nd ends with an operational-disconnect object

    def reply(path, headers, n):
        if headers.get("authorization") != "Bearer s3cret-token":
            return 401, [b'{"title":"Unauthorized"}'], False
        if n == 1:
            return 200, parts[0], False  # then the connection drops: reconnect
        if n == 2:
            return 429, [b'{"title":"Too Many Requests"}'], False
        if n == 3:
            return 200, parts[1], True  # held open, but the disconnect object makes the client reconnect
        return 200, parts[2], True  # held open with keep-alives until the test ends

    ns = Namespace(broker.bootstrap, tmp_path)
    ns.create_topics()
    port, log_path = free_port(), tmp_path / "x.log"
    env = {**ns.env(), "X_BEARER_TOKEN": "s3cret-token"}
    with FeedServer(reply) as server, open(log_path, "ab") as log:
        proc = start(
            [
                "ingest",
                "x-v2",
                "--stream-url",
                server.url + "/2/tweets/search/stream",
                "--backoff-initial",
                "0.1",
                "--backoff-max",
                "1",
                "--metrics-port",
                str(port),
            ],
            env,
            log,
        )
        try:
            got = ns.read("mentions", want=7, idle_s=1.5, timeout=60)
            dead = ns.read("deadletter", want=1, idle_s=0.5)
            text = metrics(port)
        finally:
            code = stop(proc, log_path)
    assert code == 0, log_path.read_text()[-2000:]
    mentions = [SocialMention.model_validate_json(v) for _, v in got]
    # live, the edit of 4 goes out again under its chain's id; 6 went out before its deletion arrived (no retraction)
    assert sorted(m.id[-1] for m in mentions) == [
        "1",
        "2",
        "3",
        "4",
        "4",
        "6",
        "7",
    ]  # unkeyed: partitions mix the order
    assert {m.text for m in mentions if m.id.endswith("4")} == {
        "flight 2390 delayed agian",
        "flight 2390 delayed again, 3 hours now",
    }
    letters = [orjson.loads(v) for _, v in dead]
    assert len(letters) == 1, [(base64.b64decode(x["original_b64"])[:80], x["error"]) for x in letters]
    letter = letters[0]
    assert base64.b64decode(letter["original_b64"]) == b"{not json" and letter["topic"].startswith("ingest:x-v2:")
    assert (
        len(server.requests) >= 4
    )  # first, the dropped one's reconnect (429), the good one, the disconnect's reconnect
    assert all(h.get("authorization") == "Bearer s3cret-token" for _, h in server.requests)
    assert 'ioc_ingest_connections_total{format="x-v2",outcome="http_429"} 1.0' in text
    assert 'ioc_ingest_rejected_total{format="x-v2"} 1.0' in text
    assert 'ioc_ingest_connections_total{format="x-v2",outcome="feed_error"} 1.0' in text  # logged, not dead-lettered


def test_demo_feed_sends_the_ops_feed_through_mvt_telexes(broker, tmp_path) -> None:
    from ioc_stream.cli.demo import feed

    ns = Namespace(broker.bootstrap, tmp_path)
    ns.create_topics()

    async def run() -> int:
        halt = asyncio.Event()
        asyncio.get_running_loop().call_later(3.0, halt.set)
        return await feed(ns.settings, 7, 1e7, halt, "mvt")

    sent = asyncio.run(run())
    ops = [OpsEvent.model_validate_json(v) for _, v in ns.read("ops", want=50, idle_s=1.0)]
    assert sent > len(ops) > 50
    by_telex = [e for e in ops if e.event_id.startswith("mvt-")]
    assert {e.type for e in by_telex} >= {"DEPARTED", "ARRIVED"}
    assert all(e.details["source"] == "mvt" for e in by_telex)
    assert any(not e.event_id.startswith("mvt-") for e in ops)  # what MVT cannot carry still arrives as JSON
