"""`grenswacht review serve`: the hit reader in a thread, the page on uvicorn, one process."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn

from streams.admin import ensure_topics, probe
from streams.config import kafka_bootstrap, redis_url
from streams.naming import Names
from streams.settings import Settings
from streams.review.accounts import Accounts, default_path
from streams.review.actions import Desk
from streams.review.cases import CaseStore
from streams.review.ingest import Ingest
from streams.review.metrics import ReviewMetrics
from streams.review.publisher import Publisher
from streams.review.security import LoginThrottle, session_secret
from streams.review.web import create_app

log = logging.getLogger(__name__)

DEFAULT_PORT = 6070


def default_claim_timeout() -> float:
    return float(Settings.from_env().claim_timeout)


@dataclass(frozen=True)
class ReviewConfig:
    names: Names = field(default_factory=Names.from_env)
    bootstrap: str = field(default_factory=kafka_bootstrap)
    redis_url: str = field(default_factory=redis_url)
    accounts: Path = field(default_factory=default_path)
    claim_timeout: float = field(default_factory=default_claim_timeout)
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    partitions: int = field(default_factory=lambda: Settings.from_env().partitions)


def review_topics(names: Names) -> dict[str, dict[str, str]]:
    from streams.admin import worker_topics

    wanted = {*names.hit_topics.values(), names.dead_letter, names.decisions, names.audit, names.allow_list}
    return {t: c for t, c in worker_topics(names).items() if t in wanted}


def serve(config: ReviewConfig) -> None:
    probe(config.bootstrap, timeout=10.0)
    ensure_topics(config.bootstrap, review_topics(config.names), config.partitions)
    metrics = ReviewMetrics()
    store = CaseStore.connect(config.redis_url, config.names.review_prefix)
    store.ensure_groups()
    metrics.watch(store, config.names.suppressions_counter)
    publisher = Publisher(config.bootstrap, config.names)
    desk = Desk(store, publisher, Accounts(config.accounts), metrics, config.claim_timeout)
    ingest = Ingest(config.bootstrap, config.names, store, publisher,
                    on_result=lambda queue, code: metrics.hits.labels(queue, _RESULTS[code]).inc())
    reader = threading.Thread(target=ingest.run, name="hit-reader", daemon=True)
    reader.start()
    app = create_app(desk, LoginThrottle(store.r, store.keys.failures), session_secret(config.accounts.parent),
                     healthy=lambda: reader.is_alive() and not ingest.failed)
    log.info("review service on http://%s:%d (group %s, accounts %s, claims return after %g s)",
             config.host, config.port, config.names.review_group, config.accounts, config.claim_timeout)
    try:
        uvicorn.run(app, host=config.host, port=config.port, log_level="warning")
    finally:
        ingest.stop.set()
        reader.join(timeout=10)


_RESULTS = {0: "duplicate", 1: "joined", 2: "opened", 3: "opened_superseded"}
