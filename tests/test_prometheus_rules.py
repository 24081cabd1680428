"""The alert rules and the Prometheus config pass promtool, the rule unit tests pass (each alert
fires on its failure and not on a healthy pipeline), and every alert has a runbook that exists."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PROM = ROOT / "deploy" / "prometheus"
RULE_FILES = sorted((PROM / "rules").glob("*.yml"))
PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(
    PROMTOOL is None, reason="promtool absent (Debian package `prometheus`; .ci/run installs it)"
)


def alert_rules() -> list[dict]:
    return [
        rule
        for path in RULE_FILES
        for group in yaml.safe_load(path.read_text())["groups"]
        for rule in group["rules"]
        if "alert" in rule
    ]


def promtool(*args: str, cwd: Path = PROM) -> subprocess.CompletedProcess:
    return subprocess.run([PROMTOOL, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@needs_promtool
def test_promtool_checks_rules_and_config() -> None:
    rules = promtool("check", "rules", *map(str, RULE_FILES))
    assert rules.returncode == 0, rules.stdout + rules.stderr
    config = promtool("check", "config", "--syntax-only", "prometheus.yml")
    assert config.returncode == 0, config.stdout + config.stderr


@needs_promtool
def test_rule_unit_tests_pass() -> None:
    result = promtool("test", "rules", *(str(p.relative_to(PROM)) for p in sorted((PROM / "tests").glob("*.yml"))))
    assert result.returncode == 0, result.stdout + result.stderr


@needs_promtool
def test_unit_tests_cover_every_alert() -> None:
    tested = {
        case["alertname"]
        for path in (PROM / "tests").glob("*.yml")
        for test in yaml.safe_load(path.read_text())["tests"]
        for case in test.get("alert_rule_test", [])
        if case.get("exp_alerts")
    }
    untested = {r["alert"] for r in alert_rules()} - tested - {"IocWorkerAbsent"}  # absent(): nothing to feed it
    assert not untested, f"alerts never shown firing in deploy/prometheus/tests: {sorted(untested)}"


@needs_promtool
def test_promtool_rejects_a_broken_expression(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "groups:\n  - name: x\n    rules:\n      - alert: X\n        expr: sum(rate(ioc_mentions_total[5m])\n"
    )
    assert promtool("check", "rules", str(bad)).returncode != 0


def test_every_alert_is_documented_with_a_runbook() -> None:
    anchors = {
        re.sub(r"[^a-z0-9 -]", "", heading.lower()).replace(" ", "-")
        for heading in re.findall(r"^#+ (.+)$", (ROOT / "docs" / "operations.md").read_text(), flags=re.M)
    }
    for rule in alert_rules():
        annotations = rule["annotations"]
        assert {"summary", "description", "runbook_url"} <= set(annotations), rule["alert"]
        assert rule["labels"]["severity"] in {"warning", "critical"}
        page, _, anchor = annotations["runbook_url"].partition("#")
        assert page == "docs/operations.md" and anchor in anchors, (
            f"{rule['alert']}: runbook {annotations['runbook_url']} has no section"
        )
