"""Who may see what: roles per queue on the page and its data, form tokens, slowed-down failed logins."""

from __future__ import annotations

import time

import pytest

from review_harness import ReviewRun, login, sanctions_hit

pytestmark = pytest.mark.integration


def test_a_reviewer_without_the_role_gets_nothing_of_the_queue(review: ReviewRun, page) -> None:
    hit = sanctions_hit("ROLE0001")
    review.send([hit])
    review.wait_case(hit)
    key = review.case_of(hit).replace("|", "%7C")
    login(page, review.url, "bob")              # bob works cbam only
    assert page.locator("a[href='/queues/cbam']").count() == 1
    assert page.locator("a[href='/queues/sanctions']").count() == 0
    for path in ("/queues/sanctions", f"/cases/{key}"):
        answer = page.goto(review.url + path)
        assert answer.status == 403
        assert "Your role does not include the sanctions queue" in page.text_content("main")
        assert "Aerocaribbean" not in page.content()
    for path in ("/api/queues/sanctions", f"/api/cases/{key}"):
        answer = page.request.get(review.url + path)
        assert answer.status == 403
        assert answer.json() == {"error": "Your role does not include the sanctions queue."}
    page.goto(review.url + "/search?q=ROLE0001")
    assert "Nothing found for ROLE0001" in page.text_content("main")
    token = page.input_value("input[name=csrf]")
    claim = page.request.post(review.url + "/queues/sanctions/claim", form={"csrf": token})
    assert claim.status == 403
    assert review.store.case(review.case_of(hit)).status == "open"
    assert not any(a["who"] == "bob" and a["action"] == "view_case" for a in review.audit())
    # the same requests with the role: the case and its data are there
    login(page, review.url, "alice")
    assert page.request.get(f"{review.url}/api/cases/{key}").json()["case"]["declaration_key"] == "ROLE0001"


def test_nothing_is_seen_without_a_login(review: ReviewRun, page) -> None:
    assert page.request.get(review.url + "/api/queues/sanctions").status == 401
    page.goto(review.url + "/queues/sanctions")
    assert page.url == review.url + "/login"


def test_a_form_without_a_valid_token_is_refused(review: ReviewRun, page) -> None:
    hit = sanctions_hit("CSRF0001")
    review.send([hit])
    review.wait_case(hit)
    login(page, review.url, "alice")
    for form in ({}, {"csrf": "forged-token"}):
        answer = page.request.post(review.url + "/queues/sanctions/claim", form=form)
        assert answer.status == 403
        assert "no valid token" in answer.text()
    assert review.store.case(review.case_of(hit)).status == "open"
    token = page.input_value("input[name=csrf]")
    assert page.request.post(review.url + "/queues/sanctions/claim", form={"csrf": token}).ok
    assert review.store.case(review.case_of(hit)).status == "claimed"


def test_repeated_failed_logins_are_slowed_down(review: ReviewRun, page) -> None:
    took = []
    for _ in range(4):
        page.goto(review.url + "/login")
        page.fill("input[name=username]", "alice")
        page.fill("input[name=password]", "wrong password")
        began = time.monotonic()
        page.click("button[type=submit]")
        page.wait_for_selector("p.refused")
        took.append(time.monotonic() - began)
    assert took[3] >= 2.0 > took[0]          # 0, 0.5, 1, 2 s of wait before the answer
    assert sum(1 for a in review.audit() if a["action"] == "login_failed" and a["who"] == "alice") == 4
    login(page, review.url, "alice")          # the right password still gets in, after its wait
