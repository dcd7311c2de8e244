"""`grenswacht lists` and `grenswacht bench names` (CLI shells of the sanctions package)."""

from __future__ import annotations

from click.testing import CliRunner

from loadtest.bench_names import names as bench_names
from streams.commands.lists import lists


def test_lists_show_prints_counts_and_version(sanctions_dir, real_lists):
    result = CliRunner().invoke(lists, ["show", str(sanctions_dir)])
    assert result.exit_code == 0, result.output
    assert f"version: {real_lists.version}" in result.output
    assert "OFAC.names.alias: 11910" in result.output and "UN.person: 730" in result.output


def test_lists_update_without_network_fails_clearly_and_keeps_old_files(tmp_path):
    dest = tmp_path / "lists"
    dest.mkdir()
    (dest / "sdn.csv").write_text("old")
    result = CliRunner().invoke(lists, ["update", "--dest", str(dest), "--only", "sdn.csv", "--timeout", "2",
                                        "--source", "sdn.csv=http://127.0.0.1:9/sdn.csv"])
    assert result.exit_code != 0
    assert "cannot download sdn.csv" in result.output and "unchanged" in result.output
    assert (dest / "sdn.csv").read_text() == "old"


def test_lists_update_refuses_a_bad_download(tmp_path):
    bad = tmp_path / "served.xml"
    bad.write_text("<not-a-list/>")
    dest = tmp_path / "lists"
    result = CliRunner().invoke(lists, ["update", "--dest", str(dest), "--only", "un_consolidated.xml",
                                        "--source", f"un_consolidated.xml={bad.as_uri()}"])
    assert result.exit_code != 0 and "refused" in result.output
    assert not dest.exists()


def test_bench_names_runs_small(sanctions_dir, tmp_path):
    plot = tmp_path / "curve.png"
    result = CliRunner().invoke(bench_names, ["--lists", str(sanctions_dir), "--queries", "300", "--baseline", "5",
                                              "--eval", "--per-kind", "5", "--negatives", "100", "--hard", "20",
                                              "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    assert "names/s per core" in result.output and "faster" in result.output
    assert "false-alarm rate" in result.output and "index build" in result.output
    assert "operating curve" in result.output and "negative_subset" in result.output
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
