"""The layers depend one way: rules < schemas < streams < deploy, loadtest.

Every import counts, at module top or inside a function, so a late import cannot
hide a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TOOLING = {"deploy", "loadtest"}
# package -> top-level packages it must never import
FORBIDDEN: dict[str, set[str]] = {
    "rules": TOOLING | {"schemas", "streams", "faust", "aiokafka", "confluent_kafka", "redis"},
    "schemas": TOOLING | {"streams"},
    "streams": TOOLING,
}


def imported_packages(source: str, module: str) -> dict[str, int]:
    """Top-level package -> first line that imports it, for every import in the source."""
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            # a relative import stays inside the importing package
            names = [module.split(".")[0] if node.level else node.module or ""]
        else:
            continue
        for name in names:
            found.setdefault(name.split(".")[0], node.lineno)
    return found


def modules(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


def test_the_walk_sees_imports_inside_functions_and_relative_ones() -> None:
    source = "import os\ndef f():\n    from deploy.stack import up\n    import loadtest.demo as d\nfrom . import x\n"
    assert imported_packages(source, "streams.y") == {"os": 1, "deploy": 3, "loadtest": 4, "streams": 5}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_module_imports_a_layer_above_it(package: str) -> None:
    assert modules(package), f"no modules found under {package}/"
    offences = []
    for path in modules(package):
        module = ".".join(path.relative_to(REPO).with_suffix("").parts)
        for name, line in imported_packages(path.read_text(encoding="utf-8"), module).items():
            if name in FORBIDDEN[package]:
                offences.append(f"{path.relative_to(REPO)}:{line} imports {name}")
    assert not offences, "\n".join(offences)
