"""`ioc-stream schedule import` and `schedule show`: files in, the schedule JSON out, a flight's legs shown."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from ioc_stream.cli import app
from ioc_stream.config import get_settings

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "schedule"


@pytest.fixture(autouse=True)
def fresh_settings():
    """Each command reads the environment it is given (settings are read once per process otherwise)."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def run(*args: str, env: dict[str, str] | None = None):
    get_settings.cache_clear()  # the settings of this command's environment
    return CliRunner().invoke(app, list(args), env=env)


def test_import_ssim_then_show_a_flight(tmp_path) -> None:
    out = tmp_path / "schedule.json"
    result = run("schedule", "import", str(FIXTURES / "w26.ssim"), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "8 services of 6 flights" in result.stderr
    assert orjson.loads(out.read_bytes())["source"] == "ssim:w26.ssim"
    shown = run("schedule", "show", "AA100", "--date", "2026-11-20", "--schedule", str(out))
    assert shown.exit_code == 0
    assert shown.stdout.strip() == "AA100 2026-11-20 leg 1  LAX 23:30 (07:30Z) -> JFK 07:55 +1d (12:55Z)  321 190 seats"


def test_import_csv_by_its_name_and_show_json_with_the_unit(tmp_path) -> None:
    out = tmp_path / "s.json"
    assert run("schedule", "import", str(FIXTURES / "w26.csv"), "--out", str(out)).exit_code == 0
    units = json.dumps([{"name": "ORD narrowbody", "fleet": ["738"], "hubs": ["ORD"]}])
    shown = run(
        "schedule",
        "show",
        "aa2390",
        "--date",
        "2026-11-20",
        "--json",
        env={"IOC_DESK__SCHEDULE": str(out), "IOC_DESK__UNITS": units},
    )
    assert shown.exit_code == 0, shown.output
    (leg,) = [json.loads(line) for line in shown.stdout.splitlines()]
    assert leg == {
        "flight": "AA2390",
        "service_date": "2026-11-20",
        "leg": 1,
        "origin": "ORD",
        "destination": "DFW",
        "departure": "2026-11-20T16:05:00-06:00",
        "arrival": "2026-11-20T18:30:00-06:00",
        "departure_utc": "2026-11-20T22:05:00Z",
        "arrival_utc": "2026-11-21T00:30:00Z",
        "aircraft": "738",
        "seats": 172,
        "unit": "ORD narrowbody",
    }


def test_import_reports_bad_records_and_fails_when_nothing_is_usable(tmp_path) -> None:
    src = tmp_path / "bad.csv"
    src.write_text(
        "flight,date,origin,destination,departure,arrival,aircraft\nAA1,2026-11-20,DFW,ORD,10:00,12:30,738\nAA2,nope,DFW,ORD,1,2,738\n"
    )
    result = run("schedule", "import", str(src), "--out", str(tmp_path / "s.json"))
    assert result.exit_code == 0 and "1 unusable" in result.stderr
    assert json.loads(result.stderr.splitlines()[0]) == {"error": "date 'nope' is not YYYY-MM-DD", "line": 3}
    src.write_text("not a schedule at all\n")
    failed = run("schedule", "import", str(src), "--format", "ssim", "--out", str(tmp_path / "t.json"))
    assert failed.exit_code == 1 and "no usable ssim flight legs" in failed.stderr
    assert not (tmp_path / "t.json").exists()


def test_show_says_when_a_flight_does_not_fly_or_the_file_is_wrong(tmp_path) -> None:
    out = tmp_path / "s.json"
    run("schedule", "import", str(FIXTURES / "w26.ssim"), "--out", str(out))
    missing = run("schedule", "show", "AA950", "--date", "2026-11-19", "--schedule", str(out))
    assert missing.exit_code == 1 and "does not fly on 2026-11-19" in missing.stderr
    assert run("schedule", "show", "AA950", "--date", "19/11/2026", "--schedule", str(out)).exit_code == 2
    (tmp_path / "old.json").write_text('{"format": "ioc-stream/schedule", "version": 0}')
    old = run("schedule", "show", "AA950", "--date", "2026-11-20", "--schedule", str(tmp_path / "old.json"))
    assert old.exit_code == 2 and "reads version 1" in old.stderr
