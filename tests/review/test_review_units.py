"""The review pieces that need no broker: accounts, allow-list entries and versions, evidence in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules.errors import RecordError
from streams.allowlist import AllowListReader, allow_list_version, decode_entry, encode_entry, entry_key
from streams.config import WorkerConfig
from streams.engines import EngineSlot
from streams.metrics import Metrics
from streams.naming import Names
from streams.review import present
from streams.review.accounts import AccountError, Accounts, add_user

ENTRY = {"party_name": "Aerocaribbean Airlines", "party_eori": "NL123456789012", "entity_id": "OFAC-36",
         "listed_name": "AEROCARIBBEAN AIRLINES", "programme": "CUBA", "list_version": "v1", "case_key": "c",
         "added_by": "alice", "added_at": "2026-03-01T10:00:00Z", "comment": "other company"}


def test_accounts_keep_argon2_hashes_and_roles_and_verify_passwords(tmp_path: Path) -> None:
    path = tmp_path / "reviewers.yaml"
    add_user(path, "alice", "long enough secret", ["sanctions"])
    add_user(path, "bob", "another long secret", ["cbam", "embargo"])
    text = path.read_text()
    assert "long enough secret" not in text and text.count("$argon2id$") == 2
    assert path.stat().st_mode & 0o777 == 0o600
    accounts = Accounts(path)
    alice = accounts.verify("alice", "long enough secret")
    assert alice is not None and alice.may_see("sanctions") and not alice.may_see("cbam")
    assert accounts.verify("alice", "wrong") is None
    assert accounts.verify("nobody", "long enough secret") is None
    assert accounts.get("bob").queues == {"cbam", "embargo"}


def test_a_bad_account_or_accounts_file_is_refused_with_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "reviewers.yaml"
    with pytest.raises(AccountError, match="unknown"):
        add_user(path, "alice", "long enough secret", ["customs"])
    with pytest.raises(AccountError, match="at least 8"):
        add_user(path, "alice", "short", ["cbam"])
    add_user(path, "alice", "long enough secret", ["cbam"])
    accounts = Accounts(path)
    path.write_text("reviewers:\n  alice: {queues: [cbam]}\n")
    with pytest.raises(AccountError, match=r"reviewers.yaml: reviewers.alice: needs a password hash"):
        Accounts(path)
    assert accounts.get("alice") is not None          # a broken edit: the accounts read before stay


def test_allow_list_entries_key_on_the_eori_and_a_tombstone_withdraws_them() -> None:
    reader = AllowListReader("127.0.0.1:1", "unit.ref.allowlist", EngineSlot.start(WorkerConfig(names=Names("unit")),
                                                                                   Metrics()))
    key = entry_key(ENTRY)
    assert key == "eori:NL123456789012|OFAC-36"
    assert entry_key({**ENTRY, "party_eori": None}) == entry_key({**ENTRY, "party_eori": None,
                                                                  "party_name": "airlines  AEROCARIBBEAN"})
    empty = allow_list_version({})
    assert reader.apply(key.encode(), encode_entry(ENTRY))
    reader.swap()
    slot = reader.slot
    assert slot.allow_list.allows("Some Other Name", "NL123456789012", "OFAC-36")
    assert not slot.allow_list.allows("Aerocaribbean Airlines", "NL999", "OFAC-36")
    assert not slot.allow_list.allows("Aerocaribbean Airlines", "NL123456789012", "OFAC-173")
    version = allow_list_version(reader.entries)
    assert version != empty and version.startswith("allow-1-")
    assert not reader.apply(key.encode(), b"\x00\x00\x00\x00\x06broken")          # skipped, counted
    assert reader.apply(key.encode(), None)
    reader.swap()
    assert not slot.allow_list.allows("Aerocaribbean Airlines", "NL123456789012", "OFAC-36")
    assert allow_list_version(reader.entries) == empty
    assert decode_entry(encode_entry(ENTRY)) == ENTRY
    with pytest.raises(RecordError):
        decode_entry(b"\x00\x00\x00\x00\x03")


def test_evidence_reads_in_words_and_list_entries_link_to_their_publisher() -> None:
    rows = dict(present.evidence_rows({"commodity_code": "87032190", "origin_country": "RU", "documents": None,
                                      "running_total": 102.5}))
    assert rows == {"Commodity code": "87032190", "Country of origin": "RU", "Running total after this line": "102.5"}
    assert present.list_entry_url("OFAC-36") == "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=36"
    assert present.list_entry_url("UN-CDi.001").endswith("keywords=CDi.001")
    assert present.list_entry_url("OTHER") is None
