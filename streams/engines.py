"""The screening set in force, and how a new one replaces it.

A new `Engine` is compiled in a thread (profiles, lists, authorisations) while
the agents keep screening with the old one; the swap is a single reference
assignment that agents read once per batch, so a batch never sees two sets. A
set that fails to build is refused, logged and counted; the old one stays.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rules.engine import Engine
from rules.records import Authorisation, Declaration
from rules.sanctions.allow import AllowList
from schemas import codec
from streams import lists as list_files
from streams.config import WorkerConfig
from streams.lists import ListsInForce
from streams.metrics import Metrics

if TYPE_CHECKING:
    from rules.sanctions import PartyScreener

log = logging.getLogger(__name__)


def build_screener(config: WorkerConfig) -> "tuple[PartyScreener | None, ListsInForce]":
    loaded, described = list_files.load(config.lists, config.list_max_age_days)
    if loaded is None:
        return None, described
    from rules.sanctions import PartyScreener

    return PartyScreener.build(loaded), described


@dataclass
class Inputs:
    """Everything an Engine is built from."""

    lists: ListsInForce
    authorisations: tuple[Authorisation, ...] = ()
    screener: "PartyScreener | None" = None


# One import line with a party name: enough to run every compiled kernel once (profiles, name matcher).
_WARM_UP = {"event_id": "warm-up", "source": "DMS", "declaration_type": "H1", "direction": "IMPORT",
            "lrn": "WARMUP", "version": 1, "event_time": "2026-01-01T00:00:00Z",
            "importer": {"name": "Warm Up Trading Company", "country": "NL"},
            "lines": [{"item_number": 1, "commodity_code": "87032190", "origin_country": "RU",
                       "procedure_code": "4000", "net_mass_kg": 1200.0, "value_eur": 9000.0}]}


def warm_up(engine: Engine) -> None:
    """Decode and screen one made-up declaration and drop the result. numba compiles (or loads from its
    cache) on first call; without this the first real batch after `ready` would wait seconds for it."""
    decoded = codec.decode_declarations([codec.encode("declaration", _WARM_UP)])
    if not isinstance(decoded[0], Declaration):
        raise decoded[0]
    engine.screen(decoded, "2026-01-01T00:00:00Z")


def build_engine(config: WorkerConfig, inputs: Inputs) -> Engine:
    return Engine.build(config.profiles_dir, inputs.authorisations, inputs.screener, config.sample_rate)


class EngineSlot:
    """Holds the current Engine; `ready` is set once the reference data has been read."""

    def __init__(self, config: WorkerConfig, metrics: Metrics, engine: Engine, inputs: Inputs) -> None:
        self.config = config
        self.metrics = metrics
        self.engine = engine
        self.inputs = inputs
        self.ready = asyncio.Event()
        self._lock = asyncio.Lock()
        self.allow_list = AllowList()
        self._suppressed_seen: tuple[int, int] = (0, 0)     # (id of the screener, its count already counted)
        self.suppressed = 0                                  # since this worker started
        metrics.set_engine(engine.profile_version, engine.list_version)
        metrics.set_lists(inputs.lists)

    def set_allow_list(self, allow_list: AllowList, version: str) -> None:
        """Swap the reviewers' allow-list into the screener in force (and every one built later): one
        attribute assignment, read by the screener once per party, so no rebuild of the lists."""
        self.allow_list = allow_list
        screener = self.engine.party_screener
        if screener is not None:
            screener.allow_list = allow_list
        self.metrics.set_allow_list(version, len(allow_list))

    def count_suppressions(self, engine: Engine) -> None:
        """Carry the screener's own suppression count over to /metrics (screeners are replaced on reload)."""
        screener = engine.party_screener
        if screener is None:
            return
        seen_id, seen = self._suppressed_seen
        now = screener.counters["suppressed"]
        delta = now - seen if seen_id == id(screener) else now
        if delta > 0:
            self.metrics.suppressions.inc(delta)
            self.suppressed += delta
        self._suppressed_seen = (id(screener), now)

    @classmethod
    def start(cls, config: WorkerConfig, metrics: Metrics) -> "EngineSlot":
        """Build the first set before any consumer starts: a bad set on start is an error, not a refusal."""
        screener, described = build_screener(config)
        described.log_state(config.list_max_age_days)
        inputs = Inputs(described, screener=screener)
        engine = build_engine(config, inputs)
        warm_up(engine)
        return cls(config, metrics, engine, inputs)

    async def rebuild(self, trigger: str, *, lists: bool = False,
                      authorisations: Iterable[Authorisation] | None = None) -> bool:
        """Build a new set off the event loop and swap it in; False when it was refused."""
        async with self._lock:
            auths = tuple(authorisations) if authorisations is not None else self.inputs.authorisations
            loop = asyncio.get_running_loop()
            try:
                screener, described = (await loop.run_in_executor(None, build_screener, self.config)
                                       if lists else (self.inputs.screener, self.inputs.lists))
                if screener is not None:
                    screener.allow_list = self.allow_list
                inputs = Inputs(described, auths, screener)
                engine = await loop.run_in_executor(None, build_engine, self.config, inputs)
            except Exception as exc:    # any failure to build: refuse the set, keep screening with the old
                self.metrics.reloads.labels("refused", trigger).inc()
                log.error("refused the new screening set (%s): %s; the set %s stays in force",
                          trigger, exc, self.engine.profile_version)
                return False
            self.engine, self.inputs = engine, inputs
            settle_heap()
            self.metrics.reloads.labels("applied", trigger).inc()
            self.metrics.set_engine(engine.profile_version, engine.list_version)
            self.metrics.set_lists(described)
            self.metrics.authorisations.set(len(auths))
            if lists:
                described.log_state(self.config.list_max_age_days)
            log.info("screening set in force: profiles %s, lists %s, %d authorisations (%s)",
                     engine.profile_version, engine.list_version, len(auths), trigger)
            return True


GC_YOUNG_THRESHOLD = 20_000


def settle_heap() -> None:
    """Move what is alive now (the screening set: list names, index, profiles) out of the collector's
    reach. Every full collection would otherwise walk those objects again while batches allocate."""
    gc.collect()
    gc.freeze()
    # a batch allocates thousands of short-lived containers (decoded declarations, hits, events); at the
    # default threshold of 700 the youngest generation is collected many times per batch for no garbage
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
