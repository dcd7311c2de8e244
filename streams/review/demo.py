"""The review service of the main job: started for the demo's namespace, left running for a person to try.

One demo reviewer with every queue and a fresh password; the service of an
earlier demo (its pid kept in GRENSWACHT_HOME) is stopped first, so that the page
stays on one port.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path

from rules.hits import QUEUES
from streams.process import free_port
from streams.review.accounts import add_user
from streams.review.process import ReviewProcess
from streams.config import home_dir
from streams.review.service import DEFAULT_PORT

DEMO_USER = "demo"


@dataclass
class ReviewDemo:
    url: str
    user: str
    password: str
    pid: int
    log: Path
    cases: dict[str, int] = field(default_factory=dict)      # queue -> open cases


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def pid_file(home: Path | None = None) -> Path:
    """Where the main job notes the review service it leaves running (in GRENSWACHT_HOME by default)."""
    return (home or home_dir()) / "review-demo.pid"


def stop_demo_review(home: Path) -> bool:
    """Stop the review service a main job of the stack at `home` left running; True when there was one."""
    running = _stop_previous(pid_file(home))
    pid_file(home).unlink(missing_ok=True)
    return running


def _stop_previous(path: Path) -> bool:
    try:
        pid = int(path.read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return False
    if b"review" not in cmdline or b"serve" not in cmdline:
        return False
    os.kill(pid, signal.SIGTERM)
    for _ in range(50):
        if not Path(f"/proc/{pid}").exists():
            break
        time.sleep(0.1)
    return True


def start_demo_review(namespace: str, workdir: Path, hits: int, timeout: float = 120.0) -> ReviewDemo:
    """Start the service for the namespace, wait until it has read `hits` hits, and say how to log in."""
    _stop_previous(pid_file())
    password = secrets.token_urlsafe(9)
    accounts = workdir / "reviewers.yaml"
    add_user(accounts, DEMO_USER, password, list(QUEUES))
    port = DEFAULT_PORT if _port_free(DEFAULT_PORT) else free_port()
    service = ReviewProcess(namespace, accounts, workdir / "review.log", port=port)
    service.start(new_session=True)        # outlives the demo command, like the stack
    service.wait_ready()
    pid_file().parent.mkdir(parents=True, exist_ok=True)
    pid_file().write_text(f"{service.proc.pid}\n")  # type: ignore[union-attr]
    end = time.monotonic() + timeout
    while service.metric("grenswacht_review_hits_total") < hits and time.monotonic() < end:
        time.sleep(0.5)
    cases = {q: int(service.metric("grenswacht_review_open_cases", queue=q)) for q in QUEUES}
    return ReviewDemo(service.url, DEMO_USER, password, service.proc.pid, service.log_path, cases)  # type: ignore[union-attr]


def describe(review: ReviewDemo) -> list[str]:
    """The lines of the main job's summary about the review page."""
    open_cases = ", ".join(f"{q} {n}" for q, n in review.cases.items())
    return ["review page          " + review.url,
            f"  demo reviewer        user {review.user}, password {review.password} (every queue)",
            f"  open cases           {open_cases}",
            f"  review service       pid {review.pid}, log {review.log} (`grenswacht stack down` stops it)"]
