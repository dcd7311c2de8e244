"""Reference sets: the shipped code lists, and refusals of bad set files."""

from __future__ import annotations

import pytest

from rules.errors import ProfileError
from rules.refsets import SHIPPED_DIR, load_sets


@pytest.fixture(scope="module")
def shipped():
    return load_sets()


def test_shipped_sets_hold_the_domain_brief_lists(shipped):
    assert len(shipped["russia.chpl_hs6"].include) == 50
    assert shipped["russia.annex_xvii_iron_steel"].include[:2] == ("7206", "7207")
    assert len(shipped["russia.annex_xvii_iron_steel"].include) == 25          # 7206..7229 and 73
    assert set(shipped["russia.circumvention_watch"].include) == {"AM", "KZ", "KG", "GE", "TR", "AE", "UZ", "RS",
                                                                  "XS", "CN", "HK"}
    assert set(shipped["russia.annex_viii_partners"].include) == {"US", "JP", "GB", "KR", "AU", "CA", "NZ", "NO", "CH"}
    assert set(shipped["cbam.annex_iii_countries"].include) == {"IS", "LI", "NO", "CH"}   # NO stays Norway
    assert len(shipped["eu.member_states"].include) == 27
    assert {"XI", "DE"} <= set(shipped["cbam.exempt_origins"].include) and "XC" not in shipped["cbam.exempt_origins"].include


def test_cbam_annex_i_keeps_its_exceptions(shipped):
    annex = shipped["cbam.annex_i"]
    assert {"72", "2814", "3102", "3105", "76090000", "28041000", "27160000"} <= set(annex.include)
    assert {"72022", "7204", "31056000", "72029980"} <= set(annex.except_)
    assert "7602" not in annex.include and "7615" not in annex.include


def test_known_countries_are_iso_and_customs_codes(shipped):
    known = shipped.known_countries
    assert len(known) == 249 + 16 and {"XI", "XS", "QP", "RU"} <= known and "XX" not in known


SET_FILE = "version: '1'\nsets:\n  test.things:\n    kind: country\n    include: [{items}]\n"


@pytest.mark.parametrize("text,line,field,reason", [
    (SET_FILE.format(items="RU, XX"), 5, "sets.test.things.include.1", "unknown country"),
    (SET_FILE.format(items="test.nothing"), 5, "sets.test.things.include.0", "unknown set"),
    (SET_FILE.format(items="test.things"), 3, "sets.test.things", "includes itself"),
    (SET_FILE.format(items="russia.chpl_hs6"), 5, "sets.test.things.include.0", "commodity set"),
    (SET_FILE.replace("kind: country", "kind: colour").format(items="RU"), 4, "sets.test.things.kind", "kind"),
    (SET_FILE.replace("    include", "    colour: red\n    include").format(items="RU"), 5,
     "sets.test.things.colour", "unknown field"),
    (SET_FILE.replace("test.things", "russia.chpl_hs6").format(items="RU"), 3, "sets.russia.chpl_hs6",
     "already defined"),
    ("sets: {}\n", 1, "version", "`version` is required"),
])
def test_bad_set_files_are_refused_with_line_and_field(tmp_path, text, line, field, reason):
    (tmp_path / "bad.yaml").write_text(text)
    with pytest.raises(ProfileError) as caught:
        load_sets([SHIPPED_DIR, tmp_path])
    assert (caught.value.line, caught.value.field) == (line, field), str(caught.value)
    assert reason in caught.value.reason


def test_commodity_ranges_and_spaced_codes(tmp_path):
    (tmp_path / "ok.yaml").write_text("version: '1'\nsets:\n  test.codes:\n    kind: commodity\n"
                                      "    include: ['0101-0103', 2523 10 00, 0402]\n    except: [7204]\n")
    sets = load_sets([tmp_path])
    assert sets["test.codes"].include == ("0101", "0102", "0103", "25231000", "0402")
    assert sets["test.codes"].except_ == ("7204",)


def test_version_changes_with_any_set(tmp_path, shipped):
    (tmp_path / "extra.yaml").write_text(SET_FILE.format(items="RU"))
    assert load_sets([SHIPPED_DIR, tmp_path]).version != shipped.version
    assert load_sets().version == shipped.version
