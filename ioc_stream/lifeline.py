"""Children that die with their parent (Linux): a killed demo or benchmark leaves no broker, worker or API behind."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from collections.abc import Callable

#: prctl(2) option: the signal the kernel sends this process when the thread that forked it ends.
PR_SET_PDEATHSIG = 1


def die_with_parent() -> Callable[[], None] | None:
    """A `preexec_fn` for subprocess.Popen: the child gets SIGKILL when this process ends, however it ends
    (SIGKILL included), and at once if it already has. None off Linux (nothing to arm).

    Call it from the main thread: the kernel signals the child when the *thread* that forked it ends.
    """
    if not sys.platform.startswith("linux"):
        return None
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("start children that die with their parent from the main thread")
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up here: the child only calls it
    parent = os.getpid()

    def arm() -> None:  # runs in the child between fork and exec; the setting survives exec
        if prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
        if os.getppid() != parent:  # the parent died before the line above: nobody will signal us
            os.kill(os.getpid(), signal.SIGKILL)

    return arm
