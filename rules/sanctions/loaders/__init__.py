"""Read official list files (or folders of them) into one SanctionsList.

Formats are told apart by content: an XML root of CONSOLIDATED_LIST is the UN
list, `export` the EU file; CSV files are OFAC, paired by name (sdn/alt/add,
with or without an `ofac_` prefix) within their folder. Any file may be gzipped
(`sdn.csv.gz`): it is read as its uncompressed self, so a compressed copy of a
list has the same version as the original.
"""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Sequence
from pathlib import Path

from rules.errors import ListError
from rules.sanctions.loaders import eu, ofac, un
from rules.sanctions.model import Entity, SanctionsList, files_digest

_OFAC_ROLES = {"sdn": "sdn", "alt": "alt", "add": "add"}
_FORMATS = (".csv", ".xml")


def logical_name(path: Path) -> str:
    """The file's name as the list it holds: `ofac_sdn.csv.gz` -> `ofac_sdn.csv`."""
    return path.name[:-3] if path.name.lower().endswith(".gz") else path.name


def _format(path: Path) -> str:
    return Path(logical_name(path)).suffix.lower()


def _read(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ListError(str(path), f"cannot read: {exc.strerror}") from None
    if not path.name.lower().endswith(".gz"):
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise ListError(str(path), f"not a readable gzip file: {exc}") from None


def list_files(paths: Sequence[Path]) -> list[Path]:
    """The list files named, folders expanded to the list files they hold."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and _format(p) in _FORMATS)
            if not found:
                raise ListError(str(path), "folder holds no .csv or .xml list files (gzipped or not)")
            out.extend(found)
        elif path.is_file():
            out.append(path)
        else:
            raise ListError(str(path), "no such file or folder")
    return out


def _ofac_role(path: Path) -> str:
    stem = Path(logical_name(path)).stem.lower()
    for prefix in ("ofac_", "ofac-", "sdn_"):
        if stem.startswith(prefix) and stem[len(prefix):] in _OFAC_ROLES:
            stem = stem[len(prefix):]
    if stem not in _OFAC_ROLES:
        raise ListError(str(path), "CSV file is not an OFAC sdn.csv, alt.csv or add.csv")
    return _OFAC_ROLES[stem]


def _xml(path: Path, data: bytes) -> list[Entity]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ListError(str(path), f"not well-formed XML: {exc}") from None
    tag = root.tag.rsplit("}", 1)[-1]
    if tag == "CONSOLIDATED_LIST":
        return un.parse_root(root, str(path))
    if tag == "export":
        return eu.parse_root(root, str(path))
    raise ListError(str(path), f"XML root {tag!r} is neither a UN CONSOLIDATED_LIST nor an EU export")


def _ofac(group: dict[str, tuple[Path, bytes]]) -> list[Entity]:
    if "sdn" not in group:
        some = next(iter(group.values()))[0]
        raise ListError(str(some), "OFAC alt/add file without sdn.csv beside it")
    sdn, alt, add = group["sdn"], group.get("alt"), group.get("add")
    return ofac.parse(sdn[1], str(sdn[0]),
                      alt[1] if alt else None, str(alt[0]) if alt else "alt.csv",
                      add[1] if add else None, str(add[0]) if add else "add.csv")


def load_lists(paths: Sequence[Path | str]) -> SanctionsList:
    """All entities from the given files and folders; ListError names the file that is refused."""
    files = list_files([Path(p) for p in paths])
    if not files:
        raise ListError("-", "no list files given")
    parts: list[tuple[str, bytes]] = []
    entities: list[Entity] = []
    ofac_groups: dict[Path, dict[str, tuple[Path, bytes]]] = {}
    for path in files:
        data = _read(path)
        parts.append((logical_name(path), data))
        if _format(path) == ".xml":
            entities.extend(_xml(path, data))
        elif _format(path) == ".csv":
            group = ofac_groups.setdefault(path.resolve().parent, {})
            role = _ofac_role(path)
            if role in group:
                raise ListError(str(path), f"second OFAC {role} file in {path.parent}")
            group[role] = (path, data)
        else:
            raise ListError(str(path), "unknown list format (expected .csv or .xml, gzipped or not)")
    for group in ofac_groups.values():
        entities.extend(_ofac(group))
    ids = [e.entity_id for e in entities]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise ListError(dup, "entity appears in more than one loaded file")
    return SanctionsList(tuple(entities), files_digest(parts), tuple(str(p) for p in files))
