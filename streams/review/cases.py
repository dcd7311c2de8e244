"""Cases in Redis: a hash per case, a hash of its hits, one stream per queue for the order of work.

A case is one declaration version on one queue (`keys.case_key`). A hit joins
its case once (HSETNX on its id). A newer version that still hits opens a new
case and supersedes the older one while it is undecided; both stay readable and
point at each other. Claims are entries of the queue's stream read by the
consumer group `reviewers` (XREADGROUP); an entry whose case is no longer open
(superseded, or moved back to the queue as a new entry) is acknowledged and skipped.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

import orjson
import redis

from streams.review import scripts
from streams.review.keys import GROUP, RETURNED, Keys, case_key

EORI_EVIDENCE = ("eori", "holder_eori", "party_eori")
STATUSES = ("open", "claimed", "decided", "superseded")


@dataclass
class Case:
    key: str
    fields: dict[str, str]
    hits: list[dict[str, Any]] = field(default_factory=list)

    @property
    def queue(self) -> str:
        return self.fields["queue"]

    @property
    def status(self) -> str:
        return self.fields.get("status", "open")

    def __getattr__(self, name: str) -> str | None:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.fields.get(name)


@dataclass(frozen=True)
class QueueStats:
    queue: str
    open: int
    claimed: int
    oldest_open_seconds: float | None
    decided_today: int


def today() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d")


def iso_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class CaseStore:
    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self.r = client
        self.keys = Keys(prefix)
        self._add = client.register_script(scripts.ADD_HIT)
        self._claim = client.register_script(scripts.CLAIM)
        self._requeue = client.register_script(scripts.REQUEUE)
        self._decide = client.register_script(scripts.DECIDE)

    @classmethod
    def connect(cls, url: str, prefix: str) -> "CaseStore":
        return cls(redis.Redis.from_url(url, decode_responses=True, socket_timeout=5.0), prefix)

    def ensure_groups(self) -> None:
        for queue in self.keys.queues:
            try:
                self.r.xgroup_create(self.keys.stream(queue), GROUP, id="0", mkstream=True)
            except redis.ResponseError as exc:
                if "BUSYGROUP" not in str(exc):
                    raise

    # --- hits in ---------------------------------------------------------------------------------

    def add_hits(self, hits: list[dict[str, Any]]) -> list[int]:
        """Write hits into their cases in one round trip; per hit, the code of scripts.ADD_HIT."""
        pipe = self.r.pipeline(transaction=False)
        k, now, stamp, stem = self.keys, time.time(), iso_now(), self.keys.case("")
        for hit in hits:
            queue, decl = hit["queue"], hit["declaration_key"]
            key = case_key(queue, decl, hit["declaration_version"])
            self._add(keys=[k.case(key), k.hits(key), k.stream(queue), k.versions(queue, decl), k.hit_index,
                            k.open(queue), k.by_declaration(decl), k.claimed(queue)],
                      args=[key, hit["hit_id"], orjson.dumps(hit), queue, decl, hit["declaration_version"], now,
                            stamp, stem, GROUP], client=pipe)
        for hit in hits:
            evidence = hit.get("evidence") or {}
            for eori in {evidence.get(name) for name in EORI_EVIDENCE} - {None, ""}:
                if isinstance(eori, str):
                    pipe.sadd(k.by_eori(eori), case_key(hit["queue"], hit["declaration_key"],
                                                        hit["declaration_version"]))
        return [int(code) for code in pipe.execute()[:len(hits)]]

    def add_hit(self, hit: dict[str, Any]) -> int:
        return self.add_hits([hit])[0]

    # --- reading ---------------------------------------------------------------------------------

    def case(self, key: str, with_hits: bool = True) -> Case | None:
        fields = self.r.hgetall(self.keys.case(key))
        if not fields:
            return None
        found = Case(key, fields)
        if with_hits:
            raw = self.r.hvals(self.keys.hits(key))
            found.hits = sorted((orjson.loads(h) for h in raw),
                                key=lambda h: (h.get("item_number") or 0, h["rule_id"], h["hit_id"]))
        return found

    def cases(self, keys: list[str]) -> list[Case]:
        return [c for c in (self.case(k, with_hits=False) for k in keys) if c is not None]

    def queue_cases(self, queue: str, limit: int = 100) -> dict[str, list[Case]]:
        """Open cases oldest first and claimed ones, of one queue."""
        k = self.keys
        return {"open": self.cases(self.r.zrange(k.open(queue), 0, limit - 1)),
                "claimed": self.cases(self.r.zrange(k.claimed(queue), 0, limit - 1))}

    def stats(self, queue: str) -> QueueStats:
        k = self.keys
        oldest = self.r.zrange(k.open(queue), 0, 0, withscores=True)
        return QueueStats(queue, int(self.r.zcard(k.open(queue))), int(self.r.zcard(k.claimed(queue))),
                          time.time() - oldest[0][1] if oldest else None,
                          int(self.r.get(k.decided(queue, today())) or 0))

    def decisions_last_hour(self, queue: str) -> dict[str, int]:
        """Decision kind -> count over the last hour (older ones are trimmed here)."""
        k, now = self.keys.decisions(queue), time.time()
        self.r.zremrangebyscore(k, "-inf", now - 86400)
        out: dict[str, int] = {}
        for member in self.r.zrangebyscore(k, now - 3600, "+inf"):
            kind = member.split("|", 1)[0]
            out[kind] = out.get(kind, 0) + 1
        return out

    def search(self, text: str) -> list[Case]:
        """By hit id, declaration key or EORI: the first that finds anything."""
        k, text = self.keys, text.strip()
        if not text:
            return []
        by_hit = self.r.hget(k.hit_index, text)
        if by_hit:
            return self.cases([by_hit])
        found = self.r.smembers(k.by_declaration(text)) or self.r.smembers(k.by_eori(text))
        if not found and self.r.exists(k.case(text)):
            found = {text}
        return sorted(self.cases(list(found)), key=lambda c: (c.queue, int(c.fields.get("version", 0))))

    def history(self, reviewer: str, limit: int = 200) -> list[dict[str, Any]]:
        return [orjson.loads(x) for x in self.r.lrange(self.keys.history(reviewer), 0, limit - 1)]

    # --- claims ----------------------------------------------------------------------------------

    def claim_next(self, queue: str, reviewer: str) -> str | None:
        """The next open case of the queue for this reviewer, or None when the queue is empty."""
        k = self.keys
        while True:
            try:
                read = self.r.xreadgroup(GROUP, reviewer, {k.stream(queue): ">"}, count=1)
            except redis.ResponseError as exc:
                if "NOGROUP" not in str(exc):
                    raise
                self.ensure_groups()
                continue
            if not read:
                return None
            entry, fields = read[0][1][0]
            key = fields["case"]
            if self._claim(keys=[k.case(key), k.stream(queue), k.open(queue), k.claimed(queue)],
                           args=[entry, reviewer, time.time(), iso_now(), key, GROUP]):
                return key

    def release(self, key: str, reviewer: str) -> bool:
        case = self.case(key, with_hits=False)
        if case is None:
            return False
        return self._requeue_case(case, "", reviewer)

    def _requeue_case(self, case: Case, entry: str, reviewer: str) -> bool:
        k, queue = self.keys, case.queue
        return bool(self._requeue(keys=[k.case(case.key), k.stream(queue), k.open(queue), k.claimed(queue)],
                                  args=[entry, reviewer, case.key, GROUP]))

    def return_expired(self, queue: str, timeout: float) -> list[str]:
        """Claims idle longer than `timeout` seconds go back to the queue (XAUTOCLAIM); their case keys."""
        k, start, returned = self.keys, "0-0", []
        while True:
            try:
                reply = self.r.xautoclaim(k.stream(queue), GROUP, RETURNED, int(timeout * 1000), start, count=100)
            except redis.ResponseError as exc:
                if "NOGROUP" in str(exc):
                    return returned
                raise
            start, claimed = reply[0], reply[1]
            for entry, fields in claimed:
                if not fields:      # the entry was trimmed away: nothing to return
                    self.r.xack(k.stream(queue), GROUP, entry)
                    continue
                case = self.case(fields["case"], with_hits=False)
                if case is not None and self._requeue_case(case, entry, ""):
                    returned.append(case.key)
                elif case is None:
                    self.r.xack(k.stream(queue), GROUP, entry)
            if start in ("0-0", b"0-0"):
                return returned

    def decide(self, key: str, reviewer: str, decision: str, comment: str, decision_id: str,
               decided_at: str) -> int:
        """See scripts.DECIDE for the result codes."""
        case = self.case(key, with_hits=False)
        if case is None:
            return -1
        k, queue = self.keys, case.queue
        entry = orjson.dumps({"case": key, "queue": queue, "decision": decision, "comment": comment,
                              "at": decided_at, "declaration_key": case.declaration_key,
                              "version": case.version, "decision_id": decision_id})
        return int(self._decide(
            keys=[k.case(key), k.stream(queue), k.claimed(queue), k.decided(queue, today()), k.decisions(queue),
                  k.history(reviewer)],
            args=[reviewer, decision, comment, decided_at, time.time(), key, GROUP, entry, decision_id]))

    def mark_allow_listed(self, key: str, entries: list[tuple[str, dict[str, Any]]]) -> None:
        if entries:
            self.r.hset(self.keys.case(key), "allow_listed", ",".join(k for k, _ in entries))
            self.r.hset(self.keys.allow_list, mapping={k: orjson.dumps(e) for k, e in entries})

    def allow_entries(self) -> dict[str, dict[str, Any]]:
        return {k: orjson.loads(v) for k, v in sorted(self.r.hgetall(self.keys.allow_list).items())}

    def forget_allow_entry(self, entry_key: str) -> bool:
        return bool(self.r.hdel(self.keys.allow_list, entry_key))
