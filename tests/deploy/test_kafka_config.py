"""The broker's configuration and jar source agree with the settings the rest of the project reads."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from pathlib import Path

from deploy import kafka
from deploy.settings import KAFKA_VERSION, SCALA_BINARY, StackSettings

POM = Path(kafka.__file__).with_name("pom.xml")
NS = {"m": "http://maven.apache.org/POM/4.0.0"}


def _properties(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))


def test_pom_fetches_the_configured_kafka_version_with_its_logging_backend() -> None:
    root = ET.parse(POM).getroot()
    props = {p.tag.split("}")[1]: p.text for p in root.find("m:properties", NS)}
    assert props["kafka.version"] == KAFKA_VERSION
    assert props["scala.binary.version"] == SCALA_BINARY
    artifacts = {d.findtext("m:artifactId", namespaces=NS) for d in root.iter(f"{{{NS['m']}}}dependency")}
    assert {"kafka_${scala.binary.version}", "slf4j-reload4j", "reload4j"} <= artifacts


def test_server_properties_describe_one_kraft_node_on_the_configured_ports(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("GRENSWACHT_KAFKA", "127.0.0.1:19092")
    monkeypatch.setenv("GRENSWACHT_HOME", str(tmp_path))
    monkeypatch.setenv("GRENSWACHT_PARTITIONS", "3")
    settings = StackSettings.from_env()
    props = _properties(kafka.server_properties(settings))
    assert props["process.roles"] == "broker,controller"
    assert props["controller.quorum.voters"] == f"{props['node.id']}@127.0.0.1:19093"
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"
    assert props["advertised.listeners"] == "PLAINTEXT://127.0.0.1:19092"
    assert props["num.partitions"] == "3"
    assert props["log.dirs"].startswith(str(tmp_path))
    assert props["group.initial.rebalance.delay.ms"] == "0"
    for key in ("offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                "default.replication.factor"):
        assert props[key] == "1", key


def test_addresses_come_from_the_environment_with_the_stack_defaults(monkeypatch) -> None:
    for name in ("GRENSWACHT_KAFKA", "GRENSWACHT_REDIS", "GRENSWACHT_KAFKA_CONTROLLER_PORT"):
        monkeypatch.delenv(name, raising=False)
    default = StackSettings.from_env()
    assert (default.bootstrap, default.redis_url) == ("127.0.0.1:9092", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("GRENSWACHT_KAFKA", "kafka://10.0.0.5:9999")
    monkeypatch.setenv("GRENSWACHT_REDIS", "redis://10.0.0.6:7000/0")
    moved = StackSettings.from_env()
    assert (moved.bootstrap, moved.controller_port, moved.redis_url) == (
        "10.0.0.5:9999", 10000, "redis://10.0.0.6:7000/0")


def test_cluster_ids_are_16_random_bytes_that_never_look_like_an_option() -> None:
    # a leading "-" made kafka-storage read the id as an option and refuse to format (1 run in 64)
    ids = [kafka.cluster_id() for _ in range(5000)]
    assert not [i for i in ids if i.startswith("-")]
    assert len(set(ids)) == len(ids)
    assert all(len(base64.urlsafe_b64decode(i + "==")) == 16 for i in ids)
