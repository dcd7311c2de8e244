"""On the real broker: poison events go to the dead-letter topic while everything else is screened, and a
worker killed mid-replay and restarted ends where an uninterrupted run ends."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from stream_harness import (StreamRun, offline_screen, running_total_hits_are_consistent, stateless,
                            unique_namespace)

from loadtest.files import write_authorisations, write_declarations
from rules.engine import Engine
from rules.records import authorisation_from_dict
from streams.export import read_topics

pytestmark = pytest.mark.integration


def test_poison_events_are_dead_lettered_and_the_rest_screened(bootstrap: str, tmp_path: Path) -> None:
    path = tmp_path / "poisoned.jsonl"
    written = write_declarations(path, 4_000, seed=31, malformed=34)
    auths = [authorisation_from_dict(a) for a in write_authorisations(tmp_path / "auth.jsonl", 31)]
    expected_hits, expected_totals, good_lines = offline_screen(Engine.build(None, auths), path)
    raw_lines = path.read_bytes().split(b"\n")
    run = StreamRun(bootstrap, unique_namespace("poison"), tmp_path / "stream")
    try:
        run.load_authorisations(auths)
        worker = run.start_worker()
        sent = run.replay(path, raw_invalid=True)
        assert sent.raw_invalid == len(written.malformed) == 34
        run.drain()
        letters = run.dead_letters()
        assert sorted(letter["original"] for letter in letters) == sorted(
            invalid_on_the_wire(raw_lines[n - 1]) for n in written.malformed)
        assert all(letter["reason"] and letter["topic"] in run.names.sources.values() for letter in letters)
        assert any(letter["field"] for letter in letters)          # schema breaks name their field
        located = source_messages(bootstrap, run.names.sources.values())
        assert all(located[(d["topic"], d["partition"], d["offset"])] == d["original"] for d in letters)
        assert worker.metric("grenswacht_lines_screened_total") == good_lines == written.lines
        assert worker.metric("grenswacht_dead_letters_total") == 34
        hits, _ = run.hits()
        assert stateless(hits) == stateless(expected_hits)
        running_total_hits_are_consistent(hits)
        assert run.totals() == pytest.approx(expected_totals)
    finally:
        run.close()


def invalid_on_the_wire(raw: bytes) -> bytes:
    from streams.publish import invalid_value
    return invalid_value(raw)


def source_messages(bootstrap: str, topics: object) -> dict[tuple[str, int, int], bytes]:
    return {(m.topic(), m.partition(), m.offset()): m.value() for m in read_topics(bootstrap, topics, 1.5)}


def test_a_killed_worker_restarted_ends_like_an_uninterrupted_run(bootstrap: str, tmp_path: Path) -> None:
    path = tmp_path / "declarations.jsonl"
    written = write_declarations(path, 24_000, seed=37)
    auths = [authorisation_from_dict(a) for a in write_authorisations(tmp_path / "auth.jsonl", 37)]
    expected_hits, expected_totals, _ = offline_screen(Engine.build(None, auths), path)
    # One partition: the order of one key's contributions is the file's, so an uninterrupted run gives
    # exactly the offline hits, the running-total ones included, and any difference is the crash's doing.
    run = StreamRun(bootstrap, unique_namespace("crash"), tmp_path / "stream", partitions=1)
    try:
        run.load_authorisations(auths)
        worker = run.start_worker()
        rate = written.events / 8.0            # the replay lasts about 8 s: the kill lands mid-stream
        replaying = threading.Thread(target=run.replay, args=(path,), kwargs={"rate": rate})
        replaying.start()
        deadline = time.monotonic() + 60
        while worker.metric("grenswacht_lines_screened_total") < written.lines * 0.3:
            assert time.monotonic() < deadline, worker.log_tail()
            time.sleep(0.2)
        worker.kill()
        run.start_worker()
        replaying.join()
        run.drain()
        hits, _ = run.hits()
        assert set(hits) == set(expected_hits)
        assert run.totals() == pytest.approx(expected_totals)
    finally:
        run.close()
