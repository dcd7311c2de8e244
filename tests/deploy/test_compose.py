"""docker-compose.yml describes the same stack as `grenswacht stack up` (no Docker engine needed)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from deploy.commands import stack
from deploy.settings import KAFKA_VERSION, StackSettings
from streams.settings import VARIABLES, Settings

REPO = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
KNOWN_ENV = {variable.env for variable in VARIABLES.values()}


def test_kafka_is_the_official_image_of_the_version_the_stack_fetches() -> None:
    kafka = SERVICES["kafka"]
    assert kafka["image"] == f"apache/kafka:{KAFKA_VERSION}"
    env = kafka["environment"]
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert env["KAFKA_NUM_PARTITIONS"] == str(Settings.from_env({}).partitions)
    assert env["KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS"] == "0"
    assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "1"


def test_host_ports_match_the_local_stack_defaults(monkeypatch) -> None:
    for name in ("GRENSWACHT_KAFKA", "GRENSWACHT_REDIS"):
        monkeypatch.delenv(name, raising=False)
    local = StackSettings.from_env()
    advertised = SERVICES["kafka"]["environment"]["KAFKA_ADVERTISED_LISTENERS"]
    assert f"://{local.bootstrap}" in advertised
    assert f"{local.kafka_port}:{local.kafka_port}" in SERVICES["kafka"]["ports"]
    assert f"{local.redis_port}:{local.redis_port}" in SERVICES["redis"]["ports"]


def test_containers_reach_kafka_on_an_advertised_listener() -> None:
    advertised = dict(re.findall(r"(\w+)://([^,]+)", SERVICES["kafka"]["environment"]["KAFKA_ADVERTISED_LISTENERS"]))
    for name in ("worker", "topics"):
        assert SERVICES[name]["environment"]["GRENSWACHT_KAFKA"] in advertised.values(), name


def test_worker_and_topic_setup_use_the_projects_own_variables_and_commands() -> None:
    for name in ("worker", "topics"):
        service = SERVICES[name]
        assert set(service["environment"]) <= KNOWN_ENV, name
        assert (REPO / service["build"]["dockerfile"]).exists()
        assert service["command"][0] == "grenswacht"
    assert SERVICES["topics"]["command"][1:] == ["stack", "topics"]
    assert "topics" in stack.commands
    assert SERVICES["worker"]["depends_on"]["topics"]["condition"] == "service_completed_successfully"


def test_the_review_service_reads_the_same_broker_and_redis_and_redis_keeps_its_cases() -> None:
    review, worker = SERVICES["review"], SERVICES["worker"]
    assert review["command"][:3] == ["grenswacht", "review", "serve"]
    for name in ("GRENSWACHT_KAFKA", "GRENSWACHT_REDIS"):
        assert review["environment"][name] == worker["environment"][name]
    redis_command = SERVICES["redis"]["command"]
    assert redis_command[redis_command.index("--appendonly") + 1] == "yes"
    assert any(v.endswith(":/data") for v in SERVICES["redis"]["volumes"])
