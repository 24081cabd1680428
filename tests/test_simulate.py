"""The scenario generator: reproducible, valid records, realistic mix, ground truth consistent with the feeds."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, datetime

import orjson
from typer.testing import CliRunner

from ioc_stream.cli import app
from ioc_stream.models import OpsEvent, SocialMention
from ioc_stream.simulate import generate, stream

START = datetime(2015, 2, 24, 6, tzinfo=UTC)


def test_same_seed_same_scenario_other_seed_other_scenario() -> None:
    a, b, c = generate(3, START, 6, 60), generate(3, START, 6, 60), generate(4, START, 6, 60)
    assert (a.mentions, a.ops, a.truth) == (b.mentions, b.ops, b.truth)
    assert a.mentions != c.mentions


def test_records_are_valid_feed_records_in_event_time_order() -> None:
    s = generate(1, START, 24, 400)
    mentions = [SocialMention.model_validate(r) for r in s.mentions]
    ops = [OpsEvent.model_validate(r) for r in s.ops]
    assert [m.created_at for m in mentions] == sorted(m.created_at for m in mentions)
    assert [o.reported_at for o in ops] == sorted(o.reported_at for o in ops)
    assert len({m.id for m in mentions}) == len(mentions)
    assert all(o.reported_at >= o.occurred_at for o in ops)
    types = Counter(o.type for o in ops)
    assert {"DEPARTED", "ARRIVED", "GROUND_STOP", "DIVERSION", "DELAY"} <= set(types)
    assert all("delay_minutes" in o.details for o in ops if o.type == "DELAY" and o.flight)
    assert all("diverted_to" in o.details for o in ops if o.type == "DIVERSION")
    geotagged = sum(m.geo is not None for m in mentions) / len(mentions)
    assert 0.01 < geotagged < 0.12
    direct = [m for m in mentions if m.channel == "direct"]
    assert direct and all(m.customer and m.customer.loyalty_id for m in direct)
    langs = Counter(r.get("lang") for r in s.mentions)
    assert {"en", "es", "pt"} <= set(langs)


def test_truth_matches_the_feeds() -> None:
    s = generate(2, START, 24, 400)
    kinds = Counter(t["kind"] for t in s.truth)
    assert kinds["social_first"] and kinds["ops_first"] and kinds["station_surge"] and kinds["ground_stop"]
    for t in s.truth:
        if t["kind"] == "social_first":
            assert t["first_post_at"] < t["ops_reported_at"] and 60 <= t["lead_time_s"] <= 3600
        if t["kind"] == "ops_first":
            assert t["ops_reported_at"] < t["first_post_at"]
    posts_by_time = Counter(m["created_at"] for m in s.mentions)
    assert all(posts_by_time[t["first_post_at"]] for t in s.truth)


def test_stream_is_endless_ordered_and_reproducible() -> None:
    first = list(itertools.islice(stream(9, START), 2500))
    again = list(itertools.islice(stream(9, START), 2500))
    assert first == again
    times = [r["created_at"] if kind == "mention" else r["reported_at"] for kind, r in first]
    assert times == sorted(times)
    assert {k for k, _ in first} == {"mention", "ops"}
    assert times[-1] > "2015-02-24T12"  # it keeps going past the first hours


def test_cli_writes_the_three_files(tmp_path) -> None:
    paths = {k: tmp_path / f"{k}.jsonl" for k in ("mentions", "ops", "truth")}
    result = CliRunner().invoke(
        app, ["simulate", "--seed", "3", "--hours", "6", "--flights", "60", *[f"--{k}={p}" for k, p in paths.items()]]
    )
    assert result.exit_code == 0, result.output
    s = generate(3, START, 6, 60)
    assert [orjson.loads(line) for line in paths["mentions"].read_bytes().splitlines()] == s.mentions
    assert len(paths["truth"].read_bytes().splitlines()) == len(s.truth)
