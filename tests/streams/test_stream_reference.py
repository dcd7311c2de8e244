"""The authorisations table every worker holds: records, replacements, tombstones and bad records."""

from __future__ import annotations

from rules.records import authorisation_from_dict, to_dict
from schemas import codec
from streams.config import WorkerConfig
from streams.engines import EngineSlot
from streams.metrics import Metrics
from streams.naming import Names
from streams.reference import AuthorisationReader

RECORD = {"reference": "IPO-NL-1", "type": "IPO", "holder_eori": "NL000000001", "valid_from": "2026-01-01",
          "valid_to": "2026-12-31", "max_quantity": 1000.0, "quantity_unit": "KGM"}


def _reader() -> AuthorisationReader:
    config = WorkerConfig(names=Names("unit"))
    return AuthorisationReader("127.0.0.1:1", "unit.ref.authorisations", EngineSlot.start(config, Metrics()))


def _value(**changes: object) -> bytes:
    return codec.encode("authorisation", to_dict(authorisation_from_dict({**RECORD, **changes})))


def test_records_replace_by_reference_and_tombstones_delete() -> None:
    reader = _reader()
    assert reader.apply(b"IPO-NL-1", _value())
    assert not reader.apply(b"IPO-NL-1", _value())                     # the same record again: no rebuild
    assert reader.apply(b"IPO-NL-1", _value(max_quantity=2000.0))
    assert reader.records["IPO-NL-1"].max_quantity == 2000.0
    assert reader.apply(b"IPO-NL-1", None)
    assert reader.records == {}
    assert not reader.apply(b"IPO-NL-1", None)


def test_a_bad_record_is_skipped_and_counted() -> None:
    reader = _reader()
    assert not reader.apply(b"X", b"\x00\x00\x00\x00\x63not avro")
    assert not reader.apply(b"X", codec.encode("authorisation", {**RECORD, "valid_to": "2025-01-01"}))
    assert reader.records == {}
    assert reader.slot.metrics.reference_rejects._value.get() == 2
