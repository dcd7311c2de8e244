"""`grenswacht bench`: throughput figures (benchmarks, never timed tests).

`bench engine` prints, from one run over generated traffic held in memory:
JSON parse + validation alone, the full offline screen (parse, validate, kernel,
hits, running totals, hit encoding), their ratio (goal: screening costs no more
than parsing, ratio >= 0.5), and the kernel alone on prepared arrays with
10,000 generated profiles. Single-threaded figures.
"""

from __future__ import annotations

import gc
import json
import random
import time
from collections.abc import Iterator
from typing import Any

import click
import orjson

from rules.checks import check_declaration
from rules.columns import build_columns, flatten
from rules.compile import compile_profiles
from rules.engine import Engine
from rules.hits import hit_to_json
from rules.kernels import evaluate
from rules.offline import OfflineScreen
from rules.profiles import profiles_from_data
from rules.records import authorisation_from_dict, decode_declaration
from streams.commandgroup import LazyGroup

LAZY = {"names": "loadtest.bench_names:names", "stream": "loadtest.bench_stream:stream",
        "pipeline": "loadtest.bench_pipeline:pipeline",
        "review": "loadtest.bench_review:review"}


@click.group(cls=LazyGroup, lazy=LAZY)
def bench() -> None:
    """Benchmarks: engine throughput, name matching, the stream against raw Kafka."""


def _fallback_declarations(lines: int, seed: int) -> Iterator[dict[str, Any]]:
    """Plain H1 imports, used only when loadtest.generator is not installed."""
    rng = random.Random(seed)
    codes = ["7208390000", "8471300000", "6109100010", "8703231900", "2523290000", "8542310000"]
    made = n = 0
    while made < lines:
        count = min(lines - made, rng.randint(1, 4))
        n += 1
        yield {"event_id": f"b-{n}", "source": "DMS", "declaration_type": "H1", "direction": "IMPORT", "version": 1,
               "event_time": "2026-03-02T10:00:00Z", "lrn": f"LRN{n}", "importer": {"eori": f"NL{n % 500:09d}"},
               "lines": [{"item_number": i + 1, "commodity_code": rng.choice(codes), "procedure_code": "4000",
                          "origin_country": rng.choice(["CN", "TR", "US", "RU"]), "net_mass_kg": 100.0,
                          "value_eur": 1000.0, "documents": [{"code": "Y128"}] if rng.random() < 0.8 else []}
                         for i in range(count)]}
        made += count


def _traffic(lines: int, seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str]:
    try:
        from loadtest.generator import generate_authorisations, generate_declarations
    except ImportError:
        return list(_fallback_declarations(lines, seed)), [], "built-in fallback generator"
    return list(generate_declarations(lines, seed)), generate_authorisations(seed), "loadtest.generator"


def generated_profiles(count: int, seed: int, codes: list[str]) -> list[dict[str, Any]]:
    """Random valid profiles in the shape of real ones: a few commodity prefixes (one in five cut
    from traffic codes, so some match), a country clause, sometimes documents and a value bound."""
    rng = random.Random(seed)
    countries = ["RU", "BY", "IR", "KP", "SY", "CU", "VE", "MM", "AF", "LY", "SD", "KZ", "KG", "AM", "GE", "UZ", "RS"]
    documents = ["Y128", "Y238", "Y137", "C601", "N990", "Y824", "Y949", "X002"]

    def prefix() -> str:
        if rng.random() < 0.2:
            return rng.choice(codes)[:rng.choice((4, 6, 8))]
        return f"{rng.randint(1, 97):02d}" + "".join(rng.choice("0123456789") for _ in range(rng.choice((2, 4, 6))))

    out = []
    for n in range(count):
        conditions: dict[str, Any] = {
            "commodity": {"include": sorted({prefix() for _ in range(rng.randint(1, 6))})},
            "countries": [{"fields": rng.sample(["origin", "dispatch", "destination"], 2),
                           "in": rng.sample(countries, rng.randint(1, 4))}]}
        if rng.random() < 0.4:
            conditions["documents"] = {"absent": rng.sample(documents, 2)}
        if rng.random() < 0.3:
            conditions["value_eur"] = {"min": rng.choice((100, 1000, 10000))}
        out.append({"id": f"gen.p{n}", "title": f"generated {n}", "description": "benchmark profile",
                    "legal_basis": "none", "queue": "embargo",
                    "filters": {"direction": [rng.choice(["IMPORT", "EXPORT"])]}, "conditions": conditions})
    return out


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


@bench.command()
@click.option("--lines", type=click.IntRange(1000), default=200_000, show_default=True, help="Goods lines to generate.")
@click.option("--profiles", "n_profiles", type=click.IntRange(1), default=10_000, show_default=True,
              help="Generated profiles for the kernel figure.")
@click.option("--seed", type=int, default=7, show_default=True)
def engine(lines: int, n_profiles: int, seed: int) -> None:
    """Parse+validate vs full screen lines/s, and kernel lines/s with many profiles."""
    events, auths, origin = _traffic(lines, seed)
    raw = [orjson.dumps(e) for e in events]
    goods = sum(len(e["lines"]) for e in events)
    eng = Engine.build(authorisations=[authorisation_from_dict(a) for a in auths])
    known = eng.profile_set.sets.known_countries
    warm = [decode_declaration(r) for r in raw[:200]]
    eng.screen(warm, "2026-01-01T00:00:00Z")                      # JIT cache load, outside the clock
    # the generated input is held in memory, unlike a file read line by line: keep the
    # collector from rescanning it during either measurement
    gc.collect()
    gc.freeze()

    start = time.perf_counter()
    for r in raw:
        check_declaration(decode_declaration(r), known)
    parse_s = time.perf_counter() - start

    sink = bytearray()
    run = OfflineScreen(eng, "2026-01-01T00:00:00Z", lambda h: sink.extend(hit_to_json(h)), lambda r: None)
    start = time.perf_counter()
    for number, r in enumerate(raw, start=1):
        run.feed(number, r)
    summary = run.finish()
    screen_s = time.perf_counter() - start

    decls = [decode_declaration(r) for r in raw]
    flat, owner = flatten(decls)
    t0 = time.perf_counter()
    generated = profiles_from_data(generated_profiles(n_profiles, seed, [l.commodity_code for l in flat[:5000]]))
    compiled = compile_profiles(generated.profiles)
    build_s = time.perf_counter() - t0
    columns = build_columns(decls, flat, owner, compiled)
    evaluate(columns, compiled)                                    # warm
    start = time.perf_counter()
    matched, _ = evaluate(columns, compiled)
    kernel_s = time.perf_counter() - start

    figures = {
        "input": f"{len(raw)} events, {goods} goods lines ({origin}, seed {seed})",
        "parse_validate_events_per_s": round(_rate(len(raw), parse_s)),
        "parse_validate_goods_lines_per_s": round(_rate(goods, parse_s)),
        "full_screen_events_per_s": round(_rate(len(raw), screen_s)),
        "full_screen_goods_lines_per_s": round(_rate(goods, screen_s)),
        "ratio_screen_to_parse": round(parse_s / screen_s, 3),
        "ratio_goal": 0.5,
        "hits": dict(summary.hits), "warnings": dict(summary.warnings), "rejects": summary.rejects,
        "kernel_profiles": len(compiled.profiles),
        "kernel_profile_build_s": round(build_s, 2),
        "kernel_goods_lines_per_s": round(_rate(len(flat), kernel_s)),
        "kernel_matches": int(len(matched)),
    }
    click.echo(json.dumps(figures, indent=2))
