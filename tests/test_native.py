"""The compiled enrichment core (mypyc, setup.py) and its Python source give the same answers, and a
source edited after the build is what runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ioc_stream import native

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "flights_sample.jsonl"

# Enriches the flight fixture, a simulated day's posts (en/es/pt, geotags, places) and odd texts;
# prints the mode, then one JSON line per post.
_ENRICH_ALL = """
import json, sys
from datetime import datetime, timezone
from ioc_stream import native
from ioc_stream.enrich import enrich
from ioc_stream.models import SocialMention
from ioc_stream.simulate import generate

posts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
posts += ["!", "¿¿??", "FLIGHT 1234 DFW-LAX NOW!!!", "voo 930 cancelado em GRU", "vuelo 1010 desviado a Tulsa",
          "@Delta flight 1019 @AmericanAir", "call 1-800-433-7300 re flight 2390 gate B14 at 6:40pm $200"]
mentions = [SocialMention.model_validate({"id": str(i), "platform": "x", "author": {"handle": "a"}, "text": t,
                                          "created_at": "2026-11-23T06:00:00Z"}) for i, t in enumerate(posts)]
day = generate(seed=3, start=datetime(2026, 11, 1, tzinfo=timezone.utc), hours=6, flights=80)
mentions += [SocialMention.model_validate(m) for m in day.mentions]
print(native.MODE)
for m in mentions:
    print(enrich(m).model_dump_json())
"""


def _run(pythonpath: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PYTHONPATH": str(pythonpath), **env}
    if "IOC_PURE_PYTHON" not in env:
        environ.pop("IOC_PURE_PYTHON", None)
    return subprocess.run(
        [sys.executable, "-c", _ENRICH_ALL, str(FIXTURE)],
        capture_output=True,
        text=True,
        env=environ,
        check=True,
        timeout=300,
        cwd=pythonpath,
    )


def test_a_recorded_build_is_what_runs() -> None:
    """If setup.py says it compiled the core, this process must be running the compiled form."""
    if not native.BUILD_RECORD.exists():
        pytest.skip("installed without compiling (IOC_NO_MYPYC=1 or no mypy at build time)")
    assert native.MODE == "compiled", native.MODE
    assert set(json.loads(native.BUILD_RECORD.read_text())) == set(native.compiled_modules())


def test_compiled_and_source_enrich_every_post_alike() -> None:
    if not native.compiled_modules():
        pytest.skip("nothing compiled in this install")
    compiled = _run(ROOT).stdout.splitlines()
    source = _run(ROOT, IOC_PURE_PYTHON="1").stdout.splitlines()
    assert compiled[0] == "compiled"
    assert source[0] == "interpreted (IOC_PURE_PYTHON=1)"
    assert len(compiled) > 300
    assert compiled[1:] == source[1:]


def test_an_edited_source_runs_instead_of_its_stale_compiled_module(tmp_path: Path) -> None:
    if not native.BUILD_RECORD.exists():
        pytest.skip("nothing compiled in this install")
    shutil.copytree(ROOT / "ioc_stream", tmp_path / "ioc_stream", ignore=shutil.ignore_patterns("__pycache__"))
    for group in ROOT.glob("ioc_stream_enrich__mypyc*"):
        shutil.copy(group, tmp_path)
    flights = tmp_path / "ioc_stream" / "enrich" / "flights.py"
    # The edit: no flight is ever found. Compiled code would ignore it; the source must win.
    text = flights.read_text()
    edited = text.replace(
        '    """Flights named in `text`, in order', '    return []\n    """Flights named in `text`, in order', 1
    )
    assert edited != text
    flights.write_text(edited)
    result = _run(tmp_path)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("interpreted (ioc_stream.enrich.flights changed since it was compiled")
    assert "running the enrichment core from source" in result.stderr
    assert all(json.loads(line)["flights"] == [] for line in lines[1:])


def test_version_says_which_form_runs() -> None:
    from typer.testing import CliRunner

    from ioc_stream.cli import app

    result = CliRunner().invoke(app, ["version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"ioc-stream 0.1.0; enrichment core: {native.MODE}"
