"""A simulated day replayed with its ops feed as MVT telexes (through `ioc-stream ingest mvt`) alerts exactly as
with JSON."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest
from typer.testing import CliRunner

from ioc_stream.cli import app
from ioc_stream.pipeline.replay import replay_records
from ioc_stream.simulate import generate
from ioc_stream.simulate.mvt import render

START = datetime(2015, 2, 24, 6, tzinfo=UTC)


def _to_minute(record: dict) -> dict:
    """A telex stamps minutes: the JSON day is compared at the precision the telex network carries."""
    return {**record, **{k: record[k][:16] + ":00Z" for k in ("occurred_at", "reported_at")}}


def _signature(result) -> list[tuple]:
    return sorted((a.alert_id, a.version, str(a.status), a.lead_time_s) for a in result.alerts)


@pytest.mark.parametrize("seed", [1, 7])
def test_mvt_ops_feed_gives_the_same_alerts_as_the_json_ops_feed(tmp_path, seed: int) -> None:
    day = generate(seed, START, 24, 200)
    ops = [_to_minute(o) for o in day.ops]
    telexes = [t for t in (render(o) for o in ops) if t is not None]
    others = [o for o in ops if render(o) is None]  # what MVT cannot carry stays on its own feed
    feed = tmp_path / "ops.mvt"
    feed.write_text("\n\n".join(telexes) + "\n")

    result = CliRunner().invoke(app, ["ingest", "mvt", str(feed), "--near", "2015-02-24T06:00:00Z"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # every telex the writer made reads back
    from_mvt = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert len(from_mvt) == len(telexes)
    assert {o["type"] for o in from_mvt} == {"DEPARTED", "ARRIVED", "DELAY", "DIVERSION", "GATE_RETURN"}

    with_json = replay_records(day.mentions, ops)
    with_mvt = replay_records(day.mentions, from_mvt + others)
    assert with_mvt.malformed == {"mentions": 0, "ops": 0}
    assert _signature(with_mvt) == _signature(with_json)
    confirmed_by_telex = [a for a in with_mvt.final().values() if a.ops_event_id and a.ops_event_id.startswith("mvt-")]
    assert confirmed_by_telex, "some alerts must be confirmed by events that came as telexes"
    assert len(with_json.final()) >= 10
