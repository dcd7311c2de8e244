"""Profile files are refused with file, line and field; a refused set never replaces a good one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rules.engine import Engine
from rules.errors import ProfileError
from rules.profiles import SHIPPED_PROFILES, load_profiles

GOOD = """\
profiles:
  - id: test.steel
    title: Test steel
    description: Steel from a test country.
    legal_basis: none
    queue: embargo
    valid_from: 2026-01-01
    valid_to: 2026-06-30
    filters:
      direction: [IMPORT]
    conditions:
      commodity:
        include: [russia.annex_xvii_iron_steel, "7601"]
      countries:
        - fields: [origin]
          in: [RU, russia.russia_belarus]
      documents:
        absent: [Y824]
      value_eur: {min: 10}
"""

# (case, text replaced, replacement, line, field, reason)
REFUSALS = [
    ("unknown field", "    queue: embargo\n", "    queue: embargo\n    colour: red\n", 7, "profiles.0.colour",
     "unknown field"),
    ("unknown condition", "      value_eur: {min: 10}\n", "      weight: {min: 10}\n", 19, "profiles.0.conditions.weight",
     "unknown field"),
    ("unknown set", "russia.annex_xvii_iron_steel", "russia.annex_xvii_steel", 13,
     "profiles.0.conditions.commodity.include.0", "unknown set"),
    ("set of the wrong kind", "in: [RU, russia.russia_belarus]", "in: [RU, russia.chpl_hs6]", 16,
     "profiles.0.conditions.countries.0.in.1", "commodity set"),
    ("malformed code", '"7601"', '"76O1"', 13, "profiles.0.conditions.commodity.include.1", "malformed commodity"),
    ("malformed country", "in: [RU,", "in: [Russia,", 16, "profiles.0.conditions.countries.0.in.0",
     "malformed country"),
    ("unknown country", "in: [RU,", "in: [XX,", 16, "profiles.0.conditions.countries.0.in.0", "unknown country"),
    ("malformed document", "absent: [Y824]", "absent: [Y8240]", 18, "profiles.0.conditions.documents.absent.0",
     "malformed document"),
    ("bad queue", "queue: embargo", "queue: sanctions", 6, "profiles.0.queue", "queue"),
    ("queue as a list", "queue: embargo", "queue: [embargo]", 6, "profiles.0.queue", "queue"),
    ("kind as a list", "    queue: embargo\n", "    queue: embargo\n    kind: [match]\n", 7, "profiles.0.kind", "kind"),
    ("bad date", "valid_to: 2026-06-30", "valid_to: 2026-13-01", 8, "profiles.0.valid_to", "ISO date"),
    ("validity backwards", "valid_to: 2026-06-30", "valid_to: 2025-06-30", 8, "profiles.0.valid_to", "before"),
    ("bad direction", "direction: [IMPORT]", "direction: [INBOUND]", 10, "profiles.0.filters.direction.0", "unknown"),
    ("duplicate key", "    queue: embargo\n", "    queue: embargo\n    queue: cbam\n", 7, "profiles.0.queue", "duplicate"),
    ("missing title", "    title: Test steel\n", "", 2, "profiles.0", "`title` is required"),
    ("bounds upside down", "{min: 10}", "{min: 10, max: 5}", 19, "profiles.0.conditions.value_eur", "lower bound"),
    ("unknown reason placeholder", "    queue: embargo\n", "    queue: embargo\n    reason: '{colour} car'\n", 7,
     "profiles.0.reason", "placeholder"),
    ("not YAML", "      documents:\n", "      documents: [\n", 19, None, "not valid YAML"),  # where the parser stops
]


def _write(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "test.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("case,old,new,line,field,reason", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusal_names_file_line_and_field(tmp_path, case, old, new, line, field, reason):
    assert old in GOOD
    path = _write(tmp_path / "p", GOOD.replace(old, new, 1))
    with pytest.raises(ProfileError) as caught:
        load_profiles(path.parent)
    error = caught.value
    assert (error.file, error.line, error.field) == (str(path), line, field), str(error)
    assert reason in error.reason


def test_good_file_loads_with_its_sets_resolved(tmp_path):
    loaded = load_profiles(_write(tmp_path / "p", GOOD).parent)
    (profile,) = loaded.profiles
    assert "7229" in profile.conditions.commodity_include and "73" in profile.conditions.commodity_include
    assert profile.conditions.countries[0].codes == {"RU", "BY"}
    assert profile.line == 2 and profile.conditions.value_eur.lo == 10


def test_overlapping_validity_of_one_id_is_refused_and_disjoint_is_not(tmp_path):
    second = GOOD.replace("profiles:\n", "").replace("valid_from: 2026-01-01", "valid_from: 2026-06-01")
    with pytest.raises(ProfileError) as caught:
        load_profiles(_write(tmp_path / "a", GOOD + second).parent)
    assert caught.value.field == "valid_from" and "overlaps" in caught.value.reason and caught.value.line == 20
    disjoint = second.replace("valid_from: 2026-06-01", "valid_from: 2026-07-01").replace(
        "valid_to: 2026-06-30", "valid_to: 2026-12-31")
    assert len(load_profiles(_write(tmp_path / "b", GOOD + disjoint).parent).profiles) == 2


def test_versions_hash_the_content(tmp_path):
    one = load_profiles(_write(tmp_path / "a", GOOD).parent)
    same = load_profiles(_write(tmp_path / "b", GOOD).parent)
    changed = load_profiles(_write(tmp_path / "c", GOOD.replace("min: 10", "min: 11")).parent)
    assert one.version == same.version and one.profiles[0].version == same.profiles[0].version
    assert changed.profiles[0].version != one.profiles[0].version and changed.version != one.version


def test_a_changed_reference_set_changes_the_rule_version(tmp_path):
    folder = tmp_path / "p"
    _write(folder, GOOD)
    before = load_profiles(folder).profiles[0].version
    (folder / "sets").mkdir()
    (folder / "sets" / "extra.yaml").write_text("version: '1'\nsets:\n  test.extra:\n    kind: country\n"
                                                "    include: [KZ]\n")
    _write(folder, GOOD.replace("in: [RU, russia.russia_belarus]", "in: [RU, russia.russia_belarus, test.extra]"))
    assert load_profiles(folder).profiles[0].version != before


def test_a_refused_folder_leaves_the_running_engine_alone(tmp_path):
    folder = tmp_path / "profiles"
    shutil.copytree(SHIPPED_PROFILES, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    engine = Engine.build(folder)
    (folder / "cbam.yaml").write_text((folder / "cbam.yaml").read_text().replace("cbam.annex_i]", "cbam.annex_1]", 1))
    with pytest.raises(ProfileError):
        engine = Engine.build(folder)
    assert engine.profile_version == load_profiles(SHIPPED_PROFILES).version


def test_shipped_profiles_are_valid_and_name_their_legal_basis():
    loaded = load_profiles()
    assert {p.queue for p in loaded.profiles} == {"embargo", "cbam", "overrun", "sample"}
    assert all(p.legal_basis and p.description for p in loaded.profiles)
