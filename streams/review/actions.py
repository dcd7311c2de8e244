"""What a reviewer does to a case, with every rule the page and the data share: roles, claims, decisions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from streams.allowlist import entry_key
from streams.errors import StreamError
from streams.review.accounts import Account, Accounts
from streams.review.cases import Case, CaseStore, iso_now
from streams.review.metrics import ReviewMetrics
from streams.review.publisher import Publisher, decision_id

DECISIONS = {"confirm": "Confirm: control the goods", "false_positive": "False positive",
             "needs_information": "Needs information"}
REFUSALS = {-1: "You have not claimed this case: claim it before you decide (a claim left too long "
                "returns to the queue).",
            -2: "This case is claimed by another reviewer; only they can decide it.",
            -3: "This case was superseded by a newer version of the declaration; decide that one instead.",
            -4: "This case has been decided already."}


class Refused(Exception):
    """An action the reviewer may not take, with the words the page shows; status is the HTTP code."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.message, self.status = message, status


@dataclass
class Desk:
    store: CaseStore
    publisher: Publisher
    accounts: Accounts
    metrics: ReviewMetrics
    claim_timeout: float

    def account(self, name: str | None) -> Account:
        account = self.accounts.get(name) if name else None
        if account is None:
            raise Refused("Please log in.", 401)
        return account

    def allowed(self, account: Account, queue: str) -> None:
        if not account.may_see(queue):
            raise Refused(f"Your role does not include the {queue} queue.", 403)

    def view(self, account: Account, key: str) -> Case:
        case = self.store.case(key)
        if case is None:
            raise Refused(f"No case {key}.", 404)
        self.allowed(account, case.queue)
        self.store.return_expired(case.queue, self.claim_timeout)
        self.publisher.audit(account.name, "view_case", key)
        return self.store.case(key) or case

    def claim_next(self, account: Account, queue: str) -> str | None:
        self.allowed(account, queue)
        self.returned(queue)
        key = self.store.claim_next(queue, account.name)
        if key is not None:
            self.publisher.audit(account.name, "claim", key)
        return key

    def returned(self, queue: str) -> list[str]:
        """Claims past their time go back to the queue; each return is on the audit trail."""
        keys = self.store.return_expired(queue, self.claim_timeout)
        for key in keys:
            self.publisher.audit("-system-", "return", key, f"claim older than {self.claim_timeout:g} s")
        return keys

    def release(self, account: Account, key: str) -> None:
        case = self._case(account, key)
        if not self.store.release(key, account.name):
            raise Refused(f"You do not hold a claim on this case (it is {case.status}).")
        self.publisher.audit(account.name, "release", key)

    def decide(self, account: Account, key: str, decision: str, comment: str, allow: list[str]) -> dict[str, Any]:
        """Publish the decision (and any allow-list entries), then close the case; the record sent."""
        case = self._case(account, key)
        if decision not in DECISIONS:
            raise Refused(f"Unknown decision {decision!r}; choose one of {', '.join(DECISIONS)}.", 400)
        if not comment.strip():
            raise Refused("Every decision needs a comment.", 400)
        self.returned(case.queue)
        case = self.store.case(key) or case
        code = 1 if case.status == "claimed" and case.claimed_by == account.name else _refusal(case, account)
        if code != 1:
            raise Refused(REFUSALS[code])
        entries = self._allow_entries(case, account, comment, allow) if decision == "false_positive" else []
        for k, record in entries:
            self.publisher.allow_entry(k, record)
            self.publisher.audit(account.name, "allow_add", key, k)
            self.metrics.allow_entries.labels("added").inc()
        record = decision_record(case, account.name, decision, comment, [k for k, _ in entries])
        try:
            self.publisher.decision(record)
        except StreamError as exc:
            raise Refused(f"The decision could not be recorded ({exc}); the case stays claimed, try again.",
                          503) from None
        code = self.store.decide(key, account.name, decision, comment, record["decision_id"], record["decided_at"])
        if code != 1:
            raise Refused(REFUSALS[code])
        self.store.mark_allow_listed(key, entries)
        self.publisher.audit(account.name, "decide", key, decision)
        self.metrics.decisions.labels(case.queue, decision).inc()
        return record

    def withdraw(self, account: Account, key: str) -> None:
        self.allowed(account, "sanctions")
        if key not in self.store.allow_entries():
            raise Refused(f"No allow-list entry {key}.", 404)
        self.publisher.allow_entry(key, None)
        self.store.forget_allow_entry(key)
        self.publisher.audit(account.name, "allow_withdraw", None, key)
        self.metrics.allow_entries.labels("withdrawn").inc()

    def _case(self, account: Account, key: str) -> Case:
        case = self.store.case(key)
        if case is None:
            raise Refused(f"No case {key}.", 404)
        self.allowed(account, case.queue)
        return case

    def _allow_entries(self, case: Case, account: Account, comment: str,
                       allow: list[str]) -> list[tuple[str, dict[str, Any]]]:
        """One entry per chosen sanctions hit: the declared party cleared against that listed entity."""
        out: dict[str, dict[str, Any]] = {}
        for hit in case.hits:
            e = hit.get("evidence") or {}
            if hit["hit_id"] not in allow or hit["queue"] != "sanctions" or "entity_id" not in e:
                continue
            record = {"party_name": e["declared_name"], "party_eori": e.get("party_eori"),
                      "entity_id": e["entity_id"], "listed_name": e.get("matched_name") or "",
                      "programme": e.get("programme"), "list_version": hit.get("list_version"),
                      "case_key": case.key, "added_by": account.name, "added_at": iso_now(), "comment": comment}
            out[entry_key(record)] = record
        return list(out.items())


def _refusal(case: Case, account: Account) -> int:
    return {"superseded": -3, "decided": -4}.get(case.status, -2 if case.status == "claimed" else -1)


def decision_record(case: Case, reviewer: str, decision: str, comment: str, allow_listed: list[str]) -> dict[str, Any]:
    return {
        "decision_id": decision_id(case.key, reviewer, case.claimed_at), "case_key": case.key, "queue": case.queue,
        "declaration_key": case.declaration_key, "declaration_version": int(case.version or 0),
        "hit_ids": [h["hit_id"] for h in case.hits], "decision": decision, "comment": comment.strip(),
        "reviewer": reviewer, "claimed_at": case.claimed_at, "decided_at": iso_now(),
        "rule_versions": {h["rule_id"]: h["rule_version"] for h in case.hits},
        "list_versions": sorted({h["list_version"] for h in case.hits if h.get("list_version")}),
        "allow_listed": allow_listed,
    }
