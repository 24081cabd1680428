"""A killed demo takes its children with it: after SIGTERM or SIGKILL no broker, worker or API is left, ports free."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from ioc_stream.cli.processes import cli_command
from ioc_stream.kafka.broker import free_port

pytestmark = [
    pytest.mark.kafka,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="children die with their parent on Linux only"),
]


def alive(pid: int) -> bool:
    """The process exists and is not a zombie (an exited child nobody reaped yet holds nothing)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def descendants(pid: int) -> dict[int, str]:
    """Every live process under `pid`, with its command line."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError):
                continue
    found, frontier = {}, [pid]
    while frontier:
        parent = frontier.pop()
        for child in [c for c, p in parents.items() if p == parent and alive(c)]:
            found[child] = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            frontier.append(child)
    return found


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def bindable(port: int) -> bool:
    """A new server could listen on `port` now (as uvicorn binds: SO_REUSEADDR)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def wait_ready(url: str, demo: subprocess.Popen, log: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert demo.poll() is None, f"the demo exited with {demo.returncode}:\n{log.read_text()}"
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    pytest.fail(f"the demo's API did not answer {url} within {timeout} s:\n{log.read_text()}")


def wait_started(demo: subprocess.Popen, log: Path, timeout: float = 60.0) -> None:
    """Until the demo has its worker and API started (and so is still waiting for them to be ready)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert demo.poll() is None, f"the demo exited with {demo.returncode}:\n{log.read_text()}"
        if sum(cmd.endswith((" worker ", " api ")) for cmd in descendants(demo.pid).values()) == 2:
            return
        time.sleep(0.05)
    pytest.fail(f"the demo started no worker and API within {timeout} s:\n{log.read_text()}")


@pytest.mark.parametrize(
    ("sig", "when"),
    [(signal.SIGKILL, "ready"), (signal.SIGTERM, "ready"), (signal.SIGKILL, "starting"), (signal.SIGTERM, "starting")],
    ids=["SIGKILL-ready", "SIGTERM-ready", "SIGKILL-starting", "SIGTERM-starting"],
)
def test_a_killed_demo_leaves_no_process_behind(sig: signal.Signals, when: str, tmp_path: Path) -> None:
    api_port, web_port = free_port(), free_port()
    env = {
        **os.environ,
        "IOC_API__PORT": str(api_port),
        "IOC_WEB_PORT": str(web_port),
        "IOC_WORKER_SESSION_TIMEOUT_S": "4",
    }
    log, children = tmp_path / "demo.log", {}
    with open(log, "wb") as out:
        demo = subprocess.Popen(
            cli_command("demo", "--speed", "600", "--duration", "300"),
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        if when == "ready":
            wait_ready(f"http://127.0.0.1:{api_port}/readyz", demo, log)
        else:
            wait_started(demo, log)
        children = descendants(demo.pid)
        kinds = {k for k in ("tansu", " worker ", " api ") if any(k in cmd for cmd in children.values())}
        assert kinds == {"tansu", " worker ", " api "}, children
        os.kill(demo.pid, sig)
        demo.wait(30)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and (
            any(alive(pid) for pid in children) or listening(api_port) or listening(web_port)
        ):
            time.sleep(0.1)
        left = {pid: cmd for pid, cmd in children.items() if alive(pid)}
        assert not left, f"still running 5 s after the demo got {sig.name}: {left}"
        assert bindable(api_port) and bindable(web_port), "the API or worker port is still held"
        if sig == signal.SIGTERM:  # not killed by it: the demo unwound and stopped its children itself
            assert demo.returncode != -signal.SIGTERM and "demo stopped" in log.read_text(), log.read_text()
    finally:
        if demo.poll() is None:
            demo.kill()
        for pid in [pid for pid in children if alive(pid)]:  # this test's own, should it fail
            os.kill(pid, signal.SIGKILL)
