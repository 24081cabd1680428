"""Proof, not assumption: a real Prometheus scrapes a live worker fed by the simulator, and every
dashboard panel query returns data and every alert rule parses and evaluates cleanly.

The stack: the session's embedded broker, `ioc-stream topics create`, an `ioc-stream worker`
subprocess, Debian's `prometheus` on loopback (deploy/prometheus/prometheus.yml with the target
pointed at the worker, 1 s scrapes, the real rule files), then a simulated day produced in
event-time order at a steady rate (malformed lines mixed in, for the dead-letter panels) so
counters move across many scrapes. Grafana's variables are substituted as Grafana would ($__rate_interval = 4 scrapes).
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from ioc_stream.config import Settings
from ioc_stream.kafka.broker import free_port
from ioc_stream.kafka.produce import produce

ROOT = Path(__file__).resolve().parents[1]
DASHBOARDS = [json.loads(p.read_text()) for p in sorted((ROOT / "deploy/grafana/dashboards").glob("*.json"))]
RULE_FILES = sorted((ROOT / "deploy/prometheus/rules").glob("*.yml"))
PROMETHEUS = shutil.which("prometheus")
SCRAPE_S = 1
STEP_S = 2
PRODUCE_S = 25  # the simulated day is spread over this many seconds of wall time
WORKER_JOB = "ioc-stream-worker"

pytestmark = [
    pytest.mark.kafka,
    pytest.mark.skipif(
        PROMETHEUS is None, reason="prometheus binary absent (Debian package `prometheus`; .ci/run installs it)"
    ),
]

PANEL_TARGETS = [
    pytest.param(d, p, t, id=f"{d['uid']}/{p['title']}/{t['refId']}")
    for d in DASHBOARDS
    for p in d["panels"]
    for t in p["targets"]
]
VARIABLES = [
    pytest.param(v, id=f"{d['uid']}/${v['name']}")
    for d in DASHBOARDS
    for v in d["templating"]["list"]
    if v["type"] == "query"
]
RULES = [
    pytest.param(r, id=r.get("alert") or r["record"])
    for path in RULE_FILES
    for g in yaml.safe_load(path.read_text())["groups"]
    for r in g["rules"]
]


def ioc_stream() -> list[str]:
    script = Path(sys.executable).with_name("ioc-stream")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from ioc_stream.cli import app; app()"]


def cli_commands() -> set[str]:
    import typer.main

    from ioc_stream.cli import app

    group = typer.main.get_command(app)
    return set(group.commands)  # type: ignore[attr-defined]


def http_get(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except OSError:
        return 0, b""


def wait_until(what: str, check, timeout: float, proc: subprocess.Popen | None = None, log: Path | None = None) -> None:
    """Poll `check()` every 0.5 s until true; fail with the process log if it died or time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"{what}: process exited with {proc.returncode}\n{_tail(log)}")
        if check():
            return
        time.sleep(0.5)
    pytest.fail(f"timed out after {timeout}s waiting for {what}\n{_tail(log)}")


def _tail(log: Path | None, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log and log.exists() else ""


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Prometheus:
    """A Prometheus on loopback, and the wall-clock window the simulated traffic covered."""

    url: str
    start: float
    end: float

    def api(self, path: str, **params: object) -> dict:
        query = urllib.parse.urlencode(params, doseq=True)
        status, body = http_get(f"{self.url}/api/v1/{path}?{query}", timeout=30)
        payload = json.loads(body or b"{}")
        assert status == 200 and payload.get("status") == "success", (
            f"{path} {params}: HTTP {status} {payload.get('error', body[:300])}"
        )
        return payload["data"]

    def evidence(self, expr: str) -> str:
        """What Prometheus holds for each ioc_ metric in `expr` at the end of the run (for failure messages)."""
        lines = []
        for name in sorted(set(re.findall(r"\b(ioc_\w+|up)\b", expr))):
            base = re.sub(r"_(bucket|count|sum)$", "", name)
            series = self.api("query", query=f'{{__name__=~"{base}(_count|_total)?"}}', time=self.end)["result"]
            lines.append(
                f"  {base}: " + (", ".join(f"{s['metric']}={s['value'][1]}" for s in series[:6]) or "no series")
            )
        return "\n".join(lines)

    def grafana_vars(self, panel: dict) -> dict[str, str]:
        """Grafana's built-in variables for a query over the whole run, as Grafana would set them."""
        range_s = math.ceil(self.end - self.start)
        rate_s = max(STEP_S + SCRAPE_S, 4 * SCRAPE_S)
        return {
            "__range": f"{range_s}s",
            "__rate_interval": f"{rate_s}s",
            "__interval": panel.get("interval") or f"{STEP_S}s",
        }


def substitute(expr: str, builtins: dict[str, str], template_vars: set[str]) -> str:
    """Replace $var / ${var}: Grafana built-ins by their values, template variables by 'All' (.*)."""

    def one(match: re.Match) -> str:
        name = match.group(1) or match.group(2)
        if name in builtins:
            return builtins[name]
        if name in template_vars:
            return ".*"
        raise AssertionError(f"undefined variable ${name} in {expr}")

    return re.sub(r"\$\{(\w+)\}|\$(\w+)", one, expr)


def prometheus_config(worker_port: int) -> dict:
    """deploy/prometheus/prometheus.yml with the worker job aimed at the test worker, fast scrapes."""
    config = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())
    config["global"].update(scrape_interval=f"{SCRAPE_S}s", evaluation_interval=f"{SCRAPE_S}s")
    config["rule_files"] = [str(p) for p in RULE_FILES]
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    jobs[WORKER_JOB]["static_configs"] = [{"targets": [f"127.0.0.1:{worker_port}"]}]
    config["scrape_configs"] = [jobs[WORKER_JOB]]  # the API is not part of this proof
    return config


def event_time_feed(
    mentions: Path, ops: Path, mentions_topic: str, ops_topic: str, poison_every: int = 40
) -> list[tuple]:
    """Both simulated files merged into one (topic, key, value) feed in event-time order (mention
    created_at, ops reported_at; ops first on ties), as the live feeds would arrive, with an
    undecodable and a schema-invalid mention slipped in after every `poison_every` mentions."""
    timed = [
        (json.loads(line)["created_at"], 1, mentions_topic, line)
        for line in mentions.read_bytes().splitlines()
        if line.strip()
    ]
    timed += [
        (json.loads(line)["reported_at"], 0, ops_topic, line) for line in ops.read_bytes().splitlines() if line.strip()
    ]
    timed.sort(key=lambda t: (datetime.fromisoformat(t[0]), t[1]))
    feed, seen = [], 0
    for _, _, topic, line in timed:
        feed.append((topic, None, line))
        seen += topic == mentions_topic
        if topic == mentions_topic and seen % poison_every == 0:
            feed += [(topic, None, b"\xff\xfe not json"), (topic, None, b'{"post_id": 42, "text": null}')]
    return feed


@pytest.fixture(scope="module")
def live(broker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prometheus]:
    missing = {"topics", "worker", "simulate"} - cli_commands()
    if missing:
        pytest.skip(f"ioc-stream lacks the commands {sorted(missing)} this proof drives (not written yet)")
    tmp = tmp_path_factory.mktemp("prom")
    run_id = uuid.uuid4().hex[:8]
    worker_port, prom_port = free_port(), free_port()
    env = {
        **os.environ,
        "IOC_KAFKA__BOOTSTRAP": broker.bootstrap,
        "IOC_TOPICS__PREFIX": f"prom{run_id}.",
        "IOC_KAFKA__GROUP_ID": f"prom-{run_id}",
        "IOC_WEB_PORT": str(worker_port),
        "IOC_DATA_DIR": str(tmp / "state"),
        "IOC_LOG_LEVEL": "WARNING",
    }
    cli = ioc_stream()

    def run(*args: str, timeout: float = 120) -> None:
        out = subprocess.run([*cli, *args], env=env, capture_output=True, text=True, timeout=timeout)
        assert out.returncode == 0, f"ioc-stream {' '.join(args)} failed:\n{out.stderr[-3000:]}"

    run("topics", "create")
    sim = {name: tmp / f"{name}.jsonl" for name in ("mentions", "ops", "truth")}
    run("simulate", "--seed", "11", "--hours", "12", "--flights", "80", *(f"--{k}={v}" for k, v in sim.items()))
    settings = Settings(kafka={"bootstrap": broker.bootstrap}, topics={"prefix": env["IOC_TOPICS__PREFIX"]})
    topics = settings.topics
    feed = event_time_feed(sim["mentions"], sim["ops"], topics.name(topics.mentions), topics.name(topics.ops))

    procs: list[subprocess.Popen] = []
    try:
        worker_log = tmp / "worker.log"
        with worker_log.open("wb") as out:
            worker = subprocess.Popen(
                [*cli, "worker"], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        procs.append(worker)
        wait_until(
            "worker /readyz",
            lambda: http_get(f"http://127.0.0.1:{worker_port}/readyz")[0] == 200,
            120,
            worker,
            worker_log,
        )

        config = tmp / "prometheus.yml"
        config.write_text(yaml.safe_dump(prometheus_config(worker_port)))
        prom_log = tmp / "prometheus.log"
        with prom_log.open("wb") as out:
            prom = subprocess.Popen(
                [
                    PROMETHEUS,
                    f"--config.file={config}",
                    f"--storage.tsdb.path={tmp / 'tsdb'}",
                    f"--web.listen-address=127.0.0.1:{prom_port}",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        procs.append(prom)
        prometheus = Prometheus(f"http://127.0.0.1:{prom_port}", start=time.time(), end=0.0)
        wait_until("prometheus ready", lambda: http_get(f"{prometheus.url}/-/ready")[0] == 200, 60, prom, prom_log)

        def scraped() -> bool:
            status, body = http_get(
                f"{prometheus.url}/api/v1/query?query=" + urllib.parse.quote(f'up{{job="{WORKER_JOB}"}}')
            )
            result = json.loads(body)["data"]["result"] if status == 200 else []
            return bool(result) and result[0]["value"][1] == "1"

        wait_until("first scrape of the worker", scraped, 30, prom, prom_log)
        time.sleep(3 * SCRAPE_S)  # a few scrapes before traffic, so increase()/rate() see counters move
        # One producer for both topics: the CLI's `produce` takes one topic per run, and two
        # concurrent runs drift apart in event time by more than the allowed lateness.
        assert asyncio.run(produce(settings, feed, rate=len(feed) / PRODUCE_S, stamp=True)) == len(feed)

        def drained() -> bool:
            status, body = http_get(
                f"{prometheus.url}/api/v1/query?query="
                + urllib.parse.quote('sum(ioc_events_processed_total{agent="route"})')
            )
            result = json.loads(body)["data"]["result"] if status == 200 else []
            return bool(result) and float(result[0]["value"][1]) >= len(feed)

        wait_until("the worker to route the whole feed", drained, 60, worker, worker_log)
        time.sleep(3 * SCRAPE_S)  # a few scrapes of the final counts
        prometheus.end = time.time()
        yield prometheus
    finally:
        for proc in reversed(procs):
            stop(proc)


@pytest.mark.parametrize("dashboard, panel, target", PANEL_TARGETS)
def test_panel_query_returns_data(live: Prometheus, dashboard: dict, panel: dict, target: dict) -> None:
    template_vars = {v["name"] for v in dashboard["templating"]["list"]}
    expr = substitute(target["expr"], live.grafana_vars(panel), template_vars)
    if target.get("instant"):
        data = live.api("query", query=expr, time=live.end)
        values = [float(r["value"][1]) for r in data["result"]]
    else:
        data = live.api("query_range", query=expr, start=live.start, end=live.end, step=STEP_S)
        values = [float(v) for r in data["result"] for _, v in r["values"]]
    assert data["result"], f"no series for {expr}\n{live.evidence(expr)}"
    assert any(math.isfinite(v) for v in values), f"only NaN/Inf for {expr}\n{live.evidence(expr)}"


@pytest.mark.parametrize("variable", VARIABLES)
def test_variable_has_values(live: Prometheus, variable: dict) -> None:
    metric, label = re.fullmatch(r"label_values\((\w+),\s*(\w+)\)", variable["definition"]).groups()
    values = live.api(f"label/{label}/values", **{"match[]": metric})
    assert values, f"${variable['name']}: no {label} values on {metric}"


@pytest.mark.parametrize("rule", RULES)
def test_rule_expression_evaluates(live: Prometheus, rule: dict) -> None:
    live.api("query", query=rule["expr"], time=live.end)  # raises on a parse or evaluation error


def test_prometheus_loaded_every_rule_healthy(live: Prometheus) -> None:
    groups = live.api("rules")["groups"]
    loaded = {r["name"]: r for g in groups for r in g["rules"]}
    assert set(loaded) == {r.values[0].get("alert") or r.values[0]["record"] for r in RULES}
    unhealthy = {name: r.get("lastError") for name, r in loaded.items() if r["health"] != "ok"}
    assert not unhealthy, unhealthy
    active = {name for name, r in loaded.items() if r["state"] != "inactive"}
    assert not active & {"IocWorkerDown", "IocWorkerAbsent", "IocNoMentions"}, f"a healthy pipeline set off {active}"
