"""`ioc-stream api` as an operator starts it: prints working demo tokens, serves, reads Kafka; `openapi --check`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from ioc_stream.kafka.broker import free_port

pytestmark = pytest.mark.kafka
IOC_STREAM = str(Path(sys.executable).with_name("ioc-stream"))  # the installed console script


@contextmanager
def api_process(broker, log: Path, **settings: str) -> Iterator[tuple[str, str]]:
    """`ioc-stream api` as an operator starts it (only these IOC_* settings), its output in `log`, until /readyz
    answers 200; yields (its URL, its topic prefix) and stops it after."""
    port, prefix = free_port(), f"cli{uuid.uuid4().hex[:6]}."
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOC_")}
    env |= {"IOC_TOPICS__PREFIX": prefix, **settings}
    proc = subprocess.Popen(
        [IOC_STREAM, "api", "--broker", broker.bootstrap, "--port", str(port)],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        yield url, prefix
    finally:
        proc.terminate()
        proc.wait(10)


def test_api_command_prints_demo_tokens_that_work(broker, tmp_path) -> None:
    with api_process(broker, tmp_path / "api.log") as (url, _):
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


def test_openapi_check_passes_on_the_checked_in_document() -> None:
    r = subprocess.run([IOC_STREAM, "openapi", "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_a_linked_loyalty_id_reaches_the_liaison_and_never_the_log(broker, tmp_path) -> None:
    from ioc_stream.serve.embedded import send
    from ioc_stream.serve.samples import sample_history

    profiles = tmp_path / "profiles.csv"
    profiles.write_text("loyalty_id,tier\nAA84127731,Executive Platinum\n")
    log_path = tmp_path / "api.log"
    liaison, bridge = {"Authorization": "Bearer liaison-token-log1"}, {"Authorization": "Bearer bridge-token-log1"}
    with api_process(
        broker,
        log_path,
        IOC_API__TOKENS='{"liaison-token-log1": "liaison:maria", "bridge-token-log1": "bridge:wall"}',
        IOC_DESK__PROFILES=str(profiles),
        IOC_LOG_LEVEL="DEBUG",
    ) as (url, prefix):
        topic = f"{prefix}ioc.enriched-mentions"
        broken = b'{"id": "dm-x", "channel": "direct", "customer": {"loyalty_id": "AA84127731"}, "text": "AA84127731"}'
        send(broker.bootstrap, topic, [("dm-x", broken)])
        send(broker.bootstrap, topic, [(m.id, m.model_dump_json().encode()) for m in sample_history()])
        customer, deadline = None, time.monotonic() + 15
        while customer is None and time.monotonic() < deadline:
            customer = httpx.get(url + "/api/authors/jgarcia_88", headers=liaison).json()["customer"]
            time.sleep(0.1)
        assert customer == {"loyalty_id": "AA84127731", "masked": False, "tier": "Executive Platinum"}
        assert httpx.get(url + "/api/authors/jgarcia_88", headers=bridge).json()["customer"]["loyalty_id"] == "****7731"
    logged = log_path.read_text()
    assert "bad_mention" in logged and "/api/authors/jgarcia_88" in logged  # the bad record and the reads were logged
    assert "84127731" not in logged
