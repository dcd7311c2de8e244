"""The graph the worker installs is the graph `grenswacht topology` prints."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from streams.app import create_app
from streams.commands.topology import topology
from streams.config import WorkerConfig
from streams.engines import EngineSlot
from streams.metrics import Metrics
from streams.naming import Names
from streams.topology import Topology, install


def test_the_printed_topology_names_every_topic_of_the_namespace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRENSWACHT_NAMESPACE", "ns7")
    result = CliRunner().invoke(topology, [])
    assert result.exit_code == 0
    names = Names("ns7")
    for topic in [*names.sources.values(), *names.hit_topics.values(), names.dead_letter, names.authorisations,
                  names.contributions, names.changelog("totals"), names.changelog("declaration-ledger"),
                  names.reload_channel]:
        assert topic in result.output


def test_install_registers_what_the_plan_describes(tmp_path: Path) -> None:
    config = WorkerConfig(names=Names("unit"), state_dir=tmp_path / "state")
    app = create_app(config)
    plan = Topology.plan(config)
    runtime = install(app, plan, Metrics(), EngineSlot.start(config, Metrics()))
    agents = {agent.name.rsplit(".", 1)[-1] for agent in app.agents.values()}
    assert {name for name, _ in plan.screening.values()} | {"totals"} <= agents
    assert {t.changelog_topic.get_topic_name() for t in app.tables.values()} == {
        config.names.changelog("totals"), config.names.changelog("declaration-ledger")}
    assert runtime.contributions.get_topic_name() == config.names.contributions
    assert app.conf.store.scheme == "rocksdb" and app.conf.broker[0].scheme == "kafka"
    assert all(agent.concurrency == 1 for agent in app.agents.values())


def test_every_table_partition_keeps_small_write_buffers(tmp_path: Path) -> None:
    # faust's defaults (64 MiB buffers, 2 GiB cache per partition) let a worker grow for hours
    config = WorkerConfig(names=Names("unit"), state_dir=tmp_path / "state")
    app = create_app(config)
    install(app, Topology.plan(config), Metrics(), EngineSlot.start(config, Metrics()))
    for table in app.tables.values():
        store = table.data
        assert store.use_rocksdict
        assert store.rocksdb_options.write_buffer_size <= 8 * 2**20
        assert store.rocksdb_options.block_cache_size <= 64 * 2**20
