"""`grenswacht screen` end to end on a small file, and the `profiles` register and check."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from rules.profiles import SHIPPED_PROFILES
from streams.commands.profiles import profiles
from streams.commands.screen import screen

T = "2026-03-02T10:00:00Z"


def _event(n: int, lines: list[dict], **header) -> dict:
    record = {"event_id": f"evt-{n}", "source": "DMS", "declaration_type": "H1", "direction": "IMPORT", "version": 1,
              "event_time": T, "mrn": f"26NL{n:013d}A", "importer": {"eori": "NL000000001"},
              "lines": [{"item_number": i + 1, **line} for i, line in enumerate(lines)]}
    record.update(header)
    return record


CAR = {"commodity_code": "8703231900", "origin_country": "RU"}
STEEL = {"commodity_code": "7208390000", "procedure_code": "4000", "origin_country": "TR", "net_mass_kg": 10.0}
IPO = {"commodity_code": "8471300000", "procedure_code": "5100", "net_mass_kg": 900.0,
       "documents": [{"code": "C601", "reference": "IPO-1"}]}

# (line of the input file, raw text or event, field named in the reject or None for a good record)
GOOD = [_event(1, [CAR]), _event(2, [STEEL]), _event(3, [IPO])]
BAD = [
    ("not json at all", None),
    (json.dumps(_event(4, [CAR], source="SAP")), "source"),
    (json.dumps(_event(5, [])), "lines"),
    (json.dumps(_event(6, [{**CAR, "commodity_code": "87O3"}])), "lines[0].commodity_code"),
    (json.dumps(_event(7, [{**CAR, "origin_country": "rus"}])), "lines[0].origin_country"),
    (json.dumps(_event(8, [{**CAR, "origin_country": "XX"}])), "lines[0].origin_country"),
    (json.dumps(_event(9, [CAR, CAR]))[:-1], None),                       # truncated
    (json.dumps({**_event(10, [CAR]), "colour": "red"}), "colour"),
]


def _input(tmp_path: Path) -> Path:
    rows = [json.dumps(GOOD[0]), "", BAD[0][0], json.dumps(GOOD[1])] + [raw for raw, _ in BAD[1:]]
    rows += ["   ", json.dumps(GOOD[2]), json.dumps(GOOD[0])]             # blank, good, a redelivery
    path = tmp_path / "decl.jsonl"
    path.write_text("\n".join(rows) + "\n")
    return path


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(row) for row in path.read_text().splitlines() if row.strip()]


def test_screen_writes_hits_and_rejects_and_exits_zero(tmp_path):
    auth = tmp_path / "auth.jsonl"
    auth.write_text(json.dumps({"reference": "IPO-1", "type": "IPO", "holder_eori": "NL000000001",
                                "valid_from": "2026-01-01", "valid_to": "2026-12-31", "max_quantity": 1000,
                                "quantity_unit": "KGM"}) + "\n" + '{"reference": "IPO-2"}\n')
    output = tmp_path / "out" / "hits.jsonl"
    output.parent.mkdir()
    result = CliRunner().invoke(screen, ["--input", str(_input(tmp_path)), "--output", str(output),
                                         "--authorisations", str(auth), "--detected-at", "2026-11-24T12:00:00Z"])
    assert result.exit_code == 0, result.output
    rejects = _jsonl(tmp_path / "out" / "hits.rejects.jsonl")
    auth_rejects = [r for r in rejects if r.get("file") == "authorisations"]
    assert [(r["line"], r["field"]) for r in auth_rejects] == [(2, "type")]
    decl_rejects = [r for r in rejects if "file" not in r]
    assert [r["line"] for r in decl_rejects] == [3, 5, 6, 7, 8, 9, 10, 11]
    assert [r["field"] for r in decl_rejects] == [field for _, field in BAD]
    assert all(r["reason"] for r in decl_rejects) and decl_rejects[0]["raw"] == "not json at all"
    assert decl_rejects[-1]["raw"] == BAD[-1][0]
    hits = _jsonl(output)
    assert [(h["event_id"], h["rule_id"], h["severity"]) for h in hits] == [
        ("evt-1", "embargo.ru.cars", "hit"), ("evt-2", "cbam.missing_status", "hit"),
        ("evt-3", "overrun.authorisation.quantity.warning_80", "warning")]
    assert all(h["detected_at"] == "2026-11-24T12:00:00Z" and h["reason"] for h in hits)
    assert "rejects: 8 (+1 authorisation records)" in result.output and "hits embargo: 1" in result.output
    assert "lines: 12 (4 declarations" in result.output      # blank lines skipped, the redelivery counted


def test_explicit_rejects_path_and_sample_rate(tmp_path):
    source = tmp_path / "decl.jsonl"
    rows = "\r\n".join(json.dumps(_event(n, [STEEL])) for n in range(20))
    source.write_bytes(b"\xef\xbb\xbf" + rows.encode() + b"\r\n")       # a BOM and Windows line ends are fine
    rejects = tmp_path / "elsewhere.jsonl"
    result = CliRunner().invoke(screen, ["--input", str(source), "--output", str(tmp_path / "h.jsonl"),
                                         "--rejects", str(rejects), "--sample-rate", "1"])
    assert result.exit_code == 0, result.output
    assert rejects.read_text() == "" and "hits sample: 20" in result.output


def test_bad_profile_folder_is_refused_naming_file_and_line(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "x.yaml").write_text("id: test.x\ntitle: t\ndescription: d\nlegal_basis: l\nqueue: embargo\n"
                                   "conditions:\n  commodity:\n    include: [nope.nothing]\n")
    result = CliRunner().invoke(profiles, ["check", str(folder)])
    assert result.exit_code == 1
    assert f"{folder / 'x.yaml'}:8" in result.output and "unknown set 'nope.nothing'" in result.output
    source = tmp_path / "decl.jsonl"
    source.write_text(json.dumps(_event(1, [CAR])) + "\n")
    result = CliRunner().invoke(screen, ["--input", str(source), "--output", str(tmp_path / "h.jsonl"),
                                         "--profiles", str(folder)])
    assert result.exit_code == 1 and "unknown set 'nope.nothing'" in result.output


def test_profiles_list_shows_the_register():
    result = CliRunner().invoke(profiles, ["list", "--on", "2026-03-01"])
    assert result.exit_code == 0, result.output
    assert "embargo.ru.cars" in result.output and "cbam.de_minimis_threshold" in result.output
    listed_before = CliRunner().invoke(profiles, ["list", "--on", "2025-03-01"]).output
    assert "cbam.missing_status" not in listed_before and "embargo.ru.cars" in listed_before
    assert CliRunner().invoke(profiles, ["check", str(SHIPPED_PROFILES)]).exit_code == 0


def test_lists_wire_the_party_screener_in(tmp_path, sanctions_dir):
    real = sanctions_dir / "ofac_sdn.csv"
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "sdn.csv").write_text("".join(real.read_text(encoding="utf-8").splitlines(keepends=True)[:3]))
    source = tmp_path / "decl.jsonl"
    source.write_text(json.dumps(_event(1, [STEEL], consignor={"name": "Banco Nacional de Cuba", "country": "CU"})) + "\n")
    output = tmp_path / "h.jsonl"
    result = CliRunner().invoke(screen, ["--input", str(source), "--output", str(output), "--lists", str(lists)])
    assert result.exit_code == 0, result.output
    sanctions = [h for h in _jsonl(output) if h["queue"] == "sanctions"]
    assert len(sanctions) == 1 and sanctions[0]["list_version"] and sanctions[0]["item_number"] is None
