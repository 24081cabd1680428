"""`ioc-stream api` as an operator starts it: prints working demo tokens, serves, reads Kafka; `openapi --check`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from ioc_stream.kafka.broker import free_port

pytestmark = pytest.mark.kafka
IOC_STREAM = str(Path(sys.executable).with_name("ioc-stream"))  # the installed console script


def test_api_command_prints_demo_tokens_that_work(broker, tmp_path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOC_")}
    env["IOC_TOPICS__PREFIX"] = f"cli{uuid.uuid4().hex[:6]}."
    log = (tmp_path / "api.log").open("w+")
    proc = subprocess.Popen(
        [IOC_STREAM, "api", "--broker", broker.bootstrap, "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        printed = (tmp_path / "api.log").read_text()
        tokens = dict(re.findall(r"^\s+(bridge|liaison|admin)\s+(\S+)$", printed, re.M))
        assert set(tokens) == {"bridge", "liaison", "admin"}, printed
        assert f"/wall#token={tokens['bridge']}" in printed
        assert httpx.get(url + "/api/alerts").status_code == 401
        assert (
            httpx.get(url + "/api/me", headers={"Authorization": f"Bearer {tokens['liaison']}"}).json()["can_act"]
            is True
        )
        assert httpx.get(url + "/readyz").json()["status"] == "ok"
    finally:
        proc.terminate()
        proc.wait(10)


def test_openapi_check_passes_on_the_checked_in_document() -> None:
    r = subprocess.run([IOC_STREAM, "openapi", "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_a_linked_loyalty_id_reaches_the_liaison_and_never_the_log(broker, tmp_path) -> None:
    from ioc_stream.serve.embedded import send
    from ioc_stream.serve.samples import sample_history

    port, prefix = free_port(), f"cli{uuid.uuid4().hex[:6]}."
    profiles = tmp_path / "profiles.csv"
    profiles.write_text("loyalty_id,tier\nAA84127731,Executive Platinum\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOC_")}
    env |= {
        "IOC_TOPICS__PREFIX": prefix,
        "IOC_API__TOKENS": '{"liaison-token-log1": "liaison:maria", "bridge-token-log1": "bridge:wall"}',
        "IOC_DESK__PROFILES": str(profiles),
        "IOC_LOG_LEVEL": "DEBUG",
    }
    log_path = tmp_path / "api.log"
    proc = subprocess.Popen(
        [IOC_STREAM, "api", "--broker", broker.bootstrap, "--port", str(port)],
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
        env=env,
    )
    url, liaison = f"http://127.0.0.1:{port}", {"Authorization": "Bearer liaison-token-log1"}
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        broken = b'{"id": "dm-x", "channel": "direct", "customer": {"loyalty_id": "AA84127731"}, "text": "AA84127731"}'
        send(broker.bootstrap, f"{prefix}ioc.enriched-mentions", [("dm-x", broken)])
        send(
            broker.bootstrap,
            f"{prefix}ioc.enriched-mentions",
            [(m.id, m.model_dump_json().encode()) for m in sample_history()],
        )
        customer = None
        while customer is None and time.monotonic() < deadline + 10:
            customer = httpx.get(url + "/api/authors/jgarcia_88", headers=liaison).json()["customer"]
            time.sleep(0.1)
        assert customer == {"loyalty_id": "AA84127731", "masked": False, "tier": "Executive Platinum"}
        bridge = httpx.get(url + "/api/authors/jgarcia_88", headers={"Authorization": "Bearer bridge-token-log1"})
        assert bridge.json()["customer"]["loyalty_id"] == "****7731"
    finally:
        proc.terminate()
        proc.wait(10)
    logged = log_path.read_text()
    assert "bad_mention" in logged and "/api/authors/jgarcia_88" in logged  # the bad record and the reads were logged
    assert "84127731" not in logged
