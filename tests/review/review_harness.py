"""A namespaced review service for the tests: its topics, its Redis keys, hits to feed it, a browser login."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import redis
from confluent_kafka import Producer

from rules.hits import Hit, hit_id
from schemas import codec
from schemas.codec import encode_hit
from streams.admin import delete_topics, ensure_topics
from streams.config import redis_url
from streams.export import read_values
from streams.naming import Names
from streams.review.accounts import add_user
from streams.review.cases import CaseStore
from streams.review.keys import case_key
from streams.review.process import ReviewProcess
from streams.review.service import review_topics

PASSWORD = "correct horse battery"
# alice works sanctions and embargo; bob only cbam
ACCOUNTS = {"alice": ["sanctions", "embargo"], "bob": ["cbam"]}


def unique_namespace(label: str) -> str:
    return f"it-{label}-{uuid.uuid4().hex[:8]}"


def wait_for(what: str, check: Callable[[], Any], timeout: float = 60.0, every: float = 0.2) -> Any:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def sanctions_hit(decl: str, version: int = 1, entity: str = "OFAC-36", role: str = "importer",
                  name: str = "Aerocaribbean Airlines", eori: str | None = "NL123456789012") -> Hit:
    rule = f"sanctions.party_name/{role}/{entity}"
    return Hit(hit_id=hit_id(decl, version, None, rule, "m1"), event_id=f"{decl}-v{version}", declaration_key=decl,
               declaration_version=version, queue="sanctions", rule_id=rule, rule_version="m1", score=0.97,
               reason=f"The {role} name '{name}' matches OFAC CUBA organisation 'AEROCARIBBEAN AIRLINES' ({entity}).",
               detected_at="2026-03-01T10:00:01Z", item_number=None, severity="hit", list_version="lists-1",
               event_time="2026-03-01T10:00:00Z",
               evidence={"party_role": role, "declared_name": name, "party_eori": eori,
                         "matched_name": "AEROCARIBBEAN AIRLINES", "entity_id": entity, "list": "OFAC",
                         "programme": "CUBA", "entity_type": "organisation", "score": 0.97, "why": "all tokens"})


def line_hit(decl: str, version: int, item: int, queue: str = "embargo", rule: str = "embargo.ru.cars") -> Hit:
    return Hit(hit_id=hit_id(decl, version, item, rule, "1"), event_id=f"{decl}-v{version}", declaration_key=decl,
               declaration_version=version, queue=queue, rule_id=rule, rule_version="1", score=1.0,  # type: ignore[arg-type]
               reason=f"Line {item}: passenger car of Russian origin.", detected_at="2026-03-01T10:00:01Z",
               item_number=item, severity="hit", event_time="2026-03-01T10:00:00Z",
               evidence={"commodity_code": "87032190", "origin_country": "RU", "eori": "DE998877665544"})


class ReviewRun:
    def __init__(self, bootstrap: str, namespace: str, workdir: Path, claim_timeout: float | None = None,
                 redis_at: str | None = None) -> None:
        self.bootstrap, self.names, self.workdir = bootstrap, Names(namespace), workdir
        self.redis_url = redis_at or redis_url()
        self.accounts = workdir / "reviewers.yaml"
        for name, queues in ACCOUNTS.items():
            add_user(self.accounts, name, PASSWORD, queues)
        ensure_topics(bootstrap, review_topics(self.names), 3)
        self.claim_timeout = claim_timeout
        self.starts = 0
        self.process: ReviewProcess | None = None
        self.store = CaseStore(redis.Redis.from_url(self.redis_url, decode_responses=True),
                               self.names.review_prefix)
        self._producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5})
        self.start()

    def start(self) -> ReviewProcess:
        self.starts += 1
        extra = {"GRENSWACHT_REDIS": self.redis_url, "GRENSWACHT_HOME": str(self.workdir)}
        self.process = ReviewProcess(self.names.namespace, self.accounts, self.workdir / f"review-{self.starts}.log",
                                     claim_timeout=self.claim_timeout, extra_env=extra).start()
        return self.process.wait_ready()

    @property
    def url(self) -> str:
        assert self.process is not None
        return self.process.url

    def send(self, hits: Sequence[Hit], flush: bool = True) -> None:
        for hit in hits:
            self._producer.produce(self.names.hit_topics[hit.queue], key=hit.hit_id.encode(), value=encode_hit(hit))
        if flush:
            self._producer.flush(10)

    def send_raw(self, queue: str, value: bytes) -> None:
        self._producer.produce(self.names.hit_topics[queue], value=value)
        self._producer.flush(10)

    def case_of(self, hit: Hit) -> str:
        return case_key(hit.queue, hit.declaration_key, hit.declaration_version)

    def wait_case(self, hit: Hit, hits: int = 1, timeout: float = 60.0) -> Any:
        key = self.case_of(hit)
        return wait_for(f"case {key} with {hits} hit(s)",
                        lambda: (c := self.store.case(key)) is not None and len(c.hits) >= hits and c, timeout)

    def decisions(self, idle_timeout: float = 2.0) -> list[dict[str, Any]]:
        return read_values(self.bootstrap, [self.names.decisions], idle_timeout, lambda raw: codec.decode(raw)[1])

    def audit(self, idle_timeout: float = 2.0) -> list[dict[str, Any]]:
        return read_values(self.bootstrap, [self.names.audit], idle_timeout, lambda raw: codec.decode(raw)[1])

    def close(self) -> None:
        if self.process is not None:
            self.process.stop()
        try:
            client = redis.Redis.from_url(self.redis_url)
            for key in client.scan_iter(match=f"{self.names.review_prefix}*", count=500):
                client.delete(key)
        except redis.RedisError:
            pass
        delete_topics(self.bootstrap, review_topics(self.names))


def login(page: Any, url: str, user: str, password: str = PASSWORD) -> None:
    page.goto(url + "/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/")
