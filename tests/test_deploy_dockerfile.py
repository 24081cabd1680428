"""The Dockerfile parses and follows the image rules: multi-stage, slim, non-root, CLI entrypoint,
health check; the build context leaves the virtualenv and the git history out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dockerfile_parse import DockerfileParser

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def instructions() -> list[dict]:
    parser = DockerfileParser(path=str(ROOT / "Dockerfile"))
    return parser.structure


def final_stage(instructions: list[dict]) -> list[dict]:
    starts = [i for i, ins in enumerate(instructions) if ins["instruction"] == "FROM"]
    return instructions[starts[-1] :]


def test_multi_stage_slim(instructions) -> None:
    froms = [ins["value"] for ins in instructions if ins["instruction"] == "FROM"]
    assert len(froms) >= 2, "build and runtime stages"
    args = {
        ins["value"].split("=", 1)[0]: ins["value"].split("=", 1)[1]
        for ins in instructions
        if ins["instruction"] == "ARG" and "=" in ins["value"]
    }
    assert "slim" in args["PYTHON_IMAGE"]
    assert any("--from=build" in ins["value"] for ins in final_stage(instructions) if ins["instruction"] == "COPY")


def test_runs_as_non_root(instructions) -> None:
    users = [ins["value"] for ins in final_stage(instructions) if ins["instruction"] == "USER"]
    assert users, "the runtime stage must set USER"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    last_user_at = max(i for i, ins in enumerate(instructions) if ins["instruction"] == "USER")
    assert not [ins for ins in instructions[last_user_at:] if ins["instruction"] == "RUN"], (
        "nothing runs as root after USER"
    )


def test_entrypoint_is_the_cli_with_a_healthcheck(instructions) -> None:
    stage = final_stage(instructions)
    entrypoint = [json.loads(ins["value"]) for ins in stage if ins["instruction"] == "ENTRYPOINT"]
    assert entrypoint == [["ioc-stream"]]
    cmd = [json.loads(ins["value"]) for ins in stage if ins["instruction"] == "CMD"]
    assert cmd == [["worker"]]
    healthchecks = [ins["value"] for ins in stage if ins["instruction"] == "HEALTHCHECK"]
    assert len(healthchecks) == 1 and "/healthz" in healthchecks[0]


def test_build_context_is_minimal() -> None:
    lines = [
        ln.strip() for ln in (ROOT / ".dockerignore").read_text().splitlines() if ln.strip() and not ln.startswith("#")
    ]
    assert lines[0] == "*", "ignore everything, then allow what the build copies"
    allowed = {ln[1:].rstrip("/") for ln in lines if ln.startswith("!")}
    parser = DockerfileParser(path=str(ROOT / "Dockerfile"))
    copied = set()
    for ins in parser.structure:
        if ins["instruction"] == "COPY" and "--from" not in ins["value"]:
            copied.update(ins["value"].split()[:-1])
    assert copied == allowed
    assert all((ROOT / path).exists() for path in copied)
