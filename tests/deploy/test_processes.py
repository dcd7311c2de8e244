"""Pid files: only a live process that is still ours is reported or signalled."""

from __future__ import annotations

import os
import sys
import time

from deploy.processes import Managed


def test_spawned_process_is_found_by_its_pid_file_and_stopped(tmp_path) -> None:
    proc = Managed("sleeper", tmp_path)
    marker = f"marker-{tmp_path.name}"
    pid = proc.spawn([sys.executable, "-c", "import time; time.sleep(120)", marker], marker=marker)
    assert proc.pid() == pid
    assert proc.stop(grace=5.0)
    assert proc.pid() is None
    assert not proc.pid_file.exists()
    assert not os.path.exists(f"/proc/{pid}") or open(f"/proc/{pid}/stat").read().split()[2] == "Z"


def test_a_pid_now_used_by_another_program_is_never_signalled(tmp_path) -> None:
    proc = Managed("kafka", tmp_path)
    proc.pid_file.write_text(f"{os.getpid()}\n/some/other/server.properties\n")
    assert proc.pid() is None           # this test process does not carry the marker
    assert not proc.pid_file.exists()
    assert proc.stop() is False         # and we are still here to assert it


def test_a_process_that_ignores_sigterm_is_killed_after_the_grace_period(tmp_path) -> None:
    proc = Managed("stubborn", tmp_path)
    marker = f"stubborn-{tmp_path.name}"
    code = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(120)"
    pid = proc.spawn([sys.executable, "-c", code, marker], marker=marker)
    time.sleep(0.5)     # let it install the handler
    started = time.monotonic()
    assert proc.stop(grace=1.0)
    assert time.monotonic() - started < 10
    assert proc.pid() is None and not os.path.exists(f"/proc/{pid}/cmdline") or not open(
        f"/proc/{pid}/cmdline").read()
