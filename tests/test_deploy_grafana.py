"""The Grafana dashboards are what build_dashboards.py generates, well-formed, and portable
(every query goes through the $datasource variable and uses only variables the dashboard defines)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GRAFANA = ROOT / "deploy" / "grafana"
DASHBOARDS = sorted((GRAFANA / "dashboards").glob("*.json"))
BUILTINS = {"__rate_interval", "__range", "__interval"}


@pytest.fixture(scope="module", params=DASHBOARDS, ids=lambda p: p.stem)
def dashboard(request) -> dict:
    return json.loads(request.param.read_text())


def test_checked_in_dashboards_match_the_generator() -> None:
    out = subprocess.run(
        [sys.executable, str(GRAFANA / "build_dashboards.py"), "--check"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr


def test_the_three_dashboards_exist() -> None:
    titles = {json.loads(p.read_text())["title"] for p in DASHBOARDS}
    assert titles == {"ioc-stream / Social pulse", "ioc-stream / Bridge alerts", "ioc-stream / Pipeline health"}


def test_panels_are_well_formed(dashboard) -> None:
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids)), "panel ids must be unique"
    cells: set[tuple[int, int]] = set()
    for panel in dashboard["panels"]:
        assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}, panel["title"]
        assert panel["targets"] and all(t["expr"].strip() for t in panel["targets"]), panel["title"]
        assert len({t["refId"] for t in panel["targets"]}) == len(panel["targets"])
        pos = panel["gridPos"]
        assert pos["x"] >= 0 and pos["x"] + pos["w"] <= 24
        mine = {(x, y) for x in range(pos["x"], pos["x"] + pos["w"]) for y in range(pos["y"], pos["y"] + pos["h"])}
        assert not cells & mine, f"{panel['title']} overlaps another panel"
        cells |= mine


def test_queries_use_only_defined_variables(dashboard) -> None:
    defined = {v["name"] for v in dashboard["templating"]["list"]} | BUILTINS
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            used = {a or b for a, b in re.findall(r"\$\{(\w+)\}|\$(\w+)", target["expr"])}
            assert used <= defined, f"{panel['title']}: undefined {used - defined}"


def test_provisioning_points_grafana_at_the_dashboards() -> None:
    provider = yaml.safe_load((GRAFANA / "provisioning/dashboards/ioc-stream.yml").read_text())["providers"][0]
    assert provider["type"] == "file" and provider["options"]["path"].startswith("/var/lib/grafana/dashboards")
    datasources = yaml.safe_load((GRAFANA / "provisioning/datasources/prometheus.yml").read_text())["datasources"]
    assert [d["type"] for d in datasources] == ["prometheus"] and datasources[0]["isDefault"] is True
