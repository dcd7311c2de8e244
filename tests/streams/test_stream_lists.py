"""On the real broker: which sanctions lists a worker screens against when none are named, how it says
so, and what a list file that cannot be read does at start and on reload."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import orjson
import pytest
from stream_harness import StreamRun, unique_namespace

from rules.sanctions import load_lists
from rules.sanctions.snapshot import BUNDLED
from streams.process import WorkerProcess

pytestmark = pytest.mark.integration

LISTED = {"name": "Banco Nacional de Cuba", "country": "CU"}


def _declaration(path: Path) -> Path:
    event = {"event_id": "evt-lists-1", "source": "DMS", "declaration_type": "H1", "direction": "IMPORT",
             "version": 1, "event_time": "2026-03-02T10:00:00Z", "mrn": "26NL0000000000001A",
             "importer": {"eori": "NL000000001"}, "consignor": LISTED,
             "lines": [{"item_number": 1, "commodity_code": "8471300000", "origin_country": "CU"}]}
    path.write_bytes(orjson.dumps(event) + b"\n")
    return path


def _sanctions_hits(run: StreamRun, source: Path) -> list:
    run.replay(source)
    run.drain()
    hits, _ = run.hits()
    return [h for h in hits.values() if h.queue == "sanctions"]


@pytest.fixture(autouse=True)
def no_updated_lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user's own `lists update` folder must not stand in for the snapshot here."""
    monkeypatch.setenv("GRENSWACHT_DATA", str(tmp_path / "data"))


def test_a_worker_without_lists_screens_against_the_shipped_snapshot(bootstrap: str, tmp_path: Path) -> None:
    run = StreamRun(bootstrap, unique_namespace("lists"), tmp_path / "stream", no_lists=False)
    try:
        worker = run.start_worker()
        lists = worker.status()["lists"]
        assert lists["enabled"] and lists["origin"] == "bundled"
        assert lists["version"] == load_lists([BUNDLED]).version and lists["published"] == "2026-02-27"
        assert lists["stale"] and lists["age_days"] > 7        # the default allowed age is 7 days
        assert worker.metric("grenswacht_sanctions_lists_enabled") == 1
        assert worker.metric("grenswacht_sanctions_lists_stale") == 1
        assert worker.metric("grenswacht_sanctions_lists_age_days") == lists["age_days"]
        assert "STALE" in worker.log_tail(200) and lists["version"] in worker.log_tail(200)
        hits = _sanctions_hits(run, _declaration(tmp_path / "decl.jsonl"))
        assert [h.list_version for h in hits] == [lists["version"]]
        assert "BANCO NACIONAL DE CUBA" in orjson.dumps(hits[0].evidence).decode().upper()
    finally:
        run.close()


def test_no_lists_turns_sanctions_off_and_says_so(bootstrap: str, tmp_path: Path) -> None:
    run = StreamRun(bootstrap, unique_namespace("nolists"), tmp_path / "stream", no_lists=True)
    try:
        worker = run.start_worker()
        assert worker.status()["lists"] == {"enabled": False, "reason": "--no-lists"}
        assert worker.metric("grenswacht_sanctions_lists_enabled") == 0
        assert "sanctions screening is OFF" in worker.log_tail(200)
        assert _sanctions_hits(run, _declaration(tmp_path / "decl.jsonl")) == []
    finally:
        run.close()


def test_an_unreadable_list_file_stops_the_start_with_its_name(tmp_path: Path) -> None:
    broken = tmp_path / "sdn.csv.gz"
    broken.write_bytes(b"this is no gzip stream")
    worker = WorkerProcess(unique_namespace("badlist"), tmp_path / "state", tmp_path / "worker.log",
                           lists=[broken]).start()
    deadline = time.monotonic() + 60
    while worker.alive and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not worker.alive and worker.proc is not None and worker.proc.returncode != 0
    assert f"{broken}: not a readable gzip file" in worker.log_tail()


def test_a_broken_list_on_reload_leaves_the_running_lists_in_force(bootstrap: str, tmp_path: Path,
                                                                   sanctions_dir: Path) -> None:
    folder = tmp_path / "lists"
    folder.mkdir()
    sdn = (sanctions_dir / "ofac_sdn.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "sdn.csv").write_text("".join(sdn[:3]), encoding="utf-8")
    run = StreamRun(bootstrap, unique_namespace("listreload"), tmp_path / "stream", lists=[folder])
    try:
        worker = run.start_worker()
        version = worker.status()["lists"]["version"]
        (folder / "sdn.csv").write_text('306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA\n', encoding="utf-8")
        deadline = time.monotonic() + 30
        while worker.metric("grenswacht_reloads_total", result="refused") < 1:
            assert worker.alive and time.monotonic() < deadline, worker.log_tail()
            time.sleep(0.3)
        assert worker.status()["lists"]["version"] == version
        assert str(folder / "sdn.csv") in worker.log_tail(100)
        assert len(_sanctions_hits(run, _declaration(tmp_path / "decl.jsonl"))) == 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        run.close()
