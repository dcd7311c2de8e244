"""`grenswacht bench names`: name-matching throughput and the evaluation figures.

Throughput is single-threaded (names/s per core): the numba matcher over the
full OFAC + UN lists, then the same queries through a plain rapidfuzz full scan
(`process.extractOne` over all list names), and the ratio. `--eval` prints
recall per kind of change and the false-alarm rate per kind of negative at the
matcher's threshold, the operating curve over a range of thresholds, and writes
the curve as a PNG (name_curve.py).

The kernels are serial (no `parallel=True`) and run on the calling thread; the
process CPU time is printed next to the wall time, so a second busy thread
would show. The rate is taken from wall time, which a busy machine only lowers.
"""

from __future__ import annotations

import gc
import random
import time
from pathlib import Path

import click

from loadtest import name_curve
from rules.sanctions import Matcher, Params, load_lists
from rules.sanctions import evalset
from rules.sanctions.index import NameIndex
from rules.sanctions.normalize import forget_words
from streams.lists import resolve


def _queries(lists, count: int, seed: int) -> tuple[list[str], list[str | None]]:
    """Half perturbed list names, half realistic negatives, shuffled: what a stream sees, roughly."""
    per_kind = max(1, count // 2 // len(evalset.KINDS))
    samples = evalset.positives(lists, per_kind, seed) + evalset.negatives(lists, count - per_kind * len(evalset.KINDS), seed + 1)
    random.Random(seed).shuffle(samples)
    return [s.name for s in samples], [s.country for s in samples]


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
@click.option("--hard", type=int, default=1000, show_default=True,
              help="Hard negatives of each kind: subsets of listed names, companies, same languages (--eval).")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), default=Path("name_curve.png"),
              show_default=True, help="Where --eval writes the operating curve.")
@click.option("--seed", type=int, default=2024, show_default=True)
def names(lists_dir: Path | None, queries: int, baseline: int, threshold: float | None, run_eval: bool,
          per_kind: int, negatives: int, hard: int, plot: Path, seed: int) -> None:
    """Names per second per core, against a rapidfuzz full scan; --eval for recall and false alarms."""
    started = time.perf_counter()
    lists = load_lists(list(resolve([lists_dir] if lists_dir else [], no_lists=False).paths))
    loaded = time.perf_counter()
    # the queries first: making them normalises each one (negatives must not be list names), which leaves
    # their words memoised; forgotten, the matcher starts as a service does, knowing the lists' words only
    texts, countries = _queries(lists, queries, seed)
    forget_words()
    generated = time.perf_counter()
    index = NameIndex.build(lists)
    built = time.perf_counter()
    matcher = Matcher(index, Params() if threshold is None else Params(threshold=threshold))
    matcher.match(["warm up the kernel"])
    jitted = time.perf_counter()
    click.echo(f"lists {lists.version}: {len(lists.entities)} entities, {len(index.names)} names indexed, "
               f"{index.n_real} tokens")
    click.echo(f"load {loaded - started:.2f}s, index build {built - generated:.2f}s, "
               f"kernel load/JIT {jitted - built:.2f}s; matcher {matcher.version}")
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
        samples = name_curve.eval_samples(lists, per_kind, negatives, hard, seed)
        at_default = name_curve.score_samples(index, matcher.params, samples, floor=None)
        name_curve.print_default(at_default, matcher.params.threshold)
        scored = name_curve.score_samples(index, matcher.params, samples)
        name_curve.print_curve(scored, matcher.params.threshold)
        click.echo(f"operating curve written to {name_curve.plot_curve(scored, matcher.params.threshold, plot)}")
