"""`ioc-stream ingest FORMAT [FILE]`: records on stdout in input order, problems on stderr, Kafka with --topic."""

from __future__ import annotations

import json
import os
import subprocess

import orjson
import pytest
from ingest_helpers import FIXTURES
from stream_helpers import Namespace
from typer.testing import CliRunner

from ioc_stream.cli import app
from ioc_stream.cli.processes import cli_command
from ioc_stream.models import OpsEvent, SocialMention

CASES = [  # format, fixture, records out, problems reported, what a problem is placed by
    ("x-v2", "x_bad.jsonl", 2, 7, "line"),
    ("mvt", "mvt_bad.txt", 2, 5, "message"),
    ("faa-nas", "faa_hostile.xml", 1, 5, "message"),
    ("aidx", "aidx_bad.xml", 1, 6, "message"),
]


@pytest.mark.parametrize("fmt, fixture, records, problems, place", CASES)
def test_bad_input_is_reported_on_stderr_and_the_run_goes_on(fmt, fixture, records, problems, place) -> None:
    result = CliRunner().invoke(app, ["ingest", fmt, str(FIXTURES / fixture), "--near", "2015-02-24T20:00:00Z"])
    assert result.exit_code == 0, result.output
    model = SocialMention if fmt == "x-v2" else OpsEvent
    out = [model.model_validate_json(line) for line in result.stdout.splitlines()]
    assert len(out) == records
    errors = [json.loads(line) for line in result.stderr.splitlines()]
    assert len(errors) == problems and all(e["error"] and isinstance(e[place], int) for e in errors)


def test_stdin_in_input_order_out() -> None:
    data = (FIXTURES / "mvt_day.txt").read_bytes()
    result = CliRunner().invoke(app, ["ingest", "mvt", "--near", "2015-02-24T20:00:00Z"], input=data)
    assert result.exit_code == 0 and result.stderr == ""
    types = [orjson.loads(line)["type"] for line in result.stdout.splitlines()]
    assert types == ["DEPARTED", "DELAY", "ARRIVED", "DIVERSION", "GATE_RETURN", "DEPARTED", "GATE_RETURN"]


def test_the_mvt_reference_time_decides_the_month() -> None:
    data = (FIXTURES / "mvt_day.txt").read_bytes()
    result = CliRunner().invoke(app, ["ingest", "mvt", "-", "--near", "2015-04-02T00:00:00Z"], input=data)
    assert orjson.loads(result.stdout.splitlines()[0])["service_date"] == "2015-03-24"


@pytest.mark.parametrize(
    "args, message",
    [
        (["ingest", "mvt", "/nonexistent/feed.txt"], "cannot read"),
        (["ingest", "mvt", "--url", "http://127.0.0.1:9/"], "goes with faa-nas"),
        (["ingest", "faa-nas", "--stream-url", "http://127.0.0.1:9/"], "goes with x-v2"),
        (["ingest", "faa-nas", "some.xml", "--url", "http://127.0.0.1:9/"], "not both"),
        (["ingest", "mvt", "--near", "tuesday"], "--near"),
    ],
)
def test_unreadable_input_and_bad_options_exit_nonzero(args, message) -> None:
    result = CliRunner().invoke(app, args, input=b"")
    assert result.exit_code == 2 and message in result.stderr


def test_the_bearer_token_must_be_set(monkeypatch) -> None:
    monkeypatch.delenv("X_BEARER_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["ingest", "x-v2", "--stream-url", "http://127.0.0.1:9/", "--metrics-port", "0"])
    assert result.exit_code == 2 and "X_BEARER_TOKEN" in result.stderr


@pytest.mark.kafka
def test_topic_sends_the_records_to_kafka(broker, tmp_path) -> None:
    ns = Namespace(broker.bootstrap, tmp_path)
    ns.create_topics()
    args = cli_command(
        "ingest", "aidx", str(FIXTURES / "aidx_legs.xml"), "--topic", "ops", "--broker", broker.bootstrap
    )
    result = subprocess.run(args, env={**os.environ, **ns.env()}, capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"" and b"sent 6 ops records" in result.stderr
    got = [OpsEvent.model_validate_json(v) for _, v in ns.read("ops", want=6, idle_s=0.5)]
    assert sorted(e.event_id for e in got) == sorted(
        [
            "aidx-AA2390-20150224-DFW-DL-departure",
            "aidx-AA2390-20150224-DFW-DL-arrival",
            "aidx-AA88-20150224-MIA-DX",
            "aidx-AA1019-20150224-LAX-DEPARTED",
            "aidx-AA1019-20150224-LAX-DL-arrival",
            "aidx-AA1019-20150224-LAX-ARRIVED",
        ]
    )
