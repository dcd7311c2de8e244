"""Cases from hits on the real broker and Redis: one hit once, versions superseded, dead letters, claims."""

from __future__ import annotations

import time

import pytest

from review_harness import ReviewRun, line_hit, login, sanctions_hit, wait_for
from streams.deadletter import decode_dead_letter
from streams.export import read_values

pytestmark = pytest.mark.integration


def test_a_hit_delivered_twice_appears_once_in_its_case(review: ReviewRun) -> None:
    first, second = line_hit("DUP0001", 1, 1), line_hit("DUP0001", 1, 2)
    review.send([first, first, second, first])
    case = review.wait_case(first, hits=2)
    time.sleep(1.0)     # the redeliveries were behind the second hit: give them time to (not) land
    case = review.store.case(review.case_of(first))
    assert sorted(h["hit_id"] for h in case.hits) == sorted([first.hit_id, second.hit_id])
    assert case.fields["hits"] == "2"
    assert review.process.metric("grenswacht_review_hits_total", result="duplicate") == 2
    assert review.store.stats("embargo").open == 1


def test_a_newer_version_supersedes_the_open_case_and_both_are_linked(review: ReviewRun) -> None:
    old, new = line_hit("AMEND001", 1, 1), line_hit("AMEND001", 2, 1)
    review.send([old])
    review.wait_case(old)
    review.send([new])
    review.wait_case(new)
    older, newer = review.store.case(review.case_of(old)), review.store.case(review.case_of(new))
    assert older.status == "superseded" and older.superseded_by == newer.key
    assert newer.status == "open" and newer.supersedes == older.key
    assert review.store.stats("embargo").open == 1
    late = line_hit("AMEND001", 1, 2)           # a late hit of the old version joins the old case only
    review.send([late])
    assert review.wait_case(late, hits=2).status == "superseded"
    assert review.store.stats("embargo").open == 1


def test_a_record_that_is_not_a_hit_goes_to_the_dead_letters_with_its_reason(review: ReviewRun) -> None:
    review.send_raw("cbam", b"\x00\x00\x00\x00\x03not avro at all")
    good = line_hit("AFTERBAD", 1, 1, queue="cbam", rule="cbam.no_status")
    review.send([good])
    review.wait_case(good)
    letters = wait_for("a dead letter", lambda: read_values(review.bootstrap, [review.names.dead_letter], 1.5,
                                                              decode_dead_letter))
    assert len(letters) == 1
    assert letters[0]["topic"] == review.names.hit_topics["cbam"]
    assert letters[0]["original"] == b"\x00\x00\x00\x00\x03not avro at all"
    assert "hit Avro body" in letters[0]["reason"]


def test_a_decision_on_an_unclaimed_case_is_refused_with_a_clear_message(review: ReviewRun, page) -> None:
    hit = line_hit("NOCLAIM1", 1, 1)
    review.send([hit])
    review.wait_case(hit)
    login(page, review.url, "alice")
    key = review.case_of(hit)
    page.goto(f"{review.url}/cases/{key.replace('|', '%7C')}")
    assert page.text_content("#status") == "open"
    token = page.input_value("input[name=csrf]")
    answer = page.request.post(f"{review.url}/cases/{key.replace('|', '%7C')}/decide",
                               form={"csrf": token, "decision": "confirm", "comment": "looks right"})
    assert answer.status == 409
    assert "You have not claimed this case" in answer.text()
    assert review.store.case(key).status == "open"
    assert review.decisions(idle_timeout=1.0) == []


@pytest.mark.claim_timeout(3.0)
def test_a_claim_left_undecided_returns_to_the_queue_after_its_timeout(review: ReviewRun, page) -> None:
    hit = line_hit("TIMEOUT1", 1, 1)
    review.send([hit])
    review.wait_case(hit)
    login(page, review.url, "alice")
    page.click("button[value=embargo]")
    assert page.text_content("#status") == "claimed"
    key = review.case_of(hit)
    assert review.store.stats("embargo").claimed == 1
    time.sleep(1.0)
    page.goto(review.url + "/")
    assert page.text_content("tr:has(a[href='/queues/embargo']) td.claimed") == "1"   # not yet
    time.sleep(2.5)
    page.goto(review.url + "/")                 # the overview returns what ran out
    assert page.text_content("tr:has(a[href='/queues/embargo']) td.open") == "1"
    case = review.store.case(key)
    assert case.status == "open" and case.claimed_by is None
    assert any(a["action"] == "return" and a["case_key"] == key for a in review.audit())
    page.click("button[value=embargo]")         # the returned case is the next one to claim
    assert page.url.endswith(key.replace("|", "%7C"))
    assert page.text_content("#status") == "claimed"


def test_search_release_and_decisions_show_on_the_overview_history_and_metrics(review: ReviewRun, page) -> None:
    first, second = line_hit("FIND0001", 1, 1), line_hit("FIND0002", 1, 1)
    review.send([first, second])
    review.wait_case(first)
    review.wait_case(second)
    login(page, review.url, "alice")
    for text in (first.hit_id, "FIND0001", "de998877665544"):         # hit id, declaration key, EORI
        page.goto(f"{review.url}/search?q={text}")
        found = page.locator("main table a").all_text_contents()
        assert review.case_of(first) in found, text
        assert (review.case_of(second) in found) == (text == "de998877665544"), text
    page.goto(review.url + "/")
    page.click("button[value=embargo]")
    claimed = page.url.rsplit("/", 1)[1].replace("%7C", "|")
    page.click("form[action$='/release'] button")
    assert "back in its queue" in page.text_content("p.flash")
    assert review.store.case(claimed).status == "open"
    assert page.text_content("tr:has(a[href='/queues/embargo']) td.open") == "2"
    for decision in ("confirm", "needs_information"):
        page.goto(review.url + "/")
        page.click("button[value=embargo]")
        page.check(f"input[name=decision][value={decision}]")
        page.fill("textarea[name=comment]", f"{decision} after a look at the invoice")
        page.click("#decide button[type=submit]")
        assert page.text_content("#status") == "decided"
    page.goto(review.url + "/")
    row = "tr:has(a[href='/queues/embargo'])"
    assert [page.text_content(f"{row} td.{c}") for c in ("open", "claimed", "decided")] == ["0", "0", "2"]
    page.goto(review.url + "/history")
    assert page.locator("main table tr").count() == 3
    assert review.process.metric("grenswacht_review_decisions_last_hour", queue="embargo", decision="confirm") == 1
    assert review.process.metric("grenswacht_review_decisions_total", queue="embargo",
                                 decision="needs_information") == 1
    assert review.process.metric("grenswacht_review_open_cases", queue="embargo") == 0
    kinds = sorted(d["decision"] for d in review.decisions())
    assert kinds == ["confirm", "needs_information"]
    assert [a["action"] for a in review.audit() if a["case_key"] == claimed][:3] == ["claim", "view_case", "release"]


def test_the_audit_topics_keep_everything_and_the_allow_list_is_compacted(review: ReviewRun) -> None:
    from confluent_kafka.admin import AdminClient, ConfigResource

    client = AdminClient({"bootstrap.servers": review.bootstrap})
    names = review.names
    wanted = {names.decisions: ("retention.ms", "-1"), names.audit: ("retention.ms", "-1"),
              names.allow_list: ("cleanup.policy", "compact")}
    resources = [ConfigResource(ConfigResource.Type.TOPIC, topic) for topic in wanted]
    for resource, future in client.describe_configs(resources).items():
        name, value = wanted[resource.name]
        assert future.result(timeout=10)[name].value == value, resource.name
