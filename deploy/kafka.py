"""One Apache Kafka node in KRaft combined mode (broker and controller), from Maven Central jars."""

from __future__ import annotations

import base64
import shutil
import subprocess
import time
import uuid
from pathlib import Path

from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient

from deploy import tools
from deploy.errors import StackError
from deploy.settings import KAFKA_HEAP, KAFKA_VERSION, StackSettings

MAIN_CLASS = "kafka.Kafka"
FORMAT_CLASS = "kafka.tools.StorageTool"
LOG4J = """log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.state.change.logger=WARN
"""


def fetch_jars(settings: StackSettings) -> Path:
    """The broker's jars, from the cache or else from Maven Central through deploy/pom.xml."""
    target = settings.jars
    if (target / f"kafka_2.13-{KAFKA_VERSION}.jar").exists():
        return target
    mvn = tools.maven()
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    pom = Path(__file__).with_name("pom.xml")
    done = subprocess.run([mvn, "-q", "-B", "-f", str(pom), "dependency:copy-dependencies",
                           f"-DoutputDirectory={partial}", "-DincludeScope=runtime"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise StackError(f"mvn could not fetch Kafka {KAFKA_VERSION}: {(done.stdout + done.stderr).strip()[-600:]}")
    partial.rename(target)      # whole or not at all: a broken download is never mistaken for a cache
    return target


def server_properties(settings: StackSettings) -> str:
    host, port, ctl = settings.kafka_host, settings.kafka_port, settings.controller_port
    logs = settings.stack_dir / "kafka-logs"
    return "\n".join([
        "process.roles=broker,controller",
        "node.id=1",
        f"controller.quorum.voters=1@{host}:{ctl}",
        f"listeners=PLAINTEXT://{host}:{port},CONTROLLER://{host}:{ctl}",
        f"advertised.listeners=PLAINTEXT://{host}:{port}",
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        f"log.dirs={logs}",
        f"num.partitions={settings.partitions}",
        "default.replication.factor=1",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "min.insync.replicas=1",
        # Consumers join at once instead of waiting for more members: tests and the demo start fast.
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=true",
        "delete.topic.enable=true",
        "log.retention.hours=168",
        "",
    ])


def _classpath(jars: Path) -> str:
    return f"{jars}/*"


def prepare(settings: StackSettings, jars: Path) -> Path:
    """Write the configuration and, on first use, format the storage; returns server.properties."""
    folder = settings.stack_dir
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "server.properties"
    config.write_text(server_properties(settings))
    (folder / "log4j.properties").write_text(LOG4J)
    if not (folder / "kafka-logs" / "meta.properties").exists():
        done = subprocess.run([tools.java(), "-cp", _classpath(jars), *_log4j(folder), FORMAT_CLASS, "format",
                               "-t", cluster_id(), "-c", str(config), "--ignore-formatted"],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise StackError(f"formatting Kafka storage failed: {(done.stdout + done.stderr).strip()[-600:]}")
    return config


def cluster_id() -> str:
    """A random KRaft cluster id: a UUID in URL-safe base64, as Kafka writes one. Like Kafka's own, it never
    starts with "-", which kafka-storage's argument parser would read as an option (1 id in 64)."""
    while True:
        value = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not value.startswith("-"):
            return value


def _log4j(folder: Path) -> list[str]:
    return [f"-Dlog4j.configuration=file:{folder / 'log4j.properties'}"]


def command(settings: StackSettings, jars: Path, config: Path) -> list[str]:
    return [tools.java(), *KAFKA_HEAP.split(), "-XX:+UseG1GC", "-Djava.awt.headless=true",
            *_log4j(settings.stack_dir), "-cp", _classpath(jars), MAIN_CLASS, str(config)]


def answers(bootstrap: str, timeout: float = 2.0) -> bool:
    """The broker answers a metadata request with itself in it (an open port is not enough)."""
    client = AdminClient({"bootstrap.servers": bootstrap, "socket.connection.setup.timeout.ms": 1000,
                          "log_level": 0})
    try:
        return bool(client.list_topics(timeout=timeout).brokers)
    except KafkaException:
        return False


def wait_ready(bootstrap: str, timeout: float, still_running) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if answers(bootstrap):
            return
        if not still_running():
            raise StackError("Kafka exited while starting")
        time.sleep(0.5)
    raise StackError(f"Kafka did not answer a metadata request on {bootstrap} within {timeout:.0f} s")
