"""Profile kinds come from one registry: a kind added there is validated, compiled, staged and explained."""

from __future__ import annotations

import datetime as dt

import pytest

from rules.engine import Engine
from rules.errors import ProfileError
from rules.explain import match_hit
from rules.hits import Hit
from rules.profiles import profiles_from_data
from rules.profiles.kinds import KINDS, ProfileKind, Stage, stage_of
from rules.profiles.schema import Profile
from rules.records import Declaration, Line, declaration_from_dict

AT = "2026-03-02T10:00:05Z"
BASE = {"title": "Flagged cars", "description": "d", "legal_basis": "none", "queue": "embargo",
        "conditions": {"commodity": {"include": ["8703"]}}}


class FlagKind(ProfileKind):
    """A kind that exists only in this test: every matching line is a warning with its own sentence."""

    name = "flag"
    default_severity = "warning"

    def default_reason(self, profile, fields):
        return f"Line {fields['item']} was flagged by {profile.title.lower()}."

    def on_match(self, profile: Profile, decl: Declaration, line: Line, day: dt.date, detected_at: str) -> Hit:
        return match_hit(profile, decl, line, detected_at, lambda f: self.default_reason(profile, f),
                         {"flagged_on": day.isoformat()})


def _event(code: str) -> Declaration:
    return declaration_from_dict({"event_id": "e1", "source": "DMS", "declaration_type": "H1", "direction": "IMPORT",
                                  "version": 1, "lrn": "L1", "event_time": "2026-03-02T10:00:00Z",
                                  "lines": [{"item_number": 1, "commodity_code": code},
                                            {"item_number": 2, "commodity_code": "6109100010"}]})


def test_a_kind_added_to_the_registry_runs_end_to_end(monkeypatch):
    with pytest.raises(ProfileError, match="`kind` must be one of"):
        profiles_from_data([{**BASE, "id": "gen.flag", "kind": "flag"}])
    monkeypatch.setitem(KINDS, "flag", FlagKind())
    profiles = profiles_from_data([{**BASE, "id": "gen.flag", "kind": "flag"}])
    (profile,) = profiles.profiles
    assert profile.severity == "warning" and stage_of(profile) is Stage.KERNEL
    hits = Engine.from_profiles(profiles).screen([_event("8703230000")], AT).hits
    assert [(h.item_number, h.rule_id, h.severity) for h in hits] == [(1, "gen.flag", "warning")]
    assert hits[0].reason == "Line 1 was flagged by flagged cars."
    assert hits[0].evidence["flagged_on"] == "2026-03-02" and hits[0].evidence["matched_prefix"] == "8703"


def test_every_shipped_kind_names_its_stage():
    stages = {p.kind: stage_of(p) for p in Engine.build().profile_set.profiles}
    assert set(stages) == set(KINDS)
    assert stages["match"] is stages["sample"] is Stage.KERNEL
    assert stages["unknown_authorisation"] is Stage.AUTHORISATION


@pytest.mark.parametrize("extra,message", [
    ({"sample": {"rate": 0.1}}, "`sample` belongs to profiles of kind sample"),
    ({"total": {"key": "authorisation"}}, "`total` belongs to profiles of kind running_total"),
    ({"authorisation_types": ["IPO"]}, "`authorisation_types` belongs to profiles of kind unknown_authorisation"),
    ({"queue": "sample"}, "the sample queue takes exactly the profiles of kind sample"),
])
def test_a_kind_refuses_the_fields_of_another(extra, message):
    with pytest.raises(ProfileError, match=message):
        profiles_from_data([{**BASE, "id": "gen.other", **extra}])


def test_a_sample_profile_stays_on_the_sample_queue():
    with pytest.raises(ProfileError, match="the sample queue takes exactly the profiles of kind sample"):
        profiles_from_data([{**BASE, "id": "gen.s", "kind": "sample", "sample": {"rate": 0.5}}])
