"""`grenswacht generate`: files written, summary printed, sanctioned names planted from real lists."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from loadtest import listnames
from rules.errors import RecordError
from rules.records import decode_authorisation, decode_declaration
from streams.cli import cli


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["generate", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_writes_declarations_and_authorisations_and_reports_them(tmp_path: Path) -> None:
    out, auth = tmp_path / "decl.jsonl", tmp_path / "auth.jsonl"
    output = run("--lines", "5000", "--output", str(out), "--authorisations", str(auth), "--seed", "3",
                 "--malformed", "4")
    rows = out.read_bytes().splitlines()
    good = [decode_declaration(r) for r in rows if _valid(r)]
    assert len(rows) - len(good) == 4
    assert sum(len(d.lines) for d in good) == 5000
    assert f"{len(good)} events, 5000 lines" in output
    assert "embargo.ru_car" in output and "overrun.warning_95" in output and "malformed: 4 records" in output
    records = [decode_authorisation(r) for r in auth.read_bytes().splitlines()]
    assert f"{len(records)} authorisations" in output


def test_same_seed_same_file(tmp_path: Path) -> None:
    run("--lines", "2000", "--output", str(tmp_path / "a.jsonl"), "--seed", "9")
    run("--lines", "2000", "--output", str(tmp_path / "b.jsonl"), "--seed", "9")
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_lists_plant_listed_names(tmp_path: Path, sanctions_dir: Path) -> None:
    out = tmp_path / "decl.jsonl"
    output = run("--lines", "20000", "--output", str(out), "--lists", str(sanctions_dir))
    line = next(row for row in output.splitlines() if "sanctions.party" in row)
    planted = int(line.split()[-1])
    names = {listnames.name_key(n) for n in listnames.sanctioned_names([sanctions_dir], 7)}
    parties = [listnames.name_key(p["name"]) for row in out.read_bytes().splitlines()
               for p in orjson.loads(row).values() if isinstance(p, dict) and p.get("name")]
    assert planted > 0 and sum(name in names for name in parties) >= planted


def test_sdn_csv_is_read_without_the_list_loaders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sdn = tmp_path / "sdn.csv"
    sdn.write_text('36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0-\n'
                   '40,"MV SEA STAR",vessel,"CUBA",-0-\n'
                   '41,"KASKAR, Dawood Ibrahim",individual,"SDGT",-0-\n'
                   '42,"AB",-0- ,"CUBA",-0-\n', encoding="utf-8")
    monkeypatch.setattr(listnames, "_from_loaders", lambda paths: None)
    assert sorted(listnames.sanctioned_names([tmp_path])) == ["AEROCARIBBEAN AIRLINES", "KASKAR, Dawood Ibrahim"]


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["generate", "--lines", "0", "--output", str(tmp_path / "x.jsonl")])
    assert result.exit_code != 0 and "--lines" in result.output


def _valid(raw: bytes) -> bool:
    try:
        decode_declaration(raw)
    except RecordError:
        return False
    return True
