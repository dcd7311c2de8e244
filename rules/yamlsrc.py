"""YAML with line numbers: values as plain Python plus the line of every key and item.

Analysts edit profiles and reference sets by hand, so a refusal must point at
the line. PyYAML's node marks carry it; the values are built here from the
node tree, which also catches duplicate keys (PyYAML keeps the last silently).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from rules.errors import ProfileError

Path_ = tuple[Any, ...]
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"


class Source:
    """One parsed file: `data` and `line(path)` -> the line of the nearest known node."""

    def __init__(self, file: str, data: Any, lines: dict[Path_, int]) -> None:
        self.file = file
        self.data = data
        self._lines = lines

    def line(self, path: Path_) -> int | None:
        while path not in self._lines and path:
            path = path[:-1]
        return self._lines.get(path)

    def error(self, path: Path_, reason: str) -> ProfileError:
        field = ".".join(str(p) for p in path) or None
        return ProfileError(self.file, reason, line=self.line(path), field=field)


def _build(node: yaml.Node, loader: yaml.SafeLoader, path: Path_, lines: dict[Path_, int], file: str) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            if key in out:
                raise ProfileError(file, f"duplicate key {key!r}", line=key_node.start_mark.line + 1,
                                   field=".".join(str(p) for p in (*path, key)))
            lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = _build(value_node, loader, (*path, key), lines, file)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loader, (*path, i), lines, file) for i, item in enumerate(node.value)]
    if node.tag == _INT and node.value.isdigit() and node.value.startswith("0") and len(node.value) > 1:
        return node.value  # a code such as 0101, not the octal number YAML 1.1 reads
    if node.tag == _BOOL and node.value.lower() not in ("true", "false"):
        return node.value  # NO is Norway, not the boolean YAML 1.1 reads
    try:
        return loader.construct_object(node)
    except ValueError:
        return node.value  # e.g. 2026-13-01 looks like a date but is none: the validator says why


def parse_yaml(text: str, file: str) -> Source:
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as exc:    # a control character: the reader refuses before parsing
        raise ProfileError(file, f"not valid YAML: character #x{exc.character:04x} is not allowed",
                           line=text.count("\n", 0, exc.position) + 1) from None
    try:
        node = loader.get_single_node()
        lines: dict[Path_, int] = {}
        data = None if node is None else _build(node, loader, (), lines, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ProfileError(file, f"not valid YAML: {exc.problem or exc}",
                           line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise ProfileError(file, f"not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    return Source(file, data, lines)


def load_yaml(path: Path) -> Source:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(str(path), f"cannot read: {exc}") from None
    return parse_yaml(text, str(path))
