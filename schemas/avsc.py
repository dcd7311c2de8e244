"""The .avsc files beside this module and the schema ids fixed for them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parent

# Fixed in the repo so that producers and consumers agree without a registry
# round trip; see schemas.codec for how a registry's ids map onto these.
SCHEMA_IDS: dict[str, int] = {"declaration": 1, "authorisation": 2, "hit": 3, "dead_letter": 4, "decision": 5,
                               "allow_entry": 6, "audit_event": 7}
NAMES_BY_ID: dict[int, str] = {schema_id: name for name, schema_id in SCHEMA_IDS.items()}


def schema_path(name: str) -> Path:
    return SCHEMA_DIR / f"{name}.avsc"


def load_avsc(name: str) -> dict[str, Any]:
    """The schema as written in its .avsc file (plain JSON, not yet parsed by fastavro)."""
    return json.loads(schema_path(name).read_text(encoding="utf-8"))
