"""The daily pulse CronJob: renders everywhere, runs a real command, is locked down, may reach what it needs."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from test_deploy_k8s import OVERLAYS, build, by_kind, one
from typer.testing import CliRunner

from ioc_stream.cli import app


@pytest.fixture(scope="module", params=OVERLAYS)
def docs(request) -> list[dict]:
    return build(request.param)


def pulse_pod(docs: list[dict]) -> dict:
    return one(docs, "CronJob", "ioc-stream-pulse")["spec"]["jobTemplate"]["spec"]["template"]


def test_the_cronjob_runs_the_pulse_once_a_day_and_never_twice(docs) -> None:
    cron = one(docs, "CronJob", "ioc-stream-pulse")["spec"]
    assert cron["schedule"] == "0 7 * * *" and cron["timeZone"] == "America/Chicago"
    assert cron["concurrencyPolicy"] == "Forbid" and cron["jobTemplate"]["spec"]["backoffLimit"] == 0
    (container,) = pulse_pod(docs)["spec"]["containers"]
    help_ = CliRunner().invoke(app, [*container["args"], "--help"])  # the command and its options exist
    assert (
        container["args"] == ["report", "pulse", "--send"] and help_.exit_code == 0 and "Social Pulse" in help_.stdout
    )


def test_the_pulse_pod_is_locked_down_and_configured_like_the_others(docs) -> None:
    pod = pulse_pod(docs)["spec"]
    assert pod["restartPolicy"] == "Never" and pod["securityContext"]["runAsNonRoot"] is True
    (container,) = pod["containers"]
    sc = container["securityContext"]
    assert (
        sc["readOnlyRootFilesystem"] is True
        and sc["allowPrivilegeEscalation"] is False
        and sc["capabilities"]["drop"] == ["ALL"]
    )
    assert {"requests", "limits"} <= set(container["resources"])
    refs = {ref.get("configMapRef", ref.get("secretRef"))["name"] for ref in container["envFrom"]}
    assert refs == {"ioc-stream-config", "ioc-stream-secrets"}


def test_the_pulse_reads_the_api_with_a_bridge_token_the_api_knows() -> None:
    docs = build("base")
    config = one(docs, "ConfigMap", "ioc-stream-config")["data"]
    secret = one(docs, "Secret", "ioc-stream-secrets")["stringData"]
    service = one(docs, "Service", "ioc-stream-api")
    assert (
        config["IOC_REPORT__API_URL"] == f"http://{service['metadata']['name']}:{service['spec']['ports'][0]['port']}"
    )
    tokens = json.loads(secret["IOC_API__TOKENS"])
    assert tokens[secret["IOC_REPORT__API_TOKEN"]].startswith("bridge")
    assert json.loads(config["IOC_REPORT__SMTP__RECIPIENTS"])


def _allows(policy: dict, direction: str, port: int, peer: dict | None = None) -> bool:
    for rule in policy["spec"].get(direction, []):
        peers = rule.get("to" if direction == "egress" else "from", [])
        if port in {p["port"] for p in rule.get("ports", [])} and (peer is None or peer in peers):
            return True
    return False


def test_network_policies_let_the_pulse_reach_the_api_the_relay_and_the_webhook(docs) -> None:
    labels = pulse_pod(docs)["metadata"]["labels"]
    policies = by_kind(docs, "NetworkPolicy")

    def selecting(pod_labels: dict) -> list[dict]:
        return [p for p in policies if p["spec"]["podSelector"].get("matchLabels", {}).items() <= pod_labels.items()]

    mine = selecting(labels)
    api = {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "ioc-stream-api"}}}
    assert any(_allows(p, "egress", 8080, api) for p in mine)
    assert any(_allows(p, "egress", 587) for p in mine) and any(_allows(p, "egress", 443) for p in mine)
    if shutil.which("kubectl"):  # the part-of label is kustomize's doing: without it the plain resources lack it
        assert any(_allows(p, "egress", 53) for p in mine), "DNS: the part-of label must reach the pulse pods"
    api_labels = one(docs, "Deployment", "ioc-stream-api")["spec"]["template"]["metadata"]["labels"]
    pulse = {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "ioc-stream-pulse"}}}
    assert any(_allows(p, "ingress", 8080, pulse) for p in selecting(api_labels))


def test_the_manifest_file_is_listed_in_the_base() -> None:
    from test_deploy_k8s import K8S

    assert "pulse-cronjob.yaml" in yaml.safe_load((K8S / "base" / "kustomization.yaml").read_text())["resources"]
