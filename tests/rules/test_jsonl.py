"""The one JSON Lines reader: editor line numbers, blank lines skipped, a byte-order mark dropped."""

from __future__ import annotations

import io
from pathlib import Path

from rules.jsonl import json_lines


def test_numbers_are_the_editors_and_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"a": 1}\r\n\n   \n{"b": 2}\n{"c": 3}')
    assert list(json_lines(path)) == [(1, b'{"a": 1}'), (4, b'{"b": 2}'), (5, b'{"c": 3}')]


def test_an_open_file_reads_the_same_and_a_bom_counts_only_at_the_start() -> None:
    source = io.BytesIO(b'{"a": 1}\n\xef\xbb\xbf{"b": 2}\n')
    assert list(json_lines(source)) == [(1, b'{"a": 1}'), (2, b'\xef\xbb\xbf{"b": 2}')]
