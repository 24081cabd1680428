"""The stream commands from the shell: topics create (idempotent), produce, and a short demo run."""

from __future__ import annotations

import subprocess

import pytest
from stream_helpers import Namespace

from ioc_stream.cli.processes import cli_command

pytestmark = pytest.mark.kafka


def run(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(
        cli_command(*args), env={**os.environ, **env}, capture_output=True, text=True, timeout=timeout
    )


def test_topics_create_is_idempotent_and_produce_sends_every_line(broker, tmp_path) -> None:
    ns = Namespace(broker.bootstrap, tmp_path)
    env = ns.env()
    first, again = run("topics", "create", env=env), run("topics", "create", env=env)
    assert first.returncode == 0 and again.returncode == 0
    assert first.stdout.count("created") == 8 and again.stdout.count("exists") == 8  # incl. ioc.enriched-mentions
    lines = tmp_path / "in.jsonl"
    lines.write_bytes(b'{"not": "a mention"}\n\nnot json at all\n{"id": 1}\n')
    sent = run("produce", "--topic", "mentions", str(lines), env=env)
    assert sent.returncode == 0 and "sent 3 messages" in sent.stderr
    assert sorted(v for _, v in ns.read("mentions", want=3, idle_s=0.5)) == sorted(
        [b'{"id": 1}', b'{"not": "a mention"}', b"not json at all"]
    )


def test_demo_runs_everything_and_stops_cleanly(tmp_path) -> None:
    from ioc_stream.kafka.broker import free_port

    env = {"IOC_WEB_PORT": str(free_port()), "IOC_API__PORT": str(free_port()), "IOC_WORKER_SESSION_TIMEOUT_S": "4"}
    done = run("demo", "--duration", "20", "--speed", "600", env=env, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "metrics  http://127.0.0.1:" in done.stdout and "demo stopped" in done.stdout
