"""`ioc-stream replay` and the reusable replay loop: order, bad lines, summary, ticks."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime

import orjson
from correlate_factory import at, mention, ops
from typer.testing import CliRunner

from ioc_stream.cli import app
from ioc_stream.config import CorrelationConfig
from ioc_stream.models import Alert
from ioc_stream.pipeline.replay import percentiles, replay, replay_records
from ioc_stream.simulate import generate

START = datetime(2015, 2, 24, 6, tzinfo=UTC)


def test_replay_orders_by_event_time_whatever_the_input_order() -> None:
    events = [mention("p1", "alice", 0), mention("p2", "bob", 5), ops("o1", 30)]
    in_order = replay([e for e in events if not hasattr(e, "event_id")], [events[2]])
    shuffled = replay([events[1], events[0]], [events[2]])
    assert [(a.alert_id, a.version, a.status, a.lead_time_s) for a in in_order.alerts] == [
        ("AA2390:DIVERSION:20150224T1935Z", 1, "OPEN", None),
        ("AA2390:DIVERSION:20150224T1935Z", 2, "CONFIRMED", 1800.0),
    ]
    assert [a.model_dump() for a in shuffled.alerts] == [a.model_dump() for a in in_order.alerts]


def test_replay_ticks_expire_alerts_as_event_time_passes() -> None:
    later = mention("p9", "zed", 7 * 60, flight="AA1")  # another flight, 7 h later, moves the watermark
    result = replay([mention("p1", "alice", 0), mention("p2", "bob", 5), later], [])
    assert [(a.status, a.updated_at) for a in result.alerts] == [("OPEN", at(5)), ("EXPIRED", at(6 * 60))]
    assert result.summary()["alerts"]["by_status"] == {"EXPIRED": 1}


def test_percentiles_nearest_rank() -> None:
    assert percentiles(range(1, 101)) == {"p50": 50, "p90": 90, "p99": 99}
    assert percentiles([7.0]) == {"p50": 7.0, "p90": 7.0, "p99": 7.0}
    assert percentiles([]) == {"p50": None, "p90": None, "p99": None}


def _write(path, rows, bad=()):
    lines = [orjson.dumps(r) for r in rows]
    for i, b in bad:
        lines.insert(i, b)
    path.write_bytes(b"\n".join(lines) + b"\n")


def test_cli_replay_reports_bad_lines_and_writes_alerts_and_summary(tmp_path) -> None:
    s = generate(5, START, 12, 120)
    rows_m = s.mentions[:]
    random.Random(0).shuffle(rows_m)  # input need not be sorted
    _write(tmp_path / "m.jsonl", rows_m, bad=[(3, b"{not json"), (10, b'{"id": "x"}')])
    _write(tmp_path / "o.jsonl", s.ops, bad=[(0, b'{"event_id": "e", "type": "NOPE"}')])
    summary = tmp_path / "summary.json"
    result = CliRunner().invoke(
        app,
        [
            "replay",
            "--mentions",
            str(tmp_path / "m.jsonl"),
            "--ops",
            str(tmp_path / "o.jsonl"),
            "--summary",
            str(summary),
        ],
    )
    assert result.exit_code == 0, result.output
    errors = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(e["file"].rsplit("/", 1)[-1], e["line"]) for e in errors] == [
        ("m.jsonl", 4),
        ("m.jsonl", 11),
        ("o.jsonl", 1),
    ]
    assert all(e["error"] for e in errors)
    alerts = [Alert.model_validate_json(line) for line in result.stdout.splitlines()]
    got = json.loads(summary.read_text())
    assert got["mentions"] == len(s.mentions) and got["ops_events"] == len(s.ops)
    assert got["malformed"] == {"mentions": 2, "ops": 1}
    assert got["alerts"]["total"] == len({a.alert_id for a in alerts})
    assert set(got) >= {"lead_time_s", "ops_first", "too_late", "alerts"}
    # same files, sorted: the same alert stream (replay orders by event time itself)
    expected = replay_records(s.mentions, s.ops, CorrelationConfig())
    assert [a.model_dump(mode="json") for a in alerts] == [a.model_dump(mode="json") for a in expected.alerts]


def test_simulated_day_replays_into_confirmed_alerts_with_true_lead_times() -> None:
    """End to end with the real enrichment: most passenger-first incidents are caught, leads are right."""
    s = generate(11, START, 24, 200)
    result = replay_records(s.mentions, s.ops)
    final = result.final().values()
    truth = {(t["flight"], t["category"]): t for t in s.truth if t["kind"] == "social_first"}
    hits = [a for a in final if (a.flight, str(a.category)) in truth and a.status == "CONFIRMED"]
    assert len(hits) >= len(truth) // 2, (len(hits), len(truth))
    exact = 0
    for a in hits:
        t = truth[(a.flight, str(a.category))]
        # the alert's first report is the incident's first post, or a later one when enrichment missed the first
        assert a.first_reported_at.strftime("%Y-%m-%dT%H:%M:%SZ") >= t["first_post_at"]
        assert 0 < a.lead_time_s <= t["lead_time_s"]
        exact += a.lead_time_s == t["lead_time_s"]
    assert exact >= len(hits) * 0.7
    ops_first = {(t["flight"], t["category"]) for t in s.truth if t["kind"] == "ops_first"}
    assert not [a for a in final if (a.flight, str(a.category)) in ops_first and a.status != "RETRACTED"]
    assert result.counters["ops_first"] > 0
