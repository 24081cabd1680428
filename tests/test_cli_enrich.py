"""`ioc-stream enrich`: one line out per good line in, in order; bad lines reported, run goes on."""

from __future__ import annotations

import json

import orjson
from typer.testing import CliRunner

from ioc_stream.cli import app


def _mention(i: int, text: str) -> bytes:
    return orjson.dumps(
        {
            "id": str(i),
            "platform": "twitter",
            "author": {"handle": f"u{i}"},
            "text": text,
            "created_at": "2015-02-24T11:35:00-08:00",
        }
    )


def test_enrich_keeps_order_and_reports_bad_lines(tmp_path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(
        b"\n".join(
            [_mention(1, "flight 1019 diverted"), b"{not json", _mention(2, "hello"), b'{"id": 3}', _mention(3, "x")]
        )
        + b"\n"
    )
    result = CliRunner().invoke(app, ["enrich", str(src)])
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.stdout.splitlines() if line.startswith('{"id"')]
    assert [o["id"] for o in out] == ["1", "2", "3"]
    for o in out:
        assert {"flights", "stations", "incident", "lang"} <= o.keys()
    errors = [json.loads(line) for line in result.stderr.splitlines()]
    assert [e["line"] for e in errors] == [2, 4]
    assert all(e["error"] for e in errors)


def test_enrich_unreadable_input_exits_nonzero(tmp_path) -> None:
    result = CliRunner().invoke(app, ["enrich", str(tmp_path / "missing.jsonl")])
    assert result.exit_code != 0
    assert "cannot read" in result.stderr
