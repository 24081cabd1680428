"""Foreground processes and their children: wait for Ctrl-C/SIGTERM, start and stop child commands cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ioc_stream.lifeline import die_with_parent


def wait_for_signal(timeout: float | None = None) -> bool:
    """Block until SIGINT or SIGTERM (True) or `timeout` seconds pass (False)."""
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        return stop.wait(timeout)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def raise_interrupt(*_: object) -> None:
    """A SIGTERM handler that unwinds like Ctrl-C: `finally` blocks stop the children in order."""
    raise KeyboardInterrupt


@contextmanager
def sigterm_unwinds() -> Iterator[None]:
    """Within: SIGTERM raises KeyboardInterrupt in the main thread (wait_for_signal still takes it as a stop)."""
    previous = signal.signal(signal.SIGTERM, raise_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def cli_command(*args: str) -> list[str]:
    """`ioc-stream <args>` run with this interpreter (works in a venv without PATH set up)."""
    return [sys.executable, "-c", "from ioc_stream.cli import app; app()", *args]


def spawn(args: list[str], env: Mapping[str, str], log: Path | None = None) -> subprocess.Popen:
    """Start a child in its own session (so a terminal's Ctrl-C reaches us, and we stop it in order) that
    dies with us if we are killed before we stop it (from the main thread: lifeline.die_with_parent)."""
    out = open(log, "ab") if log else subprocess.DEVNULL
    return subprocess.Popen(
        args,
        env={**os.environ, **env},
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=die_with_parent(),
    )


def terminate(proc: subprocess.Popen, timeout: float = 15.0) -> int | None:
    """SIGTERM, wait, then SIGKILL; returns the exit code."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode
