"""The matcher's operating curve on the evaluation set: recall per kind of change and false alarms per
kind of negative, over a range of thresholds, as a table and a PNG plot.

Every sample is scored once at a low floor; a sample counts as found at threshold t when its best
correct match (positives) or any match (negatives) scores >= t. The score of a pair does not depend on
the threshold, so one run gives the whole curve.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import click
import numpy as np
import msgspec

from rules.sanctions import Matcher, Params, evalset
from rules.sanctions.index import NameIndex
from rules.sanctions.model import SanctionsList

FLOOR = 0.70
THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.76, 0.975, 0.01))


@dataclass(frozen=True)
class Scored:
    """Best score per sample (0.0: nothing at or above the floor), grouped by kind."""

    best: dict[str, np.ndarray]

    def rate(self, kind: str, threshold: float) -> float:
        scores = self.best[kind]
        return float((scores >= threshold - 1e-9).mean()) if scores.size else 0.0

    def pooled(self, kinds: Sequence[str], threshold: float) -> float:
        scores = np.concatenate([self.best[k] for k in kinds if k in self.best])
        return float((scores >= threshold - 1e-9).mean()) if scores.size else 0.0


def score_samples(index: NameIndex, params: Params, samples: Sequence[evalset.Sample],
                  floor: float | None = FLOOR) -> Scored:
    """Scores at `floor` for the curve; with floor None, at the threshold itself, as the matcher runs in
    production (its retrieval bound is tighter there, so this is the figure a default run gets)."""
    at = params.threshold if floor is None else floor
    loose = Matcher(index, msgspec.structs.replace(params, threshold=at, max_per_name=100))
    found = loose.match([s.name for s in samples], [s.country for s in samples])
    best: dict[str, list[float]] = {}
    for sample, matches in zip(samples, found):
        if sample.kind.startswith("negative"):
            score = max((m.score for m in matches), default=0.0)
        else:
            score = max((m.score for m in matches if evalset.is_found(sample, m)), default=0.0)
        best.setdefault(sample.kind, []).append(score)
    return Scored({k: np.array(v) for k, v in best.items()})


def eval_samples(lists: SanctionsList, per_kind: int, negatives: int, hard: int, seed: int,
                 ) -> list[evalset.Sample]:
    return (evalset.positives(lists, per_kind, seed) + evalset.negatives(lists, negatives, seed + 1)
            + evalset.hard_negatives(lists, hard, seed + 2))


def print_curve(scored: Scored, default: float) -> None:
    kinds = [k for k in evalset.KINDS if k in scored.best]
    negs = [k for k in evalset.NEGATIVE_KINDS if k in scored.best]
    click.echo(f"operating curve (recall per kind of change, false-alarm rate per kind of negative); default "
               f"threshold {default:.2f} marked *")
    head = f"{'threshold':<10}" + "".join(f"{k[:9]:>10}" for k in kinds) + f"{'ALL':>8}"
    head += "".join(f"{k.replace('negative', 'fa')[:11]:>12}" for k in negs) + f"{'fa ALL':>9}"
    click.echo(head)
    for t in THRESHOLDS:
        mark = "*" if abs(t - default) < 0.005 else " "
        row = f"{t:<9.2f}{mark}" + "".join(f"{scored.rate(k, t):>10.3f}" for k in kinds)
        row += f"{scored.pooled(kinds, t):>8.3f}" + "".join(f"{scored.rate(k, t):>12.4f}" for k in negs)
        click.echo(row + f"{scored.pooled(negs, t):>9.4f}")


def print_default(scored: Scored, threshold: float) -> None:
    click.echo(f"evaluation at threshold {threshold:.2f}")
    click.echo(f"{'kind':<20}{'samples':>8}{'rate':>9}")
    kinds = [k for k in evalset.KINDS if k in scored.best]
    for k in kinds:
        click.echo(f"{k:<20}{scored.best[k].size:>8}{scored.rate(k, threshold):>9.3f}  recall")
    total = sum(scored.best[k].size for k in kinds)
    click.echo(f"{'all positives':<20}{total:>8}{scored.pooled(kinds, threshold):>9.3f}  recall")
    negs = [k for k in evalset.NEGATIVE_KINDS if k in scored.best]
    for k in negs:
        click.echo(f"{k:<20}{scored.best[k].size:>8}{scored.rate(k, threshold):>9.4f}  false-alarm rate")
    total = sum(scored.best[k].size for k in negs)
    click.echo(f"{'all negatives':<20}{total:>8}{scored.pooled(negs, threshold):>9.4f}  false-alarm rate")


def plot_curve(scored: Scored, default: float, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    kinds = [k for k in evalset.KINDS if k in scored.best]
    negs = [k for k in evalset.NEGATIVE_KINDS if k in scored.best]
    ts = np.array(THRESHOLDS)
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5.5))
    fa = np.array([scored.pooled(negs, t) for t in ts]) * 100
    rec = np.array([scored.pooled(kinds, t) for t in ts])
    left.plot(fa, rec, marker="o", color="black", label="all kinds vs all negatives")
    if "negative" in scored.best:
        plain = np.array([scored.rate("negative", t) for t in ts]) * 100
        left.plot(plain, rec, marker=".", ls="--", color="dimgray", label="all kinds vs ordinary names")
    for k in kinds:
        left.plot(fa, [scored.rate(k, t) for t in ts], lw=0.8, alpha=0.7, label=k)
    d = int(np.argmin(np.abs(ts - default)))
    left.scatter([fa[d]], [rec[d]], s=120, facecolors="none", edgecolors="red", zorder=5,
                 label=f"default {default:.2f}")
    left.axvline(0.25, color="red", ls=":", lw=1)
    left.axhline(0.97, color="red", ls=":", lw=1)
    left.set(xlabel="false alarms, % of negative declarations", ylabel="recall", title="operating curve",
             xlim=(0, max(2.0, float(fa.max()) * 1.05)), ylim=(0.5, 1.005))
    left.legend(fontsize=7, loc="lower right", ncol=2)
    for k in negs:
        right.plot(ts, [scored.rate(k, t) * 100 for t in ts], label=k)
    right.plot(ts, fa, color="black", label="all negatives")
    right.axvline(default, color="red", ls=":", lw=1)
    right.set(xlabel="threshold", ylabel="false alarms, %", title="false alarms by kind of negative")
    right.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
