"""`stack up` refuses clearly, without a stack trace, when a port is taken by something else."""

from __future__ import annotations

import socket

from click.testing import CliRunner

from streams.cli import cli


def test_up_refuses_a_port_taken_by_a_process_it_did_not_start(monkeypatch, tmp_path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        monkeypatch.setenv("GRENSWACHT_HOME", str(tmp_path))
        monkeypatch.setenv("GRENSWACHT_REDIS", f"redis://127.0.0.1:{port}/0")
        result = CliRunner().invoke(cli, ["stack", "up"])
    assert result.exit_code != 0
    assert f"127.0.0.1:{port}" in result.output and "taken" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "stack" / "redis.pid").exists()


def test_status_reports_nothing_running_on_unused_ports(monkeypatch, tmp_path) -> None:
    ports = []
    for _ in range(2):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            ports.append(probe.getsockname()[1])
    monkeypatch.setenv("GRENSWACHT_HOME", str(tmp_path))
    monkeypatch.setenv("GRENSWACHT_KAFKA", f"127.0.0.1:{ports[0]}")
    monkeypatch.setenv("GRENSWACHT_REDIS", f"redis://127.0.0.1:{ports[1]}/0")
    result = CliRunner().invoke(cli, ["stack", "status"])
    assert result.exit_code == 1
    assert result.output.count("not answering") == 2
