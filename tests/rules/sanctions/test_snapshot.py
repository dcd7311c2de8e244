"""The snapshot of the public lists shipped in the package, and which lists are in force when none are named."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rules.errors import ListError
from rules.sanctions import SanctionsList, load_lists
from rules.sanctions.snapshot import BUNDLED, ListAge, choose_lists, published, record_update
from streams.commands.lists import lists as lists_command


def test_the_snapshot_is_gzipped_and_reads_as_the_published_files(sanctions_dir: Path,
                                                                   real_lists: SanctionsList) -> None:
    packed = sorted(p.name for p in BUNDLED.iterdir())
    assert packed == ["ofac_add.csv.gz", "ofac_alt.csv.gz", "ofac_sdn.csv.gz", "snapshot.json",
                      "un_consolidated.xml.gz"]
    bundled = load_lists([BUNDLED])
    assert bundled.version == real_lists.version        # compression does not change what the lists say
    assert len(bundled.entities) == 8976 + 730 + 273
    assert json.loads((BUNDLED / "snapshot.json").read_text())["date"] == "2026-02-27"


def test_the_choice_runs_named_lists_then_the_last_update_then_the_snapshot(tmp_path: Path) -> None:
    data, named = tmp_path / "data", tmp_path / "named"
    named.mkdir()
    assert choose_lists([], False, data).paths == (BUNDLED,)
    assert choose_lists([], False, data).origin == "bundled"
    updated = tmp_path / "updated"
    updated.mkdir()
    record_update(data, updated)
    assert choose_lists([], False, data).paths == (updated.resolve(),)
    assert choose_lists([named], False, data).paths == (named,)
    off = choose_lists([], True, data)
    assert not off.enabled and off.paths == () and "--no-lists" in off.describe()
    updated.rmdir()                                     # a pointer to a folder gone: back to the snapshot
    assert choose_lists([], False, data).origin == "bundled"
    with pytest.raises(ListError, match="cannot be combined"):
        choose_lists([named], True, data)


def test_age_comes_from_the_snapshot_date_or_the_xml_and_undated_lists_are_stale(tmp_path: Path) -> None:
    assert published([BUNDLED]) == dt.date(2026, 2, 27)
    age = ListAge.of([BUNDLED], 7, today=dt.date(2026, 3, 5))
    assert (age.days, age.stale) == (6, False)
    assert ListAge.of([BUNDLED], 7, today=dt.date(2026, 3, 7)).stale
    xml = tmp_path / "un.xml.gz"
    xml.write_bytes(gzip.compress(b'<CONSOLIDATED_LIST dateGenerated="2026-11-30T00:00:09Z"></CONSOLIDATED_LIST>'))
    assert published([xml]) == dt.date(2026, 11, 30)
    csv_only = tmp_path / "csv"
    csv_only.mkdir()
    (csv_only / "sdn.csv").write_text("")
    undated = ListAge.of([csv_only], 7)
    assert undated.published is None and undated.stale


def test_a_file_that_cannot_be_read_is_refused_with_its_name(tmp_path: Path) -> None:
    broken = tmp_path / "ofac_sdn.csv.gz"
    broken.write_bytes(gzip.compress(b"36,\"AEROCARIBBEAN AIRLINES\"\n")[:12])
    with pytest.raises(ListError, match=f"{broken}: not a readable gzip file"):
        load_lists([broken])
    meta = tmp_path / "snapshot.json"
    meta.write_text('{"date": "last week"}')
    with pytest.raises(ListError, match="snapshot.json: no valid 'date'"):
        published([tmp_path])


def test_lists_show_names_each_source_with_count_date_and_version(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRENSWACHT_DATA", str(tmp_path))
    result = CliRunner().invoke(lists_command, ["show"])
    assert result.exit_code == 0, result.output
    assert f"bundled: {BUNDLED}" in result.output
    ofac = load_lists(sorted(BUNDLED.glob("ofac_*.csv.gz")))
    assert any(line.split()[:4] == ["OFAC", "8976", "2026-02-27", ofac.version]
               for line in result.output.splitlines())
    assert any(line.split()[:3] == ["UN", "1003", "2026-02-27"] for line in result.output.splitlines())
    assert "STALE" in result.output


def test_lists_update_puts_its_folder_in_force(tmp_path: Path, sanctions_dir: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRENSWACHT_DATA", str(tmp_path / "data"))
    served = {"sdn.csv": "ofac_sdn.csv", "alt.csv": "ofac_alt.csv", "add.csv": "ofac_add.csv",
              "un_consolidated.xml": "un_consolidated.xml"}
    args = ["update", "--dest", str(tmp_path / "fresh")]
    for name, file in served.items():
        args += ["--only", name, "--source", f"{name}={(sanctions_dir / file).as_uri()}"]
    result = CliRunner().invoke(lists_command, args)
    assert result.exit_code == 0, result.output
    chosen = choose_lists([], False, tmp_path / "data")
    assert chosen.origin == "updated" and chosen.paths == ((tmp_path / "fresh").resolve(),)
    assert published(chosen.paths) == dt.date(2026, 2, 27)
    assert len(load_lists(list(chosen.paths)).entities) == len(load_lists([BUNDLED]).entities)


def test_screen_with_an_unreadable_list_fails_with_the_file_and_reason(tmp_path: Path) -> None:
    from streams.cli import cli

    broken = tmp_path / "un.xml"
    broken.write_text("<CONSOLIDATED_LIST><INDIVIDUALS>")
    source = tmp_path / "in.jsonl"
    source.write_text("")
    result = CliRunner().invoke(cli, ["screen", "--input", str(source), "--output", str(tmp_path / "out.jsonl"),
                                      "--lists", str(broken)])
    assert result.exit_code != 0
    assert f"{broken}: not well-formed XML" in result.output
