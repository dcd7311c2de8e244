"""Processes the stack started: spawned detached, remembered in pid files, stopped only if still ours.

A pid file holds the pid and a marker from the command line; a pid that now belongs
to some other program (pids are reused) is never signalled.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Managed:
    name: str           # "kafka", "redis"
    folder: Path        # the stack folder: <name>.pid, <name>.log

    @property
    def pid_file(self) -> Path:
        return self.folder / f"{self.name}.pid"

    @property
    def log_file(self) -> Path:
        return self.folder / f"{self.name}.log"

    def pid(self) -> int | None:
        """The pid of our running process, or None (a stale pid file is removed)."""
        try:
            pid_text, marker = self.pid_file.read_text().split("\n", 1)
            pid = int(pid_text)
        except (FileNotFoundError, ValueError):
            return None
        if _cmdline(pid) is not None and marker.strip() in _cmdline(pid):
            return pid
        self.pid_file.unlink(missing_ok=True)
        return None

    def spawn(self, argv: list[str], marker: str, env: dict[str, str] | None = None) -> int:
        """Start argv in its own session, output to the log file; `marker` must occur in argv."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.log_file, "ab") as log:
            process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       start_new_session=True, env=env, cwd=self.folder)
        self.pid_file.write_text(f"{process.pid}\n{marker}\n")
        _await_exec(process.pid, marker)
        return process.pid

    def stop(self, grace: float = 30.0) -> bool:
        """SIGTERM, then SIGKILL after `grace` seconds; True if a process was stopped."""
        pid = self.pid()
        if pid is None:
            return False
        _signal_group(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _alive(pid):
            _signal_group(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        return True

    def exited(self) -> int | None:
        """Exit status if the process we spawned has died (reaps it), else None."""
        pid_text = self.pid_file.read_text().split("\n", 1)[0] if self.pid_file.exists() else ""
        if not pid_text.isdigit():
            return 0
        try:
            done, status = os.waitpid(int(pid_text), os.WNOHANG)
        except ChildProcessError:       # not our child: alive unless the pid is gone
            return None if _alive(int(pid_text)) else 0
        return os.waitstatus_to_exitcode(status) if done else None

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""


def _await_exec(pid: int, marker: str, timeout: float = 5.0) -> None:
    """Popen returns once exec began, but the kernel fills in the new command line a moment later;
    until then `pid()` would take the pid file for stale."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and marker not in (_cmdline(pid) or "") and _alive(pid):
        time.sleep(0.005)


def _cmdline(pid: int) -> str | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return raw.replace(b"\0", b" ").decode(errors="replace") or None


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    if state == "Z":        # a zombie child of ours: reap it
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        return False
    return True


def _signal_group(pid: int, sig: int) -> None:
    # The process leads its own session, so the group holds anything it forked.
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass
    except PermissionError:
        os.kill(pid, sig)
