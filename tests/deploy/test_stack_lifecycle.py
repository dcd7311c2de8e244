"""A second, private stack on free ports: up, up again, status, down, and no process left behind.

It runs beside the stack the rest of the suite uses (its own GRENSWACHT_HOME and ports,
the shared jar cache), so it exercises `stack up` from nothing without disturbing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from confluent_kafka import Consumer, Producer

from deploy.ports import free_ports
from streams.cli import cli

pytestmark = pytest.mark.integration


def _ours(home: Path) -> list[int]:
    """Pids of running processes whose command line names this stack's folder."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if str(home).encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.fixture()
def private_stack(monkeypatch, tmp_path):
    kafka, controller, redis = free_ports(3)
    monkeypatch.setenv("GRENSWACHT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GRENSWACHT_KAFKA", f"127.0.0.1:{kafka}")
    monkeypatch.setenv("GRENSWACHT_KAFKA_CONTROLLER_PORT", str(controller))
    monkeypatch.setenv("GRENSWACHT_REDIS", f"redis://127.0.0.1:{redis}/0")
    monkeypatch.setenv("GRENSWACHT_PARTITIONS", "2")
    yield tmp_path / "home", f"127.0.0.1:{kafka}"
    CliRunner().invoke(cli, ["stack", "down"])


def _round_trip(bootstrap: str) -> bytes:
    producer = Producer({"bootstrap.servers": bootstrap})
    producer.produce("decl.dms", key=b"k", value=b"payload")
    assert producer.flush(15) == 0
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "lifecycle",
                         "auto.offset.reset": "earliest"})
    consumer.subscribe(["decl.dms"])
    try:
        for _ in range(60):
            message = consumer.poll(1.0)
            if message is not None and message.error() is None:
                return message.value()
    finally:
        consumer.close()
    return b""


def test_stack_up_is_idempotent_and_down_leaves_no_process(private_stack) -> None:
    home, bootstrap = private_stack
    runner = CliRunner()
    first = runner.invoke(cli, ["stack", "up"])
    assert first.exit_code == 0, first.output
    pids = sorted(_ours(home))
    assert len(pids) >= 1      # Kafka names the folder in its command line; Redis its port
    second = runner.invoke(cli, ["stack", "up"])
    assert second.exit_code == 0, second.output
    assert sorted(_ours(home)) == pids
    status = runner.invoke(cli, ["stack", "status"])
    assert status.exit_code == 0 and status.output.count("ready") == 2, status.output
    assert _round_trip(bootstrap) == b"payload"
    pid_files = {p.name: int(p.read_text().split()[0]) for p in (home / "stack").glob("*.pid")}
    assert set(pid_files) == {"kafka.pid", "redis.pid"}
    down = runner.invoke(cli, ["stack", "down"])
    assert down.exit_code == 0 and "kafka" in down.output and "redis" in down.output
    assert _ours(home) == []
    assert not any(os.path.exists(f"/proc/{pid}/cmdline") and open(f"/proc/{pid}/cmdline").read()
                   for pid in pid_files.values())
    after = runner.invoke(cli, ["stack", "status"])
    assert after.exit_code == 1
