"""Profile YAML files and sanctions list files from outside, fuzzed: each is loaded or refused with a
ProfileError / ListError that names the file and its reason; nothing else escapes, nothing hangs."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from fuzz_support import JSON_VALUES, byte_mutation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules.errors import ListError, ProfileError
from rules.profiles import SHIPPED_PROFILES, load_profiles
from rules.sanctions import load_lists

# Bounded for CI; a deadline would only measure the neighbours on a shared machine (a hang still fails:
# pytest's own run time shows it, and every example is a single small file).
EXAMPLES = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
PROFILE_FILES = sorted(p.name for p in SHIPPED_PROFILES.glob("*.yaml"))

OFAC_SDN = b'''36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- 
306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. 'BNC'."
'''
OFAC_ALT = b'''306,220,"aka","NATIONAL BANK OF CUBA",-0- 
'''
UN_XML = b'''<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
  <INDIVIDUALS><INDIVIDUAL><DATAID>6907993</DATAID><VERSIONNUM>1</VERSIONNUM><FIRST_NAME>ERIC</FIRST_NAME>
    <SECOND_NAME>BADEGE</SECOND_NAME><UN_LIST_TYPE>DRC</UN_LIST_TYPE><REFERENCE_NUMBER>CDi.001</REFERENCE_NUMBER>
    <NATIONALITY><VALUE>Democratic Republic of the Congo</VALUE></NATIONALITY>
    <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>E. BADEGE</ALIAS_NAME></INDIVIDUAL_ALIAS>
  </INDIVIDUAL></INDIVIDUALS>
  <ENTITIES><ENTITY><DATAID>110407</DATAID><FIRST_NAME>AL-QAIDA</FIRST_NAME><REFERENCE_NUMBER>QDe.004</REFERENCE_NUMBER>
    <ENTITY_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>The Base</ALIAS_NAME></ENTITY_ALIAS></ENTITY></ENTITIES>
</CONSOLIDATED_LIST>
'''
EU_XML = b'''<?xml version="1.0" encoding="UTF-8"?>
<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2025-01-01T00:00:00">
  <sanctionEntity euReferenceNumber="EU.99.1" logicalId="99">
    <regulation programme="RUS"/><subjectType code="enterprise" classificationCode="E"/>
    <nameAlias wholeName="Romashka Trading OOO" strong="true"/><address city="Moscow" countryIso2Code="RU"/>
  </sanctionEntity>
</export>
'''
LIST_FILES = {"sdn.csv": OFAC_SDN, "alt.csv": OFAC_ALT, "un.xml": UN_XML, "eu.xml": EU_XML}


@pytest.fixture()
def folder() -> Path:
    path = Path(tempfile.mkdtemp(prefix="fuzz-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_the_list_seeds_are_valid(folder: Path) -> None:
    for name, data in LIST_FILES.items():
        (folder / name).write_bytes(data)
    entities = load_lists([folder]).entities
    assert len(entities) == 5 and {e.source for e in entities} == {"OFAC", "UN", "EU"}


def _yaml_mutation(text: str) -> st.SearchStrategy[str]:
    """The shipped file with one value replaced, one key dropped or added, or its text damaged."""
    data = yaml.safe_load(text)

    def replaced(path_and_value: tuple[list[int], object]) -> str:
        choice, value = path_and_value
        doc = yaml.safe_load(text)
        node = doc
        for step in choice:
            keys = list(node) if isinstance(node, dict) else list(range(len(node))) if isinstance(node, list) else []
            if not keys:
                break
            key = keys[step % len(keys)]
            if not isinstance(node[key], (dict, list)):
                node[key] = value
                break
            node = node[key]
        else:
            if isinstance(node, dict):
                node[str(value)[:12] or "x"] = value
        return yaml.safe_dump(doc, allow_unicode=True)

    structural = st.tuples(st.lists(st.integers(0, 50), min_size=1, max_size=6), JSON_VALUES).map(replaced)
    textual = byte_mutation(text.encode()).map(lambda b: b.decode("utf-8", errors="replace"))
    return st.one_of(structural, textual) if data else textual


@EXAMPLES
@given(st.data())
def test_a_damaged_profile_file_is_loaded_or_refused_naming_it(folder: Path, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(PROFILE_FILES))
    for other in PROFILE_FILES:
        shutil.copy(SHIPPED_PROFILES / other, folder / other)
    text = data.draw(_yaml_mutation((SHIPPED_PROFILES / name).read_text()))
    (folder / name).write_text(text)
    try:
        load_profiles(folder)
    except ProfileError as exc:
        assert exc.reason and exc.file, exc
        assert str(exc).strip()


@EXAMPLES
@given(st.data())
def test_a_damaged_list_file_is_loaded_or_refused_naming_it(folder: Path, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(LIST_FILES)))
    for other, content in LIST_FILES.items():
        (folder / other).write_bytes(content)
    (folder / name).write_bytes(data.draw(st.one_of(byte_mutation(LIST_FILES[name]), st.binary(max_size=300))))
    try:
        load_lists([folder])
    except ListError as exc:
        assert exc.reason and exc.file, exc
