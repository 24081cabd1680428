"""docker-compose.kafka.yml is a valid Compose file (the compose-spec JSON schema shipped in
check-jsonschema) that wires Kafka, topic init, worker, API, Prometheus and Grafana together."""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.kafka.yml"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(files("check_jsonschema").joinpath("builtin_schemas/vendor/compose-spec.json").read_text())
    return jsonschema.Draft7Validator(schema)


def test_matches_the_compose_specification(compose, validator) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(compose)]
    assert not errors, "\n".join(errors)


def test_the_schema_rejects_a_misspelt_key(compose, validator) -> None:
    broken = copy.deepcopy(compose)
    broken["services"]["worker"]["depends_onn"] = broken["services"]["worker"].pop("depends_on")
    assert any("depends_onn" in e.message for e in validator.iter_errors(broken))


def test_kafka_runs_kraft_single_node(compose) -> None:
    kafka = compose["services"]["kafka"]
    env = kafka["environment"]
    assert kafka["image"].startswith("apache/kafka:")
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == f"{env['KAFKA_NODE_ID']}@kafka:9093"
    assert "healthcheck" in kafka


def test_startup_order_kafka_then_topics_then_services(compose) -> None:
    services = compose["services"]
    assert services["topics"]["command"] == ["topics", "create"]
    assert services["topics"]["depends_on"]["kafka"]["condition"] == "service_healthy"
    for name in ("worker", "api"):
        assert services[name]["depends_on"]["topics"]["condition"] == "service_completed_successfully"
        assert services[name]["environment"]["IOC_KAFKA__BOOTSTRAP"] == "kafka:9092"
        assert services[name]["read_only"] is True and services[name]["cap_drop"] == ["ALL"]
    assert services["worker"]["command"] == ["worker"] and services["api"]["command"] == ["api"]


def test_monitoring_mounts_exist_and_match_the_scrape_targets(compose) -> None:
    services = compose["services"]
    for name in ("prometheus", "grafana"):
        for volume in services[name]["volumes"]:
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (ROOT / source).is_dir(), f"{name} mounts missing {source}"
    prometheus = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())
    targets = {t for job in prometheus["scrape_configs"] for cfg in job["static_configs"] for t in cfg["targets"]}
    worker_port = services["worker"]["environment"]["IOC_WEB_PORT"]
    api_port = services["api"]["environment"]["IOC_API__PORT"]
    assert targets == {f"worker:{worker_port}", f"api:{api_port}"}
    provider = yaml.safe_load((ROOT / "deploy/grafana/provisioning/dashboards/ioc-stream.yml").read_text())
    dashboards_mount = next(v for v in services["grafana"]["volumes"] if v.startswith("./deploy/grafana/dashboards:"))
    assert dashboards_mount.split(":")[1] == provider["providers"][0]["options"]["path"]
    datasource = yaml.safe_load((ROOT / "deploy/grafana/provisioning/datasources/prometheus.yml").read_text())
    assert datasource["datasources"][0]["url"] == "http://prometheus:9090"
