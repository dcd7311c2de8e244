"""Starting a worker: build the screening set, wait for the broker, create topics, run Faust.

The broker may be down when a worker starts (or restarts after a crash): it then
retries with exponential backoff, says so in the log at each attempt, and serves
/metrics (grenswacht_broker_up 0, a growing connection-error count) on its web
port until Faust takes the port over.
"""

from __future__ import annotations

import logging
import sys
from typing import NoReturn

from prometheus_client import start_http_server

from streams.admin import ensure_topics, internal_topics, wait_for_broker, worker_topics
from streams.arenas import limit_malloc_arenas
from streams.config import WorkerConfig
from streams.engines import EngineSlot
from streams.metrics import BrokerErrorCounter, Metrics
from streams.topology import Topology, install

log = logging.getLogger("grenswacht.worker")


def _wait_for_broker(config: WorkerConfig, metrics: Metrics) -> None:
    server = None

    def missed(attempt: int, delay: float, error: Exception) -> None:
        nonlocal server
        metrics.broker_up.set(0)
        metrics.broker_errors.inc()
        log.warning("%s (attempt %d); retrying in %.0f s", error, attempt, delay)
        if server is None:
            try:
                server, _ = start_http_server(config.web_port, addr="127.0.0.1", registry=metrics.registry)
            except OSError as exc:
                log.error("cannot serve /metrics on port %d: %s", config.web_port, exc)

    try:
        wait_for_broker(config.bootstrap, missed)
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
    metrics.broker_up.set(1)


def run_worker(config: WorkerConfig, loglevel: str = "info") -> NoReturn:
    import faust

    logging.basicConfig(level=loglevel.upper(), format="[%(asctime)s] %(levelname)s %(name)s: %(message)s")
    limit_malloc_arenas()      # before faust starts its consumer thread
    metrics = Metrics()
    logging.getLogger("aiokafka").addHandler(BrokerErrorCounter(metrics))
    log.info("building the screening set (profiles %s, lists %s)", config.profiles_dir or "shipped",
             config.lists.describe())
    slot = EngineSlot.start(config, metrics)      # a bad profile set or list stops here, with its error
    _wait_for_broker(config, metrics)
    topics = {**worker_topics(config.names), **internal_topics(config.names)}
    created = ensure_topics(config.bootstrap, topics, config.partitions)
    if created:
        log.info("created topics: %s", ", ".join(created))
    app = create_app_with(config, metrics, slot)
    worker = faust.Worker(app, loglevel=loglevel, redirect_stdouts=False, quiet=True)
    worker.execute_from_commandline()
    sys.exit(0)     # execute_from_commandline exits itself; this keeps the NoReturn honest


def create_app_with(config: WorkerConfig, metrics: Metrics, slot: EngineSlot) -> "object":
    from streams.app import create_app

    app = create_app(config)
    install(app, Topology.plan(config), metrics, slot)
    return app
