"""The Kubernetes manifests build, validate against the API schemas, and keep the scaling invariants.

Built with `kubectl kustomize` (kubectl ships kustomize) when kubectl is on the machine, else the
base is resolved from its resources list; built-in kinds are checked with kubernetes-validate,
the CRDs (Strimzi, KEDA, Prometheus Operator) against structural schemas in tests/schemas/crds/.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
K8S = ROOT / "deploy" / "k8s"
CRD_SCHEMAS = Path(__file__).resolve().parent / "schemas" / "crds"
K8S_VERSION = "1.30"
OVERLAYS = ["base", "overlays/prod", "overlays/prod-hpa"]


def _resolve_resources(folder: Path) -> list[dict]:
    """A kustomization's plain resources (no patches): the fallback when no kustomize is at hand."""
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text())
    docs: list[dict] = []
    for entry in kustomization.get("resources", []):
        path = folder / entry
        docs += _resolve_resources(path) if path.is_dir() else [d for d in yaml.safe_load_all(path.read_text()) if d]
    namespace = kustomization.get("namespace")
    for doc in docs:
        if namespace and doc["kind"] != "Namespace":
            doc["metadata"]["namespace"] = namespace
    return docs


def build(name: str) -> list[dict]:
    """The rendered manifests of one kustomization under deploy/k8s/."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        if name != "base":
            pytest.skip("no kubectl (kustomize) on this machine: overlays with patches cannot be rendered")
        return _resolve_resources(K8S / name)
    out = subprocess.run([kubectl, "kustomize", str(K8S / name)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, f"kustomize build {name} failed:\n{out.stderr}"
    return [d for d in yaml.safe_load_all(out.stdout) if d]


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request) -> tuple[str, list[dict]]:
    return request.param, build(request.param)


def by_kind(docs: list[dict], kind: str) -> list[dict]:
    return [d for d in docs if d["kind"] == kind]


def workloads(docs: list[dict]) -> list[dict]:
    """The Deployments and StatefulSets (the worker is a StatefulSet: its state volume is per pod)."""
    return by_kind(docs, "Deployment") + by_kind(docs, "StatefulSet")


def one(docs: list[dict], kind: str, name: str) -> dict:
    found = [d for d in by_kind(docs, kind) if d["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind}/{name}, found {len(found)}"
    return found[0]


def crd_schema_errors(doc: dict) -> list[str] | None:
    """Structural-schema errors for a CRD-kind document; None when no schema covers its kind."""
    path = CRD_SCHEMAS / f"{doc['kind'].lower()}.json"
    if not path.exists():
        return None
    schema = json.loads(path.read_text())
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in jsonschema.Draft202012Validator(schema).iter_errors(doc)
    ]


def test_every_document_validates_against_its_schema(rendered) -> None:
    name, docs = rendered
    failures = []
    for doc in docs:
        where = f"{name}: {doc['kind']}/{doc['metadata']['name']}"
        crd_errors = crd_schema_errors(doc)
        if crd_errors is not None:
            failures += [f"{where}: {e}" for e in crd_errors]
            continue
        try:
            kubernetes_validate.validate(doc, K8S_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            failures.append(f"{where}: {exc.message} at {'/'.join(map(str, exc.path))}")
        except kubernetes_validate.SchemaNotFoundError:
            failures.append(
                f"{where}: no schema for {doc['apiVersion']} {doc['kind']} "
                f"(add tests/schemas/crds/{doc['kind'].lower()}.json)"
            )
    assert not failures, "\n".join(failures)


def test_validators_reject_a_broken_manifest() -> None:
    docs = build("base")
    deployment = json.loads(json.dumps(one(docs, "StatefulSet", "ioc-stream-worker")))
    deployment["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["pth"] = "/readyz"
    with pytest.raises(kubernetes_validate.ValidationError, match="pth"):
        kubernetes_validate.validate(deployment, K8S_VERSION, strict=True)
    topic = json.loads(json.dumps(by_kind(docs, "KafkaTopic")[0]))
    topic["spec"]["partitions"] = 0
    assert crd_schema_errors(topic)
    scaled = json.loads(json.dumps(one(docs, "ScaledObject", "ioc-stream-worker")))
    del scaled["spec"]["scaleTargetRef"]
    assert crd_schema_errors(scaled)


def configured(config: dict[str, str], monkeypatch: pytest.MonkeyPatch):
    """The Settings a pod started with this ConfigMap as its environment runs with."""
    import os

    from ioc_stream.config import Settings

    for key in [k for k in os.environ if k.startswith("IOC_")]:
        monkeypatch.delenv(key)
    for key, value in config.items():
        monkeypatch.setenv(key, value)
    return Settings()


def test_topics_match_the_code_and_are_co_partitioned(rendered, monkeypatch) -> None:
    """One KafkaTopic per topic kafka/topics.py creates, each with the same partitions, replicas and configs
    (a topic made by `ioc-stream topics create` is the topic Strimzi would make), all co-partitioned."""
    from ioc_stream.kafka.topics import topic_specs

    name, docs = rendered
    settings = configured(one(docs, "ConfigMap", "ioc-stream-config")["data"], monkeypatch)
    declared = {d["spec"]["topicName"]: d["spec"] for d in by_kind(docs, "KafkaTopic")}
    specs = {s.name: s for s in topic_specs(settings)}
    assert set(declared) == set(specs), name
    for topic, spec in specs.items():
        want = {"partitions": spec.partitions, "replicas": spec.replicas, "config": spec.configs()}
        assert {k: declared[topic][k] for k in want} == want, f"{name}: {topic}"
    assert {s.partitions for s in specs.values()} == {settings.topics.partitions}
    compacted = {topic for topic, spec in declared.items() if spec["config"].get("cleanup.policy") == "compact"}
    assert compacted == {"ioc.alerts", f"{settings.kafka.group_id}-correlation-state-changelog"}, name


def test_workers_never_outnumber_partitions(rendered) -> None:
    name, docs = rendered
    partitions = int(one(docs, "ConfigMap", "ioc-stream-config")["data"]["IOC_TOPICS__PARTITIONS"])
    worker = one(docs, "StatefulSet", "ioc-stream-worker")
    assert worker["spec"]["replicas"] <= partitions
    scalers = by_kind(docs, "ScaledObject") + by_kind(docs, "HorizontalPodAutoscaler")
    assert len(scalers) == 1, f"{name}: exactly one autoscaler for the worker, got {[d['kind'] for d in scalers]}"
    spec = scalers[0]["spec"]
    assert spec["scaleTargetRef"]["name"] == "ioc-stream-worker"
    assert spec["scaleTargetRef"]["kind"] == "StatefulSet", f"{name}: the autoscaler must scale the StatefulSet"
    assert spec.get("maxReplicaCount", spec.get("maxReplicas")) == partitions, (
        f"{name}: max replicas must equal partitions"
    )
    if scalers[0]["kind"] == "ScaledObject":
        (trigger,) = spec["triggers"]
        assert trigger["type"] == "kafka" and trigger["metadata"]["allowIdleConsumers"] == "false"
        assert (
            trigger["metadata"]["consumerGroup"]
            == one(docs, "ConfigMap", "ioc-stream-config")["data"]["IOC_KAFKA__GROUP_ID"]
        )
        assert spec["fallback"]["replicas"] <= partitions


def test_pods_are_locked_down_and_probed(rendered) -> None:
    _, docs = rendered
    for deployment in workloads(docs):
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] != 0
        for container in pod["containers"]:
            sc = container["securityContext"]
            assert sc["readOnlyRootFilesystem"] is True and sc["allowPrivilegeEscalation"] is False
            assert sc["capabilities"]["drop"] == ["ALL"]
            assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
            assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
            assert {"requests", "limits"} <= set(container["resources"])
            assert container["args"][0] in {"worker", "api"}
            refs = {ref.get("configMapRef", ref.get("secretRef"))["name"] for ref in container["envFrom"]}
            assert refs == {"ioc-stream-config", "ioc-stream-secrets"}
    worker = one(docs, "StatefulSet", "ioc-stream-worker")["spec"]["template"]["spec"]
    config = one(docs, "ConfigMap", "ioc-stream-config")["data"]
    mounts = {m["mountPath"]: m["name"] for m in worker["containers"][0]["volumeMounts"]}
    assert mounts[config["IOC_DATA_DIR"]] == "state", "the state store directory must be a volume"
    assert worker["containers"][0]["ports"][0]["containerPort"] == int(config["IOC_WEB_PORT"])


def test_worker_state_is_rocksdb_on_a_volume_each_pod_keeps(rendered) -> None:
    """IOC_STORE=rocksdb:// under IOC_DATA_DIR, which is a claim of the pod's own (not an emptyDir that a
    restart would empty), deleted with a scale-down rather than handed, stale, to a pod that comes back."""
    name, docs = rendered
    config = one(docs, "ConfigMap", "ioc-stream-config")["data"]
    assert config["IOC_STORE"] == "rocksdb://"
    from ioc_stream.config import Settings

    assert Settings(store=config["IOC_STORE"], data_dir=config["IOC_DATA_DIR"]).store == "rocksdb://"
    worker = one(docs, "StatefulSet", "ioc-stream-worker")["spec"]
    assert "ioc-stream-worker" not in {d["metadata"]["name"] for d in by_kind(docs, "Deployment")}
    (claim,) = [c for c in worker["volumeClaimTemplates"] if c["metadata"]["name"] == "state"]
    assert claim["spec"]["accessModes"] == ["ReadWriteOnce"] and claim["spec"]["resources"]["requests"]["storage"]
    assert "state" not in {v["name"] for v in worker["template"]["spec"].get("volumes", [])}, (
        f"{name}: a pod volume named state would shadow the claim"
    )
    assert worker["persistentVolumeClaimRetentionPolicy"] == {"whenScaled": "Delete", "whenDeleted": "Delete"}
    assert worker["serviceName"] in {d["metadata"]["name"] for d in by_kind(docs, "Service")}


def test_services_monitors_and_budgets_select_real_pods(rendered) -> None:
    _, docs = rendered
    pod_labels = {d["metadata"]["name"]: d["spec"]["template"]["metadata"]["labels"] for d in workloads(docs)}

    def selects(selector: dict) -> list[str]:
        return [name for name, labels in pod_labels.items() if selector.items() <= labels.items()]

    for kind in ("Service", "PodDisruptionBudget"):
        for doc in by_kind(docs, kind):
            selector = doc["spec"]["selector"]
            assert selects(selector.get("matchLabels", selector)) == [doc["metadata"]["name"]]
    services = {d["metadata"]["name"]: d for d in by_kind(docs, "Service")}
    for monitor in by_kind(docs, "ServiceMonitor"):
        service = services[monitor["metadata"]["name"]]  # job label = Service name = Prometheus job name
        assert monitor["spec"]["selector"]["matchLabels"].items() <= service["metadata"]["labels"].items()
        assert {e["port"] for e in monitor["spec"]["endpoints"]} <= {p["name"] for p in service["spec"]["ports"]}
    jobs = {
        c["job_name"] for c in yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())["scrape_configs"]
    }
    assert {m["metadata"]["name"] for m in by_kind(docs, "ServiceMonitor")} == jobs


def test_secret_template_holds_only_placeholders() -> None:
    secret = one(build("base"), "Secret", "ioc-stream-secrets")
    for key, value in secret["stringData"].items():
        assert "CHANGE-ME" in value, f"{key} looks like a real secret"


def test_network_policy_denies_by_default() -> None:
    policies = by_kind(build("base"), "NetworkPolicy")
    deny = [
        p
        for p in policies
        if p["spec"]["podSelector"] == {} and not p["spec"].get("ingress") and not p["spec"].get("egress")
    ]
    assert deny and set(deny[0]["spec"]["policyTypes"]) == {"Ingress", "Egress"}
