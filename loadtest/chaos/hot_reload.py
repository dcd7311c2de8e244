"""Hot reload under load: the sample profile's rate is changed five times while traffic flows, once to a
broken file. Every sample hit must carry the version in force when its batch ran, and the broken set
must be refused while the one before it stays."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from loadtest.chaos.cluster import Collected
from loadtest.chaos.oracle import offline_screen
from loadtest.chaos.run import Run
from loadtest.chaos.verdict import first_copies
from rules.engine import Engine
from rules.profiles import SHIPPED_PROFILES

SAMPLE_RULE = "sample.h1"
SHIPPED_RATE = "rate: 0.005"
CHANGES = ("0.02", "0.05", "broken", "0.1", "0.03")


@dataclass
class Version:
    folder: Path            # a copy of the profile set as it was in force
    written: float          # wall clock: the files were changed (it cannot be in force earlier)
    seen: float             # wall clock: /status first reported it (it was in force by then)


def prepare(workdir: Path) -> dict:
    profiles = workdir / "profiles"
    shutil.copytree(SHIPPED_PROFILES, profiles, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__*"))
    return {"profiles": profiles}


def hot_reload(run: Run) -> None:
    profiles = run.cluster.profiles
    assert profiles is not None
    worker = next(iter(run.cluster.alive()))
    pristine = (profiles / "sample.yaml").read_text()
    versions = [Version(_snapshot(profiles, run, 0), 0.0, 0.0)]
    for k, change in enumerate(CHANGES, start=1):
        run.at_fraction(0.1 + 0.15 * k)
        run.begin()
        before = worker.status()["profile_version"]
        refused = worker.metric("grenswacht_reloads_total", result="refused")
        written = time.time()
        if change == "broken":
            (profiles / "sample.yaml").write_text(pristine.replace(SHIPPED_RATE, "rate: 0.2") + "    colour: blue\n")
            _until(lambda: worker.metric("grenswacht_reloads_total", result="refused") > refused, run, "refusal")
            run.check(worker.status()["profile_version"] == before, "the broken set replaced the one in force")
            continue
        (profiles / "sample.yaml").write_text(pristine.replace(SHIPPED_RATE, f"rate: {change}"))
        _until(lambda: worker.status()["profile_version"] != before, run, f"rate {change}")
        versions.append(Version(_snapshot(profiles, run, k), written, time.time()))
    run.end()
    run.notes["profile changes"] = f"{len(CHANGES)} ({', '.join(CHANGES)})"
    run.notes["_versions"] = versions


def _snapshot(profiles: Path, run: Run, k: int) -> Path:
    target = run.cluster.workdir / f"profiles-v{k}"
    shutil.copytree(profiles, target, dirs_exist_ok=True)
    return target


def _until(check, run: Run, what: str, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            run.problems.append(f"the worker did not take up the change ({what}) within {timeout:.0f} s")
            return
        time.sleep(0.2)


def check_versions(run: Run, collected: Collected) -> None:
    """Each sample hit is one the offline screen gives under the profile version it names, and was
    detected while that version was in force."""
    versions: list[Version] = run.notes.pop("_versions", [])  # type: ignore[assignment]
    ids: dict[str, int] = {}
    for k, version in enumerate(versions):
        expected, _, _ = offline_screen(Engine.build(version.folder, run.traffic.authorisations), run.traffic.path)
        ids.update({i: k for i, h in expected.items() if h.rule_id == SAMPLE_RULE})
    from streams.clock import epoch_of
    samples = [h for h in first_copies(collected.copies).values() if h.rule_id == SAMPLE_RULE]
    unknown = [h for h in samples if h.hit_id not in ids]
    misplaced = []
    for hit in samples:
        k = ids.get(hit.hit_id)
        if k is None:
            continue
        detected = epoch_of(hit.detected_at) or 0.0
        until = versions[k + 1].seen if k + 1 < len(versions) else float("inf")
        if not versions[k].written <= detected <= until:
            misplaced.append(hit)
    used = {ids[h.hit_id] for h in samples if h.hit_id in ids}
    run.check(not unknown, f"{len(unknown)} sample hits match no profile version in force")
    run.check(not misplaced, f"{len(misplaced)} sample hits carry a version not in force when detected")
    run.check(len(used) == len(versions), f"sample hits of {len(used)} of the {len(versions)} versions")
    run.notes["sample hits by version"] = ", ".join(
        str(sum(1 for h in samples if ids.get(h.hit_id) == k)) for k in range(len(versions)))
