"""An independent reading of the screening rules, written from the domain brief, to check planted cases.

Deliberately plain and slow: it shares no code with the generator, so a
planted case that would not actually hit (or an ordinary line that would)
shows up as a difference between this oracle and the generator's own record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

Ref = tuple[str, int | None]          # (event_id, item_number)

# Domain brief §2.1: CHPL, all tiers.
CHPL = set("""
854231 854232 854233 854239 851762 852691 853221 853224 854800 847150 850440 851769 852589 852910 852990
853669 853690 854110 854121 854129 854130 854149 854151 854159 854160 848210 848220 848230 848250 880730
901310 901380 901420 901480 847180 848610 848620 848640 853400 854320 902750 903020 903032 903039 903082
845710 845811 845891 845961 846693""".split())
WATCHED = {"AM", "KZ", "KG", "GE", "TR", "AE", "UZ", "RS", "CN", "HK", "RU", "BY"}
EU = set("AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE HU".split())
ANNEX_III = {"IS", "LI", "NO", "CH"}
STATUS_DOCS = {"Y128", "Y238", "Y137", "Y134", "Y135", "Y136", "Y237"}
RELEASE_PROCEDURES = ("40", "42", "44", "61")
AUTH_DOCS = {"C601", "N990", "C990"}


def cbam_annex_i(code: str) -> bool:
    """Domain brief §1.1, by CN code."""
    if code.startswith("72"):
        ferro = code[:5] == "72022" or code[:6] in {"720230", "720250", "720270", "720280", "720291", "720292",
                                                    "720293", "720299"}
        return not ferro and not code.startswith("7204")
    if code[:4] in {"7301", "7302", "7303", "7304", "7305", "7306", "7307", "7308", "7309", "7310", "7311",
                    "7318", "7326", "7601", "7603", "7604", "7605", "7606", "7607", "7608", "7609", "7610",
                    "7611", "7612", "7613", "7614", "7616", "2814", "3102", "2716", "2808"}:
        return True
    if code[:4] == "3105":
        return code[:6] != "310560"
    return code[:6] in {"252310", "252321", "252329", "252330", "252390", "260112", "283421", "280410"}


def excluded_from_threshold(code: str) -> bool:
    return code.startswith("2716") or code.startswith("280410")


def _docs(line: dict[str, Any]) -> set[str]:
    return {d["code"] for d in line.get("documents") or []}


def stateless(events: Iterable[dict[str, Any]]) -> dict[str, set[Ref]]:
    """Lines that hit the embargo and CBAM-status rules, per planted kind name."""
    out: dict[str, set[Ref]] = defaultdict(set)
    for e in events:
        for line in e["lines"]:
            ref = (e["event_id"], line["item_number"])
            code = line["commodity_code"]
            countries = {line.get("origin_country"), line.get("dispatch_country")}
            if e["direction"] == "IMPORT" and code.startswith("8703") and \
                    "RU" in countries | {line.get("export_country")}:
                out["embargo.ru_car"].add(ref)
            steel = "7206" <= code[:4] <= "7229" or code.startswith("73")
            if e["direction"] == "IMPORT" and steel and "RU" in countries:
                out["embargo.ru_steel"].add(ref)
            if e["direction"] == "EXPORT" and code[:6] in CHPL and line.get("destination_country") in WATCHED:
                out["embargo.chpl_export"].add(ref)
            origin = line.get("origin_country")
            released = e["direction"] == "IMPORT" and (line.get("procedure_code") or "")[:2] in RELEASE_PROCEDURES
            if released and cbam_annex_i(code) and origin and origin not in EU | ANNEX_III \
                    and not _docs(line) & STATUS_DOCS:
                out["cbam.no_status"].add(ref)
            in_scope = released and origin and origin not in EU | ANNEX_III
            if in_scope and "Y137" in _docs(line) and excluded_from_threshold(code):
                out["cbam.y137_excluded"].add(ref)
    return out


def _latest(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop redeliveries (an event_id seen before)."""
    seen: set[str] = set()
    out = []
    for e in events:
        if e["event_id"] not in seen:
            seen.add(e["event_id"])
            out.append(e)
    return out


def _key(e: dict[str, Any]) -> str:
    return e.get("mrn") or e.get("lrn") or e["event_id"]


def cbam_threshold(events: list[dict[str, Any]], only_y137_lines: bool) -> set[Ref]:
    """Lines that take an importer's yearly Annex I net mass above 50 t, and later lines of that importer.

    `only_y137_lines` picks between the two readings of "importers claiming
    Y137": only the lines with Y137, or every Annex I line of such an importer.
    An amendment replaces the earlier lines of its declaration.
    """
    events = _latest(events)
    claimants = {e["importer"]["eori"] for e in events if e.get("importer")
                 for line in e["lines"] if "Y137" in _docs(line)}
    contributions: dict[tuple[str, int], dict[tuple[str, int], float]] = defaultdict(dict)
    versions: dict[str, int] = {}
    out: set[Ref] = set()
    for e in events:
        eori = (e.get("importer") or {}).get("eori")
        if eori not in claimants or e["version"] < versions.get(_key(e), 0):
            continue
        versions[_key(e)] = e["version"]
        year = int(e["event_time"][:4])
        bucket = contributions[(eori, year)]
        for k in [k for k in bucket if k[0] == _key(e)]:
            del bucket[k]
        for line in e["lines"]:
            code = line["commodity_code"]
            if not cbam_annex_i(code) or excluded_from_threshold(code):
                continue
            if only_y137_lines and "Y137" not in _docs(line):
                continue
            bucket[(_key(e), line["item_number"])] = line.get("net_mass_kg") or 0.0
            if sum(bucket.values()) > 50_000.0:
                out.add((e["event_id"], line["item_number"]))
    return out


def overruns(events: list[dict[str, Any]], authorisations: list[dict[str, Any]]) -> dict[str, set[Ref]]:
    """Authorisation draws in file order: crossing 80% and 95%, above 100%, unknown references."""
    by_ref = {a["reference"]: a for a in authorisations}
    used: dict[tuple[str, str], dict[tuple[str, int], float]] = defaultdict(dict)
    out: dict[str, set[Ref]] = defaultdict(set)
    for e in _latest(events):
        header = [a["reference"] for a in e.get("authorisations") or []]
        for line in e["lines"]:
            ref = (e["event_id"], line["item_number"])
            refs = set(header) | {d.get("reference") for d in line.get("documents") or [] if d["code"] in AUTH_DOCS}
            for reference in refs:
                auth = by_ref.get(reference)
                if auth is None:
                    out["overrun.unknown_authorisation"].add(ref)
                    continue
                _draw(auth, e, line, used, out)
    return out


def _draw(auth: dict[str, Any], e: dict[str, Any], line: dict[str, Any],
          used: dict[tuple[str, str], dict[tuple[str, int], float]], out: dict[str, set[Ref]]) -> None:
    if not auth["valid_from"] <= e["event_time"][:10] <= auth["valid_to"]:
        return
    prefixes = auth.get("commodity_prefixes") or []
    if prefixes and not any(line["commodity_code"].startswith(p) for p in prefixes):
        return
    measures = []
    if auth.get("max_quantity") is not None:
        field = "net_mass_kg" if auth["quantity_unit"] == "KGM" else "supplementary_units"
        measures.append(("quantity", auth["max_quantity"], line.get(field) or 0.0))
    if auth.get("max_value_eur") is not None:
        measures.append(("value", auth["max_value_eur"], line.get("value_eur") or 0.0))
    ref = (e["event_id"], line["item_number"])
    for name, limit, amount in measures:
        bucket = used[(auth["reference"], name)]
        before = sum(bucket.values())
        bucket[(_key(e), line["item_number"])] = amount
        after = sum(bucket.values())
        crossed = [kind for share, kind in ((0.80, "overrun.warning_80"), (0.95, "overrun.warning_95"))
                   if before < share * limit < after]
        if after > limit:
            out["overrun.over_100"].add(ref)         # one alert per line: the limit outranks the warnings
        elif crossed:
            out[crossed[-1]].add(ref)
