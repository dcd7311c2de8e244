"""The review service as a child process, for the main job and the integration tests."""

from __future__ import annotations

import os
import time
import urllib.error
from pathlib import Path

from streams.errors import StreamError
from streams.process import ChildProcess, free_port
from streams.settings import env_name


class ReviewProcess(ChildProcess):
    def __init__(self, namespace: str, accounts: Path, log_path: Path, *, port: int | None = None,
                 claim_timeout: float | None = None, extra_env: dict[str, str] | None = None) -> None:
        port = port or free_port()
        args = ["review", "serve", "--port", str(port)]
        if claim_timeout is not None:
            args += ["--claim-timeout", str(claim_timeout)]
        env = {**os.environ, env_name("namespace"): namespace, env_name("reviewers"): str(accounts),
               **(extra_env or {})}
        super().__init__(args, env, log_path, port)

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
