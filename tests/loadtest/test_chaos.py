"""Every fault scenario on a private Kafka and Redis (started once for the module, stopped after):
nothing lost, nothing duplicated after dedupe, nothing extra, totals exact, dead letters exactly
the malformed events, and each scenario's own check. Sized for CI; `grenswacht chaos` runs them larger."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from loadtest.chaos.run import Options, execute
from loadtest.chaos.scenarios import SCENARIOS
from loadtest.chaos.stack import PrivateStack
from loadtest.chaos.verdict import Figures

pytestmark = pytest.mark.integration

SMALL = Options(rate=500, duration=12, fault_seconds=5)
SIZES = {
    "sigkill": Options(rate=500, duration=15),
    "hot-reload": Options(rate=500, duration=20),
    # a short backlog is noisy on a shared 2-core machine (8 seconds' worth gave 57 % to 130 % of the clean
    # run's rate, before and after one change alike; 16 seconds' 81 % to 123 %): what this catches is poison
    # handled pathologically (a bisection per bad message costs several times the batch); the command
    # judges 10 %
    "poison-flood": Options(rate=4_000, duration=16, slower_at_most=0.30),
    "slow-consumer": Options(rate=500, duration=12),
}


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateStack]:
    private = PrivateStack(home=tmp_path_factory.mktemp("chaos-stack")).up()
    try:
        yield private
    finally:
        private.down()


def run(name: str, stack: PrivateStack, tmp_path: Path) -> Figures:
    figures = execute(SCENARIOS[name], stack, tmp_path, SIZES.get(name, SMALL))
    report = "\n".join(figures.lines())
    print(report)
    assert figures.passed, report
    assert figures.recovery_s is not None and figures.recovery_s > 0, report
    return figures


def test_workers_killed_five_times_lose_nothing(stack: PrivateStack, tmp_path: Path) -> None:
    figures = run("sigkill", stack, tmp_path)
    assert str(figures.notes["kills"]).startswith("5,")


def test_a_broker_restart_is_survived_and_shown_on_metrics(stack: PrivateStack, tmp_path: Path) -> None:
    figures = run("broker-restart", stack, tmp_path)
    assert "seen on /metrics: yes" in str(figures.notes["broker down"])


def test_screening_goes_on_without_redis(stack: PrivateStack, tmp_path: Path) -> None:
    figures = run("redis-outage", stack, tmp_path)
    assert "after Redis returned" in str(figures.notes["reload reached workers"])


def test_a_worker_joining_and_one_leaving_move_the_tables(stack: PrivateStack, tmp_path: Path) -> None:
    run("rebalance", stack, tmp_path)


def test_lost_local_state_is_rebuilt_from_the_changelogs(stack: PrivateStack, tmp_path: Path) -> None:
    figures = run("state-lost", stack, tmp_path)
    assert int(figures.notes["state files deleted"]) > 0      # type: ignore[call-overload]


def test_a_poison_flood_is_dead_lettered_at_full_speed(stack: PrivateStack, tmp_path: Path) -> None:
    figures = run("poison-flood", stack, tmp_path)
    assert int(figures.notes["poison"]) >= 4                   # type: ignore[call-overload]
    assert {"bad_avro", "wrong_schema_id", "truncated_avro"} <= set(str(figures.notes["poison kinds"]).split(", "))


def test_hits_carry_the_profile_version_of_their_batch(stack: PrivateStack, tmp_path: Path) -> None:
    figures = run("hot-reload", stack, tmp_path)
    assert len(str(figures.notes["sample hits by version"]).split(", ")) == 5   # the shipped set and 4 changes


def test_a_stopped_hit_reader_does_not_slow_screening(stack: PrivateStack, tmp_path: Path) -> None:
    figures = run("slow-consumer", stack, tmp_path)
    assert "s after resuming" in str(figures.notes["hit reader caught up"])
