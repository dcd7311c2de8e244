"""`grenswacht bench names`: name-matching throughput and the evaluation figures.

Throughput is single-threaded (names/s per core): the numba matcher over the
full OFAC + UN lists, then the same queries through a plain rapidfuzz full scan
(`process.extractOne` over all list names), and the ratio. `--eval` prints
recall per kind of change and the false-alarm rate on realistic negatives.

The kernels are serial (no `parallel=True`) and run on the calling thread; the
process CPU time is printed next to the wall time, so a second busy thread
would show. The rate is taken from wall time, which a busy machine only lowers.
"""

from __future__ import annotations

import gc
import random
import time
from collections import defaultdict
from pathlib import Path

import click

from rules.sanctions import Matcher, Params, load_lists
from rules.sanctions import evalset
from rules.sanctions.index import NameIndex
from streams.lists import resolve


def _queries(lists, count: int, seed: int) -> tuple[list[str], list[str | None]]:
    """Half perturbed list names, half realistic negatives, shuffled: what a stream sees, roughly."""
    per_kind = max(1, count // 2 // len(evalset.KINDS))
    samples = evalset.positives(lists, per_kind, seed) + evalset.negatives(lists, count - per_kind * len(evalset.KINDS), seed + 1)
    random.Random(seed).shuffle(samples)
    return [s.name for s in samples], [s.country for s in samples]


def evaluate(matcher: Matcher, lists, per_kind: int, negatives: int, seed: int) -> dict[str, tuple[int, int]]:
    """{kind: (found, total)}; 'negative' counts names with any match (false alarms)."""
    pos = evalset.positives(lists, per_kind, seed)
    neg = evalset.negatives(lists, negatives, seed + 1)
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for sample, found in zip(pos, matcher.match([s.name for s in pos], [s.country for s in pos])):
        out[sample.kind][0] += any(evalset.is_found(sample, m) for m in found)
        out[sample.kind][1] += 1
    for found in matcher.match([s.name for s in neg], [s.country for s in neg]):
        out["negative"][0] += bool(found)
        out["negative"][1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def _print_eval(result: dict[str, tuple[int, int]], threshold: float) -> None:
    click.echo(f"evaluation at threshold {threshold:.2f}")
    click.echo(f"{'kind of change':<20}{'found':>8}{'total':>8}{'recall':>9}")
    found_all = total_all = 0
    for kind in evalset.KINDS:
        found, total = result.get(kind, (0, 0))
        found_all += found
        total_all += total
        click.echo(f"{kind:<20}{found:>8}{total:>8}{found / max(total, 1):>9.3f}")
    click.echo(f"{'all positives':<20}{found_all:>8}{total_all:>8}{found_all / max(total_all, 1):>9.3f}")
    alarms, negatives = result.get("negative", (0, 0))
    click.echo(f"{'negatives (alarms)':<20}{alarms:>8}{negatives:>8}{alarms / max(negatives, 1):>9.4f}  false-alarm rate")


@click.command()
@click.option("--lists", "lists_dir", type=click.Path(exists=True, path_type=Path), default=None,
              help="List files or folder (default: the last `grenswacht lists update`, else the shipped snapshot).")
@click.option("--queries", type=int, default=20000, show_default=True, help="Names screened for throughput.")
@click.option("--baseline", type=int, default=300, show_default=True,
              help="How many of them also go through the rapidfuzz full scan (it is slow); 0 skips it.")
@click.option("--threshold", type=float, default=None, help="Matcher threshold (default: Params default).")
@click.option("--eval", "run_eval", is_flag=True, help="Also print recall per kind of change and false alarms.")
@click.option("--per-kind", type=int, default=400, show_default=True, help="Positives per kind of change (--eval).")
@click.option("--negatives", type=int, default=10000, show_default=True, help="Realistic negatives (--eval).")
@click.option("--seed", type=int, default=2024, show_default=True)
def names(lists_dir: Path | None, queries: int, baseline: int, threshold: float | None, run_eval: bool,
          per_kind: int, negatives: int, seed: int) -> None:
    """Names per second per core, against a rapidfuzz full scan; --eval for recall and false alarms."""
    started = time.perf_counter()
    lists = load_lists(list(resolve([lists_dir] if lists_dir else [], no_lists=False).paths))
    loaded = time.perf_counter()
    index = NameIndex.build(lists)
    built = time.perf_counter()
    matcher = Matcher(index, Params() if threshold is None else Params(threshold=threshold))
    matcher.match(["warm up the kernel"])
    jitted = time.perf_counter()
    click.echo(f"lists {lists.version}: {len(lists.entities)} entities, {len(index.names)} names indexed, "
               f"{index.n_real} tokens")
    click.echo(f"load {loaded - started:.2f}s, index build {built - loaded:.2f}s, "
               f"kernel load/JIT {jitted - built:.2f}s; matcher {matcher.version}")
    texts, countries = _queries(lists, queries, seed)
    # as the services do once the lists are loaded (streams.engines.settle_heap, `screen`): the index
    # lives all run, so the collector need not rescan it (nor the generated queries) during the batch
    gc.collect()
    gc.freeze()
    t0, cpu0 = time.perf_counter(), time.process_time()
    found = matcher.match(texts, countries)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    rate = len(texts) / elapsed
    hits = sum(bool(f) for f in found)
    click.echo(f"numba matcher: {len(texts)} names in {elapsed:.2f}s (process CPU {cpu:.2f}s) = {rate:,.0f} names/s "
               f"per core ({hits} names with a match)")
    if baseline > 0:
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import JaroWinkler

        from rules.sanctions.normalize import fold

        choices = [fold(name.text) for _, name, _ in index.names]
        sample = [fold(t) for t in texts[:baseline]]
        for label, scorer in (("JaroWinkler", JaroWinkler.normalized_similarity), ("token_sort_ratio", fuzz.token_sort_ratio)):
            t0 = time.perf_counter()
            for q in sample:
                process.extractOne(q, choices, scorer=scorer)
            base_rate = len(sample) / (time.perf_counter() - t0)
            click.echo(f"rapidfuzz extractOne {label} full scan: {base_rate:,.0f} names/s per core; "
                       f"numba matcher is {rate / base_rate:,.0f}x faster")
    if run_eval:
        _print_eval(evaluate(matcher, lists, per_kind, negatives, seed), matcher.params.threshold)
