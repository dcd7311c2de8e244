"""The whole round in headless Chromium: a declaration through a real worker, a case, a claim, a false
positive with an allow-list entry, the decision on its topic, and the party no longer raised."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from review_harness import ReviewRun, login, unique_namespace, wait_for
from rules.hits import Hit
from streams.admin import delete_topics, ensure_topics, internal_topics, worker_topics
from streams.drain import wait_drained
from streams.export import export_hits
from streams.naming import Names
from streams.process import WorkerProcess
from streams.publish import replay
from streams.review.keys import case_key

pytestmark = pytest.mark.integration

SCREENSHOTS_ENV = "REVIEW_SCREENSHOTS"     # a folder: the page's screenshots are written there too
IMPORTER = {"name": "Aerocaribbean Airlines", "country": "CU", "eori": "NL123456789012"}
ENTITY = "OFAC-36"


def declaration(lrn: str, version: int, event: str) -> dict:
    return {"event_id": event, "source": "DMS", "declaration_type": "H1", "direction": "IMPORT", "lrn": lrn,
            "version": version, "event_time": "2026-03-01T10:00:00Z", "importer": IMPORTER,
            "exporter": {"name": "Malecon Freight Services", "country": "CU"},
            "lines": [{"item_number": 1, "commodity_code": "87032190", "origin_country": "RU",
                       "procedure_code": "4000", "net_mass_kg": 1200.0, "value_eur": 9000.0}]}


def write(path: Path, *records: dict) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


@pytest.fixture
def stream(bootstrap: str, tmp_path: Path, sanctions_dir: Path) -> Iterator[tuple[ReviewRun, WorkerProcess]]:
    names = Names(unique_namespace("review-e2e"))
    ensure_topics(bootstrap, worker_topics(names), 2)
    worker = WorkerProcess(names.namespace, tmp_path / "state", tmp_path / "worker.log", lists=[sanctions_dir],
                           partitions=2).start()
    run = None
    try:
        run = ReviewRun(bootstrap, names.namespace, tmp_path)
        worker.wait_ready(timeout=300)
        yield run, worker
    finally:
        worker.stop()
        if run is not None:
            run.close()
        delete_topics(bootstrap, [*worker_topics(names), *internal_topics(names)])


def shoot(page, name: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(tmp_path / name), full_page=True)
    if os.environ.get(SCREENSHOTS_ENV):
        page.screenshot(path=str(Path(os.environ[SCREENSHOTS_ENV]) / name), full_page=True)


def party_hits(hits: dict[str, Hit], lrn: str, version: int) -> list[Hit]:
    return [h for h in hits.values() if h.declaration_key == lrn and h.declaration_version == version
            and h.queue == "sanctions" and h.evidence.get("entity_id") == ENTITY]


def test_a_false_positive_decided_in_the_browser_clears_the_party_in_the_worker(
        stream: tuple[ReviewRun, WorkerProcess], page, tmp_path: Path) -> None:
    run, worker = stream
    bootstrap, names = run.bootstrap, run.names
    replay(write(tmp_path / "v1.jsonl", declaration("RVLRN0001", 1, "rv-e1")), names, bootstrap)
    key = case_key("sanctions", "RVLRN0001", 1)
    case = wait_for("the sanctions case", lambda: run.store.case(key), timeout=120)
    wait_for("the embargo case", lambda: run.store.case(case_key("embargo", "RVLRN0001", 1)), timeout=60)
    assert [h["evidence"]["entity_id"] for h in case.hits if h["evidence"].get("party_role") == "importer"] == [ENTITY]

    login(page, run.url, "alice")
    assert page.text_content("tr:has(a[href='/queues/sanctions']) td.open") == "1"
    shoot(page, "review-queues.png", tmp_path)
    page.click("button[value=sanctions]")
    assert page.text_content("#status") == "claimed"
    importer = page.locator("section.hit", has=page.locator("p.declared", has_text="Aerocaribbean Airlines"))
    assert importer.locator("p.listed").text_content() == "AEROCARIBBEAN AIRLINES"
    assert importer.locator(".programme").text_content() == "CUBA"
    assert importer.locator("a.entry").get_attribute("href").endswith("Details.aspx?id=36")
    shoot(page, "review-sanctions-case.png", tmp_path)

    hit_id = next(h["hit_id"] for h in case.hits if h["evidence"]["entity_id"] == ENTITY
                  and h["evidence"]["party_role"] == "importer")
    page.check(f"input[name=allow][value='{hit_id}']")
    page.check("input[name=decision][value=false_positive]")
    page.fill("textarea[name=comment]", "Same name, other company: Dutch charter broker, EORI checked.")
    page.click("#decide button[type=submit]")
    assert "1 allow-list entry added" in page.text_content("p.flash")
    assert page.text_content("#status") == "decided"

    decisions = [d for d in run.decisions() if d["case_key"] == key]
    assert len(decisions) == 1
    decision = decisions[0]
    assert (decision["decision"], decision["reviewer"]) == ("false_positive", "alice")
    assert decision["comment"] == "Same name, other company: Dutch charter broker, EORI checked."
    assert sorted(decision["hit_ids"]) == sorted(h["hit_id"] for h in case.hits)
    assert decision["allow_listed"] == [f"eori:NL123456789012|{ENTITY}"]
    assert decision["list_versions"] and decision["rule_versions"]
    audit = run.audit()
    assert any(a["who"] == "alice" and a["action"] == "view_case" and a["case_key"] == key for a in audit)
    assert any(a["who"] == "alice" and a["action"] == "decide" and a["case_key"] == key for a in audit)
    page.goto(run.url + "/history")
    assert key in page.text_content("main")

    # every worker takes the entry from its topic, without a restart
    wait_for("the allow-list in the worker", lambda: worker.metric("grenswacht_allowlist_entries") == 1, 60)
    replay(write(tmp_path / "v2.jsonl", declaration("RVLRN0001", 2, "rv-e2"), declaration("RVLRN0002", 1, "rv-e3")),
           names, bootstrap)
    wait_drained(bootstrap, names, timeout=120)
    hits: dict[str, Hit] = {}
    export_hits(bootstrap, names.hit_topics.values(), lambda h: hits.setdefault(h.hit_id, h), 2.0)
    assert party_hits(hits, "RVLRN0001", 1)                 # the first version did raise the party
    assert not party_hits(hits, "RVLRN0001", 2)
    assert not party_hits(hits, "RVLRN0002", 1)             # nor does another declaration of the same party
    assert any(h.declaration_key == "RVLRN0002" and h.queue == "embargo" for h in hits.values())
    assert worker.metric("grenswacht_allowlist_suppressions_total") >= 2
    wait_for("the suppressions on the review page's metrics",
             lambda: run.process.metric("grenswacht_review_suppressions_total") >= 2, 30)

    # withdrawn on the page: a tombstone, and the pair is raised again
    page.goto(run.url + "/allowlist")
    page.click(f"button[value='eori:NL123456789012|{ENTITY}']")
    assert "the pair is raised again" in page.text_content("p.flash")
    wait_for("the withdrawal in the worker", lambda: worker.metric("grenswacht_allowlist_entries") == 0, 60)
    replay(write(tmp_path / "v3.jsonl", declaration("RVLRN0003", 1, "rv-e4")), names, bootstrap)
    wait_drained(bootstrap, names, timeout=120)
    export_hits(bootstrap, names.hit_topics.values(), lambda h: hits.setdefault(h.hit_id, h), 2.0)
    assert party_hits(hits, "RVLRN0003", 1)
