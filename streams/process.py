"""grenswacht commands run as child processes (a worker, the review service), for the main job and the
integration tests: started, asked over their web port, killed or stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import orjson

from streams.errors import StreamError
from streams.settings import env_name


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ChildProcess:
    """`grenswacht ARGS...` in a child process whose output goes to `log_path` and whose web port is `port`."""

    def __init__(self, args: list[str], env: dict[str, str], log_path: Path, port: int) -> None:
        self.args, self.env, self.log_path, self.port = args, env, log_path, port
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, new_session: bool = False) -> Any:
        """`new_session`: the child is not ended with the caller's terminal or process group."""
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([sys.executable, "-c", "from streams.cli import main; main()", *self.args],
                                     env=self.env, stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=new_session)
        return self

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def get(self, path: str, timeout: float = 5.0) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
            return bytes(response.read())

    def metric(self, name: str, **labels: str) -> float:
        """Sum of the samples of one metric whose labels include `labels`."""
        from prometheus_client.parser import text_string_to_metric_families

        total = 0.0
        for family in text_string_to_metric_families(self.get("/metrics").decode()):
            for sample in family.samples:
                if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                    total += sample.value
        return total

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def kill(self) -> None:
        """SIGKILL: no shutdown, no final commit."""
        if self.proc is not None and self.alive:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        self._close_log()

    def stop(self, timeout: float = 30.0) -> int | None:
        if self.proc is None:
            return None
        if self.alive:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._close_log()
        return self.proc.returncode

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


class WorkerProcess(ChildProcess):
    def __init__(self, namespace: str, state_dir: Path, log_path: Path, *, lists: Sequence[Path] = (),
                 no_lists: bool = False,
                 profiles: Path | None = None, web_port: int | None = None, partitions: int | None = None,
                 extra_env: dict[str, str] | None = None) -> None:
        port = web_port or free_port()
        args = ["worker", "--web-port", str(port)]
        if no_lists:
            args.append("--no-lists")
        for path in lists:
            args += ["--lists", str(path)]
        if profiles is not None:
            args += ["--profiles", str(profiles)]
        if partitions is not None:
            args += ["--partitions", str(partitions)]
        env = {**os.environ, env_name("namespace"): namespace, env_name("state_dir"): str(state_dir),
               **(extra_env or {})}
        super().__init__(args, env, log_path, port)
        self.namespace, self.state_dir = namespace, state_dir

    @property
    def web_port(self) -> int:
        return self.port

    def status(self) -> dict[str, Any]:
        return dict(orjson.loads(self.get("/status")))

    def totals(self) -> dict[str, float]:
        return dict(orjson.loads(self.get("/totals", timeout=30.0)))

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Until the screening set is loaded and partitions are assigned."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if not self.alive:
                raise StreamError(f"the worker exited with {self.proc.returncode if self.proc else '?'}:\n"
                                  + self.log_tail())
            try:
                status = self.status()
                if status["ready"] and status["assignment"]:
                    return
            except (urllib.error.URLError, OSError, ValueError, KeyError):
                pass
            time.sleep(0.3)
        raise StreamError(f"the worker was not ready after {timeout:.0f} s:\n" + self.log_tail())
