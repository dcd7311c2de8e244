from __future__ import annotations

import shutil

import pytest

from rules.errors import ListError
from rules.sanctions import load_lists

EU_XML = """<?xml version="1.0" encoding="UTF-8"?>
<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2025-01-01T00:00:00">
  <sanctionEntity euReferenceNumber="EU.27.28" logicalId="13">
    <regulation regulationType="regulation" programme="IRQ" publicationDate="2003-07-08"/>
    <subjectType code="person" classificationCode="P"/>
    <nameAlias firstName="Saddam" lastName="Hussein Al-Tikriti" wholeName="Saddam Hussein Al-Tikriti" strong="true"/>
    <nameAlias wholeName="Abu Ali" strong="false"/>
    <citizenship countryIso2Code="IQ" countryDescription="IRAQ"/>
  </sanctionEntity>
  <sanctionEntity euReferenceNumber="EU.99.1" logicalId="99">
    <regulation programme="RUS"/>
    <subjectType code="enterprise" classificationCode="E"/>
    <nameAlias wholeName="Romashka Trading OOO" strong="true"/>
    <nameAlias firstName="" middleName="" lastName="" wholeName="" strong="true"/>
    <address city="Moscow" countryIso2Code="RU"/>
  </sanctionEntity>
</export>
"""


def test_real_ofac_counts(real_lists):
    ofac = [e for e in real_lists.entities if e.source == "OFAC"]
    assert len(ofac) == 8976
    aliases = [n for e in ofac for n in e.names if n.kind != "primary" and not n.low_quality]
    assert len(aliases) == 11910
    assert {n.kind for n in aliases} == {"aka", "fka", "nka"}
    types = {e.type for e in ofac}
    assert types == {"person", "organisation", "vessel", "aircraft"}


def test_real_un_counts(real_lists):
    un = [e for e in real_lists.entities if e.source == "UN"]
    assert sum(e.type == "person" for e in un) == 730
    assert sum(e.type == "organisation" for e in un) == 273
    low = [n for e in un for n in e.names if n.low_quality]
    assert low, "UN low-quality aliases are kept, marked"


def test_ofac_weak_aliases_and_countries(real_lists):
    by_id = {e.entity_id: e for e in real_lists.entities}
    cuba_bank = by_id["OFAC-306"]
    assert cuba_bank.names[0].text == "BANCO NACIONAL DE CUBA"
    assert any(n.text == "BNC" and n.low_quality for n in cuba_bank.names)
    assert "CH" in cuba_bank.countries and "ES" in cuba_bank.countries
    assert by_id["UN-CDi.001"].countries == ("CD", "RW")


def test_version_is_content_hash(tmp_path, sanctions_dir, real_lists):
    for name in ("ofac_sdn.csv", "ofac_alt.csv", "ofac_add.csv"):
        shutil.copy(sanctions_dir / name, tmp_path / name.removeprefix("ofac_"))
    official = load_lists([tmp_path / "sdn.csv", tmp_path / "alt.csv", tmp_path / "add.csv"])
    assert len(official.entities) == 8976
    assert load_lists([tmp_path]).version == official.version
    data = (tmp_path / "sdn.csv").read_bytes()
    (tmp_path / "sdn.csv").write_bytes(data.replace(b"AEROCARIBBEAN", b"AEROCARIBEAN", 1))
    assert load_lists([tmp_path]).version != official.version
    assert official.version != real_lists.version


def test_eu_loader(tmp_path):
    path = tmp_path / "eu.xml"
    path.write_text(EU_XML)
    lst = load_lists([path])
    saddam, romashka = lst.entities
    assert saddam.entity_id == "EU-EU.27.28" and saddam.type == "person" and saddam.programme == "IRQ"
    assert [(n.text, n.low_quality) for n in saddam.names] == [("Saddam Hussein Al-Tikriti", False), ("Abu Ali", True)]
    assert saddam.countries == ("IQ",)
    assert romashka.type == "organisation" and romashka.countries == ("RU",) and len(romashka.names) == 1


@pytest.mark.parametrize("name, content, reason", [
    ("broken.xml", "<CONSOLIDATED_LIST><INDIVIDUALS>", "not well-formed"),
    ("other.xml", "<root/>", "neither"),
    ("empty_eu.xml", '<export xmlns="http://eu.europa.ec/fpi/fsd/export"/>', "no sanctionEntity"),
    ("sdn.csv", '1,"NAME",-0-\n', "columns"),
    ("sdn.csv", 'x,"NAME",-0- ,"P",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n', "not a number"),
    ("alt.csv", '1,2,"aka","X",-0-\n', "without sdn.csv"),
    ("names.csv", "a,b\n", "not an OFAC"),
])
def test_bad_file_is_refused_with_file_and_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(ListError) as err:
        load_lists([tmp_path])
    assert err.value.file.endswith(name) or name == "alt.csv"
    assert reason in err.value.reason


def test_missing_path_is_refused(tmp_path):
    with pytest.raises(ListError, match="no such file"):
        load_lists([tmp_path / "nope"])
