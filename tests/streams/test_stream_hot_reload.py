"""On the real broker and Redis: a running worker takes up an edited profile set between batches, hits say
which version produced them, a broken file is refused while the old set stays, and a reload request on
Redis reaches the worker."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from stream_harness import StreamRun, unique_namespace

from loadtest.files import write_authorisations, write_declarations
from rules.profiles import SHIPPED_PROFILES
from rules.records import authorisation_from_dict
from streams.config import redis_url
from streams.process import WorkerProcess
from streams.reload import request_reload

pytestmark = pytest.mark.integration

SAMPLE_RULE = "sample.h1"


def _wait_for(check: Callable[[], bool], worker: WorkerProcess, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert worker.alive and time.monotonic() < deadline, worker.log_tail()
        time.sleep(0.3)


def _set_sample_rate(folder: Path, rate: str) -> None:
    path = folder / "sample.yaml"
    text = path.read_text()
    assert "rate: 0.005" in text
    path.write_text(text.replace("rate: 0.005", f"rate: {rate}"))


def test_an_edited_profile_set_is_taken_up_and_a_broken_one_refused(bootstrap: str, tmp_path: Path) -> None:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    for path in SHIPPED_PROFILES.glob("*.yaml"):
        shutil.copy(path, profiles / path.name)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    write_declarations(first, 3_000, seed=41)
    write_declarations(second, 3_000, seed=43)
    auths = [authorisation_from_dict(a) for a in write_authorisations(tmp_path / "auth.jsonl", 41)]
    run = StreamRun(bootstrap, unique_namespace("reload"), tmp_path / "stream", profiles=profiles)
    try:
        run.load_authorisations(auths)
        worker = run.start_worker()
        old_version = worker.status()["profile_version"]
        run.replay(first)
        run.drain()
        before, _ = run.hits()

        _set_sample_rate(profiles, "0.5")
        _wait_for(lambda: worker.status()["profile_version"] != old_version, worker)
        new_version = worker.status()["profile_version"]
        run.replay(second)
        run.drain()
        after, _ = run.hits()

        old_sample = {h.rule_version for h in before.values() if h.rule_id == SAMPLE_RULE}
        new_hits = [h for i, h in after.items() if i not in before]
        new_sample = [h for h in new_hits if h.rule_id == SAMPLE_RULE]
        assert len(old_sample) == 1 and new_sample
        assert {h.rule_version for h in new_sample}.isdisjoint(old_sample)      # the edited profile's version
        assert len(new_sample) > 20 * max(1, sum(h.rule_id == SAMPLE_RULE for h in before.values()))

        applied = worker.metric("grenswacht_reloads_total", result="applied")
        assert request_reload(redis_url(), run.names.reload_channel, "all") == 1      # one worker listens
        _wait_for(lambda: worker.metric("grenswacht_reloads_total", result="applied") > applied, worker)
        assert worker.status()["profile_version"] == new_version        # same files, same version

        (profiles / "sample.yaml").write_text((profiles / "sample.yaml").read_text() + "    colour: blue\n")
        _wait_for(lambda: worker.metric("grenswacht_reloads_total", result="refused") >= 1, worker)
        assert worker.status()["profile_version"] == new_version
        assert "colour" in worker.log_tail(200)
        run.replay(first)                                               # still screening, with the old set
        run.drain()
        assert worker.alive
    finally:
        run.close()
