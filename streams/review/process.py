"""The review service as a child process, for the main job and the integration tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO

from streams.errors import StreamError
from streams.process import free_port
from streams.settings import env_name


class ReviewProcess:
    def __init__(self, namespace: str, accounts: Path, log_path: Path, *, port: int | None = None,
                 claim_timeout: float | None = None, extra_env: dict[str, str] | None = None) -> None:
        self.log_path, self.port = log_path, port or free_port()
        self.args = ["review", "serve", "--port", str(self.port)]
        if claim_timeout is not None:
            self.args += ["--claim-timeout", str(claim_timeout)]
        self.env = {**os.environ, env_name("namespace"): namespace, env_name("reviewers"): str(accounts),
                    **(extra_env or {})}
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, new_session: bool = False) -> "ReviewProcess":
        """`new_session`: the service is not ended with the caller's terminal or process group."""
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

    def wait_ready(self, timeout: float = 60.0) -> "ReviewProcess":
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if not self.alive:
                raise StreamError(f"the review service exited:\n{self.log_tail()}")
            try:
                self.get("/healthz")
                return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise StreamError(f"the review service did not answer after {timeout:.0f} s:\n{self.log_tail()}")

    def metric(self, name: str, **labels: str) -> float:
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

    def stop(self, timeout: float = 20.0) -> None:
        if self.proc is not None and self.alive:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
