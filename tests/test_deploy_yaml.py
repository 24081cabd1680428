"""Every YAML file under deploy/ and the compose file passes yamllint (syntax, duplicate keys, indentation)."""

from __future__ import annotations

from pathlib import Path

import pytest
from yamllint import linter
from yamllint.config import YamlLintConfig

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted([*ROOT.glob("deploy/**/*.yml"), *ROOT.glob("deploy/**/*.yaml"), ROOT / "docker-compose.kafka.yml"])
CONFIG = YamlLintConfig(
    """
extends: default
rules:
  line-length: {max: 140}
  document-start: disable
  truthy: {check-keys: false}
  comments: {min-spaces-from-content: 1}
"""
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_yamllint(path: Path) -> None:
    problems = [
        f"{p.line}:{p.column} {p.level} {p.message} ({p.rule})" for p in linter.run(path.read_text(), CONFIG, str(path))
    ]
    assert not problems, "\n".join(problems)


def test_yamllint_catches_a_duplicate_key() -> None:
    problems = list(linter.run("a: 1\na: 2\n", CONFIG))
    assert any(p.rule == "key-duplicates" for p in problems)
