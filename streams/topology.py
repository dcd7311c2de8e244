"""The whole stream graph in one place: topics, agents, tables, timers, tasks and web pages.

`Topology.plan(config)` says what the worker runs; `install` registers exactly that
on a Faust app; `describe` prints it (`grenswacht topology`).

    decl.<source> --screen-<source>---------------------------------------> hits.<queue>
          |  (tap.take, Engine.screen, hit ledger)                             (Avro, key hit_id)
          |  table: declaration-ledger (partitioned as the sources)                 ^
          +--> <app>-contributions (keyed by total_key) --totals (table: totals)----+
          v
    decl.deadletter
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import faust
import orjson

from rules.stored import RecordTable
from rules.totals import totals_snapshot
from streams.admin import probe
from streams.agents.screening import screening_agent
from streams.agents.totals import totals_agent
from streams.allowlist import AllowListReader, SuppressionTally
from streams.arenas import TRIM_EVERY, trim_heap
from streams.config import WorkerConfig
from streams.engines import EngineSlot
from streams.errors import BrokerUnreachable
from streams.fetchwait import ShortFetchApp
from streams.metrics import CONTENT_TYPE_LATEST, Metrics
from streams.reference import AuthorisationReader
from streams.reload import ReloadWatcher, listen
from streams.runtime import Runtime
from streams.tap import SourceTap
from streams.topics import LEDGER_TABLE, TOTALS_TABLE

log = logging.getLogger(__name__)

LAG_EVERY = 5.0          # seconds between consumer-lag readings
PROBE_EVERY = 10.0       # seconds between broker probes


@dataclass(frozen=True)
class Topology:
    config: WorkerConfig

    @classmethod
    def plan(cls, config: WorkerConfig) -> "Topology":
        return cls(config)

    @property
    def screening(self) -> dict[str, tuple[str, str]]:
        """Source system -> (agent name, source topic)."""
        return {system: (f"screen-{system.lower()}", topic) for system, topic in self.config.names.sources.items()}

    def describe(self) -> str:
        c, n = self.config, self.config.names
        out = [f"grenswacht topology (app id {n.app_id!r}, broker {c.bootstrap}, {c.partitions} partitions)", ""]
        out.append("Topics (streams.topics)")
        for topic, spec in n.topics().items():
            out.append(f"  {topic:<36} {spec.role:<11} {spec.describe()}, {spec.partitions or c.partitions} partitions")
        out.append("")
        out.append("Sub-topology 1: screening (one agent per source topic, concurrency 1)")
        for system, (agent, topic) in self.screening.items():
            out.append(f"  source  {topic:<28} Avro DeclarationEvent, key = declaration key")
            out.append(f"    agent {agent:<28} tap.take({c.batch_max}, {c.batch_within} s) -> decode -> "
                       "validate -> Engine.screen -> rules.ledger.new_hits")
        out += [f"    table {LEDGER_TABLE:<28} rocksdict, rules.stored records, changelog {n.changelog(LEDGER_TABLE)} "
                "(partition of the source message)"]
        out += [f"    sink  {topic:<28} Avro Hit, key = hit_id (stateless hits)" for topic in n.hit_topics.values()]
        out += [f"    sink  {n.contributions:<28} Contribution (key total_key)",
                f"    sink  {n.dead_letter:<28} undecodable, invalid or engine-failing events, with reason", ""]
        out.append("Sub-topology 2: running totals (one event at a time)")
        out += [f"  source  {n.contributions:<28} internal, {c.partitions} partitions",
                f"    agent {'totals':<28} Contribution -> rules.totals.apply_one; manifest -> retractions",
                f"    table {TOTALS_TABLE:<28} rocksdict, rules.stored records, changelog {n.changelog(TOTALS_TABLE)}",
                f"    sink  {n.contributions:<28} retractions of amended lines (key total_key)"]
        for queue, topic in n.hit_topics.items():
            out.append(f"    sink  {topic:<28} Avro Hit, key = hit_id ({queue} review queue, running totals)")
        out += ["", "Reference data and reload",
                f"  task    authorisations reader        {n.authorisations} from the beginning, no group "
                "(every worker holds all)",
                f"  task    allow-list reader            {n.allow_list} from the beginning, no group "
                "(reviewers' cleared pairs, swapped into the name screener)",
                f"  timer   reload poll every {c.reload_poll:g} s       profiles "
                f"{c.profiles_dir or '(shipped)'}, lists {c.lists.describe()}",
                f"  task    reload listener              redis channel {n.reload_channel}",
                f"  timer   allow-list suppressions every {LAG_EVERY:g} s to redis {n.suppressions_counter}",
                f"  timer   consumer lag every {LAG_EVERY:g} s",
                f"  timer   broker probe every {PROBE_EVERY:g} s",
                f"  timer   heap trim every {TRIM_EVERY:g} s         free malloc pages back to the system",
                "", f"Web (port {c.web_port}): /metrics (Prometheus), /totals (running totals), /status"]
        return "\n".join(out)


# faust's RocksDB defaults give every table partition a 64 MiB write buffer (three of them) and a 2 GiB
# block cache: a worker's memory then grows for hours with the writes not yet flushed. Small buffers
# flush early and bound what unflushed writes hold; the tables are read mostly for keys written recently.
# (faust pops "driver" out of the options it is given: each table gets a copy.)
STORE_OPTIONS = {"driver": "rocksdict", "write_buffer_size": 2**19, "max_write_buffer_number": 2,
                 "block_cache_size": 8 * 2**20}


def install(app: ShortFetchApp, topology: Topology, metrics: Metrics, slot: EngineSlot) -> Runtime:
    config, names = topology.config, topology.config.names
    raw = {"key_type": bytes, "value_type": bytes, "key_serializer": "raw", "value_serializer": "raw"}
    contributions = app.topic(names.contributions, partitions=config.partitions, internal=True, **raw)
    # values are the versioned records of rules.stored, encoded by RecordTable (raw bytes in the table)
    table = {"partitions": config.partitions, "key_type": str, "value_type": bytes}
    runtime = Runtime(
        config=config, metrics=metrics, slot=slot, app=app, contributions=contributions,
        hit_topics={q: app.topic(t, **raw) for q, t in names.hit_topics.items()},
        dead_letters=app.topic(names.dead_letter, **raw),
        totals=RecordTable(app.Table(TOTALS_TABLE, options=dict(STORE_OPTIONS), **table)),
        ledger=RecordTable(app.Table(LEDGER_TABLE, options=dict(STORE_OPTIONS), **table)))
    for system, (agent, topic) in topology.screening.items():
        tap = app.taps[topic] = SourceTap(app, config.tap_size)
        app.agent(app.topic(topic, **raw), name=agent, concurrency=1)(screening_agent(runtime, system, tap))
    app.agent(contributions, name="totals", concurrency=1)(totals_agent(runtime))
    _install_tasks(app, runtime)
    _install_pages(app, runtime)
    return runtime


def _install_tasks(app: faust.App, runtime: Runtime) -> None:
    config, names, metrics = runtime.config, runtime.config.names, runtime.metrics
    reader = AuthorisationReader(config.bootstrap, names.authorisations, runtime.slot)
    allow = AllowListReader(config.bootstrap, names.allow_list, runtime.slot)
    watcher = ReloadWatcher(runtime.slot)
    tally = SuppressionTally(config.redis_url, names.suppressions_counter, runtime.slot)

    @app.task
    async def read_authorisations() -> None:
        await reader.run()

    @app.task
    async def read_allow_list() -> None:
        await allow.run()

    @app.task
    async def reload_listener() -> None:
        await listen(config.redis_url, names.reload_channel, watcher)

    @app.timer(config.reload_poll, name="reload-poll")
    async def reload_poll() -> None:
        await watcher.poll()

    @app.timer(LAG_EVERY, name="suppressions-to-review")
    async def suppressions_to_review() -> None:
        await tally.push()

    @app.timer(LAG_EVERY, name="consumer-lag")
    async def consumer_lag() -> None:
        record_lag(app, metrics)

    @app.timer(TRIM_EVERY, name="heap-trim")
    async def heap_trim() -> None:
        trim_heap()

    @app.timer(PROBE_EVERY, name="broker-probe")
    async def broker_probe() -> None:
        try:
            await asyncio.get_running_loop().run_in_executor(None, probe, config.bootstrap)
            metrics.broker_up.set(1)
        except BrokerUnreachable as exc:
            metrics.broker_up.set(0)
            metrics.broker_errors.inc()
            log.warning("%s; the consumer keeps retrying", exc)


def record_lag(app: faust.App, metrics: Metrics) -> None:
    consumer = app.consumer
    read = getattr(consumer, "_read_offset", {})
    committed = getattr(consumer, "_committed_offset", {})
    for tp in consumer.assignment():
        try:
            end = consumer.highwater(tp)
        except Exception:   # not fetched yet after a rebalance: no reading this round
            continue
        if end is None:
            continue
        last = read.get(tp)
        position = last + 1 if last is not None else committed.get(tp)
        if position is not None:
            metrics.lag.labels(tp.topic, str(tp.partition)).set(max(0, end - position))


def _install_pages(app: faust.App, runtime: Runtime) -> None:
    @app.page("/metrics")
    async def metrics_page(web: Any, request: Any) -> Any:
        # aiohttp refuses a charset inside content_type; the exposition format's full type goes as a header
        return web.bytes(runtime.metrics.render(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    @app.page("/totals")
    async def totals_page(web: Any, request: Any) -> Any:
        return web.bytes(orjson.dumps(totals_snapshot(runtime.totals), option=orjson.OPT_SORT_KEYS),
                         content_type="application/json")

    @app.page("/status")
    async def status_page(web: Any, request: Any) -> Any:
        engine = runtime.slot.engine
        return web.bytes(orjson.dumps({
            "ready": runtime.slot.ready.is_set(), "profile_version": engine.profile_version,
            "list_version": engine.list_version, "lists": runtime.slot.inputs.lists.status(),
            "authorisations": len(runtime.slot.inputs.authorisations),
            "assignment": sorted(f"{tp.topic}:{tp.partition}" for tp in app.consumer.assignment()),
        }), content_type="application/json")
