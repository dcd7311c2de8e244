"""The numba kernel and the plain-Python evaluator agree on random profile sets and batches."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules.columns import build_columns, flatten
from rules.compile import compile_profiles
from rules.kernels import evaluate
from rules.profiles import profiles_from_data
from rules.records import declaration_from_dict
from rules.reference_eval import evaluate_reference
from rules.refsets import load_sets

SETS = load_sets()
CHAPTERS = ["72", "73", "87"]        # few digits and chapters: prefixes and codes meet often
COUNTRIES = ["RU", "BY", "CN", "DE", "NO", "IR", "US", "XI"]
DOCUMENTS = [f"Y{n:03d}" for n in range(90)]
LINE_DOCUMENTS = DOCUMENTS[:6] + DOCUMENTS[-3:] + ["C601"]
TYPES = ["H1", "H7", "B1", "I1", "D1", "F26"]
DIRECTIONS = ["IMPORT", "EXPORT", "ENTRY", "TRANSIT"]
FIELDS = ["origin", "dispatch", "export", "destination"]
DAYS = st.dates(dt.date(2025, 12, 28), dt.date(2026, 1, 4))


def digits(low: int, high: int):
    return st.builds(lambda ch, tail: ch + tail, st.sampled_from(CHAPTERS),
                     st.text("01", min_size=low, max_size=high))


@st.composite
def profile(draw, n: int) -> dict:
    """Each condition with probability 1/3, so that a fair share of lines match some profiles."""
    def some() -> bool:
        return draw(st.integers(0, 2)) == 0

    cond: dict = {}
    if not some():
        cond["commodity"] = {"include": draw(st.lists(digits(0, 4), min_size=1, max_size=4))}
        if some():
            cond["commodity"]["except"] = draw(st.lists(digits(1, 6), min_size=1, max_size=2))
    if some():
        cond["countries"] = draw(st.lists(st.fixed_dictionaries({
            "fields": st.lists(st.sampled_from(FIELDS), min_size=1, max_size=3, unique=True),
            draw(st.sampled_from(["in", "not_in"])): st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=4)}),
            min_size=1, max_size=2))
    if some():
        cond["procedure"] = draw(st.lists(st.sampled_from(["40", "42", "51", "4000", "1000"]), min_size=1, max_size=2))
    docs = {k: draw(st.lists(st.sampled_from(LINE_DOCUMENTS), min_size=1, max_size=3)) for k in ("present", "absent")
            if some()}
    if docs:
        cond["documents"] = docs
    for name in ("value_eur", "net_mass_kg"):
        if some():
            low, high = sorted(draw(st.lists(st.sampled_from([0, 10, 100, 1000]), min_size=2, max_size=2)))
            cond[name] = {draw(st.sampled_from(["min", "above"])): low, draw(st.sampled_from(["max", "below"])): high + 1}
    filters = {}
    if some():
        filters["direction"] = draw(st.lists(st.sampled_from(DIRECTIONS), min_size=1, max_size=3, unique=True))
    if some():
        filters["declaration_type"] = draw(st.lists(st.sampled_from(TYPES), min_size=1, max_size=4, unique=True))
    out = {"id": f"gen.p{n}", "title": "t", "description": "d", "legal_basis": "none", "conditions": cond,
           "filters": filters, "queue": "embargo"}
    if some():
        start = draw(DAYS)
        out["valid_from"], out["valid_to"] = start.isoformat(), (start + dt.timedelta(days=draw(st.integers(0, 3)))).isoformat()
    if draw(st.integers(0, 4)) == 0:
        out.update(kind="sample", queue="sample", sample={"rate": draw(st.sampled_from([0.0, 0.3, 0.7, 1.0]))})
    return out


def optional(strategy):
    return st.one_of(st.none(), strategy)


LINE = st.fixed_dictionaries({
    "commodity_code": st.one_of(digits(4, 4), digits(6, 6), digits(8, 8)),
    "origin_country": optional(st.sampled_from(COUNTRIES)), "dispatch_country": optional(st.sampled_from(COUNTRIES)),
    "export_country": optional(st.sampled_from(COUNTRIES)), "destination_country": optional(st.sampled_from(COUNTRIES)),
    "procedure_code": optional(st.sampled_from(["4000", "4200", "5100", "1000"])),
    "value_eur": optional(st.sampled_from([0.0, 10.0, 11.0, 100.5, 1001.0])),
    "net_mass_kg": optional(st.sampled_from([0.0, 9.99, 10.0, 1000.0])),
    "documents": st.lists(st.builds(lambda c: {"code": c}, st.sampled_from(LINE_DOCUMENTS)), max_size=3),
})


@st.composite
def declaration(draw, n: int):
    lines = draw(st.lists(LINE, min_size=1, max_size=4))
    day = draw(DAYS)
    return declaration_from_dict({
        "event_id": f"e{n}", "source": "DMS", "declaration_type": draw(st.sampled_from(TYPES)),
        "direction": draw(st.sampled_from(DIRECTIONS)), "version": 1, "lrn": draw(st.sampled_from(["A", "B", f"L{n}"])),
        "event_time": f"{day.isoformat()}T{draw(st.sampled_from(['00:30:00Z', '23:30:00-02:00']))}",
        "acceptance_date": draw(optional(DAYS.map(dt.date.isoformat))),
        "lines": [{"item_number": i + 1, **line} for i, line in enumerate(lines)]})


@st.composite
def case(draw):
    profiles = [draw(profile(n)) for n in range(draw(st.integers(1, 12)))]
    if draw(st.booleans()):     # first in the vocabulary, 74 codes: the line documents get bits in word two
        profiles.append({"id": "gen.a_wide", "title": "t", "description": "d", "legal_basis": "none", "queue": "embargo",
                         "conditions": {"documents": {"absent": DOCUMENTS[6:80]}}})
    events = [draw(declaration(n)) for n in range(draw(st.integers(1, 6)))]
    return profiles, events


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case())
def test_kernel_agrees_with_the_reference_evaluator(data):
    entries, events = data
    compiled = compile_profiles(profiles_from_data(entries, SETS).profiles)
    lines, owner = flatten(events)
    columns = build_columns(events, lines, owner, compiled)
    matched_lines, matched_profiles = evaluate(columns, compiled)
    assert sorted(zip(matched_lines.tolist(), matched_profiles.tolist())) == evaluate_reference(columns, compiled)


def test_the_kernel_grows_its_output_when_matches_exceed_the_first_guess():
    entries = [{"id": f"gen.all{n}", "title": "t", "description": "d", "legal_basis": "none", "queue": "embargo"}
               for n in range(40)]
    compiled = compile_profiles(profiles_from_data(entries, SETS).profiles)
    events = [declaration_from_dict({"event_id": "e", "source": "DMS", "declaration_type": "H1", "direction": "IMPORT",
                                     "version": 1, "event_time": "2026-01-01T00:00:00Z",
                                     "lines": [{"item_number": i + 1, "commodity_code": "72083900"} for i in range(60)]})]
    lines, owner = flatten(events)
    matched_lines, _ = evaluate(build_columns(events, lines, owner, compiled), compiled)
    assert len(matched_lines) == 40 * 60


def test_document_bits_beyond_the_first_word():
    entries = [{"id": "gen.a_wide", "title": "t", "description": "d", "legal_basis": "none", "queue": "embargo",
                "conditions": {"documents": {"absent": DOCUMENTS[:70]}}}]
    entries += [{"id": f"gen.{kind}", "title": "t", "description": "d", "legal_basis": "none", "queue": "embargo",
                 "conditions": {"documents": {kind: ["Y089"]}}} for kind in ("present", "absent")]
    compiled = compile_profiles(profiles_from_data(entries, SETS).profiles)
    assert compiled.doc_vocab["Y089"] >= 64
    events = [declaration_from_dict({"event_id": "e", "source": "DMS", "declaration_type": "H1", "direction": "IMPORT",
                                     "version": 1, "event_time": "2026-01-01T00:00:00Z",
                                     "lines": [{"item_number": 1, "commodity_code": "72083900",
                                                "documents": [{"code": "Y089"}]},
                                               {"item_number": 2, "commodity_code": "72083900"}]})]
    lines, owner = flatten(events)
    columns = build_columns(events, lines, owner, compiled)
    ids = [p.id for p in compiled.profiles]
    found = sorted((i, ids[p]) for i, p in zip(*(a.tolist() for a in evaluate(columns, compiled))))
    assert found == [(0, "gen.a_wide"), (0, "gen.present"), (1, "gen.a_wide"), (1, "gen.absent")]
    assert [(i, ids[p]) for i, p in evaluate_reference(columns, compiled)] == found
