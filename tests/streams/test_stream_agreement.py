"""On the real broker: 100,000 generated lines replayed through a worker agree with `grenswacht screen`,
and replaying them again changes nothing.

One run serves both tests (the second one replays into the first one's namespace),
so the 100,000-line file is generated, screened offline and streamed once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from stream_harness import (StreamRun, offline_screen, running_total_hits_are_consistent, stateless,
                            unique_namespace)

from loadtest.files import write_authorisations, write_declarations
from loadtest.listnames import sanctioned_names
from rules.engine import Engine
from rules.hits import Hit
from rules.records import authorisation_from_dict
from rules.sanctions import PartyScreener, load_lists

pytestmark = pytest.mark.integration

LINES = 100_000
SEED = 23


@dataclass
class Agreement:
    run: StreamRun
    path: Path
    expected_hits: dict[str, Hit]
    expected_totals: dict[str, float]
    hits: dict[str, Hit]
    totals: dict[str, float]


@pytest.fixture(scope="module")
def agreement(bootstrap: str, sanctions_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Agreement]:
    workdir = tmp_path_factory.mktemp("agreement")
    path, auth_path = workdir / "declarations.jsonl", workdir / "authorisations.jsonl"
    write_declarations(path, LINES, SEED, sanctioned_names=sanctioned_names([sanctions_dir], SEED))
    auths = [authorisation_from_dict(a) for a in write_authorisations(auth_path, SEED)]
    run = StreamRun(bootstrap, unique_namespace("agree"), workdir / "stream", lists=[sanctions_dir])
    try:
        run.load_authorisations(auths)
        run.start_worker()
        run.replay(path)
        engine = Engine.build(None, auths, PartyScreener.build(load_lists([sanctions_dir])))
        expected_hits, expected_totals, _ = offline_screen(engine, path)   # while the worker works
        run.drain()
        hits, _ = run.hits()
        yield Agreement(run, path, expected_hits, expected_totals, hits, run.totals())
    finally:
        run.close()


def test_stream_and_offline_screen_give_the_same_hits_and_totals(agreement: Agreement) -> None:
    expected = stateless(agreement.expected_hits)
    assert {h.queue for h in agreement.expected_hits.values()} >= {"sanctions", "embargo", "cbam", "overrun",
                                                                    "sample"}
    assert stateless(agreement.hits) == expected
    assert agreement.totals == pytest.approx(agreement.expected_totals)
    assert len(agreement.totals) > 5 and any(agreement.totals.values())
    running_total_hits_are_consistent(agreement.hits)


def test_every_hit_carries_the_versions_that_produced_it(agreement: Agreement) -> None:
    sanctions = [h for h in agreement.hits.values() if h.queue == "sanctions"]
    assert sanctions and all(h.list_version for h in sanctions)
    assert all(h.rule_version for h in agreement.hits.values())


def test_replaying_the_same_file_again_adds_nothing(agreement: Agreement) -> None:
    run = agreement.run
    run.replay(agreement.path)
    run.drain()
    hits, duplicates = run.hits()
    assert set(hits) == set(agreement.hits)
    assert duplicates >= len(agreement.hits)        # every hit came again, with the same id
    assert run.totals() == agreement.totals
