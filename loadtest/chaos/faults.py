"""The faults of scenarios 1 to 5 and 8: what happens to the stack while the traffic flows, and the
checks peculiar to each (the common ones are the verdict's)."""

from __future__ import annotations

import time


from loadtest.chaos.readers import HitReader
from loadtest.chaos.run import Run
from streams.errors import StreamError
from streams.reload import request_reload

KILLS = 5


def sigkill(run: Run) -> None:
    """SIGKILL a worker at a random moment in each fifth of the traffic and start it again at once: no
    shutdown, no final commit. With `restart_wait` the next kill waits until the restarted worker holds
    partitions again (a crash of a running worker); without, it may land while the worker is still
    starting or recovering its tables."""
    for k in range(KILLS):
        low, high = 0.1 + 0.8 * k / KILLS, 0.1 + 0.8 * (k + 1) / KILLS
        run.at_fraction(run.rng.uniform(low, high))
        slot = run.rng.choice(sorted(run.cluster.workers))
        run.begin()
        run.cluster.kill(slot)
        run.cluster.start(slot, wait=run.options.restart_wait)
    for worker in run.cluster.alive():
        worker.wait_ready(180.0)
    run.end()
    run.notes["kills"] = f"{KILLS}, each {'after' if run.options.restart_wait else 'maybe before'} " \
                         "the last restart was ready"


def broker_restart(run: Run) -> None:
    """Stop the (private) broker while traffic flows, then start it again; the workers must reconnect by
    themselves and say on /metrics meanwhile that the broker is unreachable."""
    outage = run.options.fault_seconds or 20.0
    run.at_fraction(0.3)
    run.begin()
    run.stack.stop_kafka()
    until, seen_down = time.monotonic() + outage, False
    while time.monotonic() < until:
        seen_down = seen_down or any(_metric(w, "grenswacht_broker_up") == 0 for w in run.cluster.alive())
        time.sleep(0.5)
    run.stack.start()
    run.end()
    run.check(seen_down, "/metrics never showed the broker unreachable during the outage")
    run.check(len(run.cluster.alive()) == len(run.cluster.workers), "a worker died while the broker was down")
    run.notes["broker down"] = f"{outage:.0f} s, seen on /metrics: {'yes' if seen_down else 'no'}"


def redis_outage(run: Run) -> None:
    """Stop Redis: screening goes on (nothing on the hot path needs it); a reload request cannot be
    sent meanwhile, and one sent once Redis is back reaches every worker when it has resubscribed."""
    outage = run.options.fault_seconds or 30.0
    run.at_fraction(0.25)
    workers = run.cluster.alive()
    applied = sum(_metric(w, "grenswacht_reloads_total", result="applied") for w in workers)
    before = sum(_metric(w, "grenswacht_lines_screened_total") for w in workers)
    run.begin()
    run.stack.stop_redis()
    try:
        request_reload(run.stack.redis_url, run.cluster.names.reload_channel)
        refused = False
    except StreamError:        # request_reload's word for a Redis that does not answer
        refused = True
    time.sleep(outage)
    screened = sum(_metric(w, "grenswacht_lines_screened_total") for w in workers) - before
    run.stack.start()
    run.end()
    reached = _reload_reaches(run, len(workers), timeout=60.0)
    run.check(screened >= 0.5 * run.options.rate * outage,
              f"only {screened:.0f} lines screened in {outage:.0f} s without Redis")
    run.check(refused, "a reload request was accepted while Redis was down")
    run.check(reached is not None, "no reload request reached the workers within 60 s of Redis' return")
    if reached is not None:
        deadline = time.monotonic() + 30
        while sum(_metric(w, "grenswacht_reloads_total", result="applied") for w in workers) <= applied:
            if time.monotonic() > deadline:
                run.problems.append("the reload request after the outage was never applied")
                break
            time.sleep(0.3)
    run.notes["screened without Redis"] = f"{screened:.0f} lines in {outage:.0f} s"
    run.notes["reload reached workers"] = "never" if reached is None else f"{reached:.1f} s after Redis returned"


def _reload_reaches(run: Run, workers: int, timeout: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if request_reload(run.stack.redis_url, run.cluster.names.reload_channel) >= workers:
                return time.monotonic() - started
        except StreamError:
            pass
        time.sleep(0.5)
    return None


def rebalance(run: Run) -> None:
    """A third worker joins mid-run and one of the first two leaves; the tables move with their partitions."""
    run.at_fraction(0.3)
    run.begin()
    run.cluster.start(2)
    run.at_fraction(0.6)
    run.cluster.stop(0)
    _until_assigned(run, run.cluster.partitions)
    run.end()
    run.notes["workers"] = "2 -> 3 (joined at 30 %) -> 2 (left at 60 %)"


def _until_assigned(run: Run, partitions: int, timeout: float = 60.0) -> None:
    """Until the running workers between them hold every source partition."""
    source = next(iter(run.cluster.names.sources.values()))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        held: set[str] = set()
        for worker in run.cluster.alive():
            try:
                held |= {tp for tp in worker.status()["assignment"] if tp.startswith(source + ":")}
            except (OSError, ValueError, KeyError):
                pass
        if len(held) == partitions:
            return
        time.sleep(0.3)
    run.problems.append(f"the remaining workers did not hold all {partitions} partitions of {source} "
                        f"in {timeout:.0f} s")


def state_lost(run: Run) -> None:
    """Stop the worker, delete its state folder, start it again: its tables come back from their
    changelog topics, and the totals must still be exact."""
    run.at_fraction(0.4)
    run.begin()
    run.cluster.stop(0)
    folder = run.cluster.state_dir(0)
    files = sum(1 for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0
    run.cluster.wipe_state(0)
    run.check(files > 0, "the worker had no local state to lose")
    run.check(not folder.exists(), "the state folder is still there")
    run.cluster.start(0)
    run.end()
    run.notes["state files deleted"] = files


def slow_consumer(run: Run) -> None:
    """The review side's reader of the hit topics stops for a while; the worker must not slow down."""
    reader = HitReader(run.stack.bootstrap, run.cluster.names).start()
    try:
        run.at_fraction(0.25)
        before = run.monitor.max_lag() if run.monitor else 0
        run.begin()
        reader.pause()
        time.sleep(run.options.fault_seconds or 0.4 * run.options.duration)
        during = run.monitor.max_lag(since=run.fault_begin or 0.0) if run.monitor else 0
        behind = reader.lag()
        reader.resume()
        run.end()
        caught_up = reader.wait_caught_up(timeout=120.0)
    finally:
        reader.stop()
    bound = max(2 * before, int(2 * run.options.rate))
    run.check(behind > 0, "the hit reader was not behind while paused")
    run.check(during <= bound, f"source lag reached {during} while the hit reader was paused (bound {bound})")
    run.check(caught_up is not None, "the hit reader did not catch up within 120 s")
    run.notes["source lag before/paused"] = f"{before} / {during} messages"
    run.notes["hit reader behind at resume"] = f"{behind} hits"
    run.notes["hit reader caught up"] = "never" if caught_up is None else f"{caught_up:.1f} s after resuming"


def _metric(worker, name: str, **labels: str) -> float:  # type: ignore[no-untyped-def]
    try:
        return float(worker.metric(name, **labels))
    except OSError:
        return float("nan")
