"""Checks beyond the schema's patterns: codes that are well-formed but do not exist.

The schema admits any two capital letters as a country; the contract means
ISO 3166-1 alpha-2 or an EU customs code, so anything else (a typo such as
"XX") is refused here with the field that carries it, like a schema break.
"""

from __future__ import annotations

from rules.errors import RecordError
from rules.records import PARTY_ROLES, Declaration

_LINE_COUNTRIES = ("origin_country", "dispatch_country", "export_country", "destination_country")
# HS chapter 77 is reserved and 00 does not exist: no goods are classified there
_NO_CHAPTER = frozenset({"00", "77"})


def check_declaration(decl: Declaration, known_countries: frozenset[str]) -> None:
    """Raise RecordError naming the first unknown country or impossible commodity code."""
    used = {c for line in decl.lines for c in (line.origin_country, line.dispatch_country,
                                               line.export_country, line.destination_country)}
    used.update(p.country for p in (decl.declarant, decl.importer, decl.exporter, decl.consignor,
                                    decl.consignee, decl.representative) if p is not None)
    used.discard(None)
    if not used <= known_countries or any(line.commodity_code[:2] in _NO_CHAPTER for line in decl.lines):
        _name_the_field(decl, known_countries)


def _name_the_field(decl: Declaration, known_countries: frozenset[str]) -> None:
    for role in PARTY_ROLES:
        party = getattr(decl, role)
        if party is not None and party.country is not None and party.country not in known_countries:
            raise RecordError(f"unknown country code {party.country!r}", field=f"{role}.country")
    for i, line in enumerate(decl.lines):
        for name in _LINE_COUNTRIES:
            code = getattr(line, name)
            if code is not None and code not in known_countries:
                raise RecordError(f"unknown country code {code!r}", field=f"lines[{i}].{name}")
        if line.commodity_code[:2] in _NO_CHAPTER:
            raise RecordError(f"no HS chapter {line.commodity_code[:2]} in commodity code {line.commodity_code!r}",
                              field=f"lines[{i}].commodity_code")
