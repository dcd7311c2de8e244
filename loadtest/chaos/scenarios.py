"""The scenarios by name, and by number as the reliability document lists them."""

from __future__ import annotations

from loadtest.chaos import faults, hot_reload, poison, soak
from loadtest.chaos.run import Options, Spec

SCENARIOS: dict[str, Spec] = {
    "sigkill": Spec("sigkill", faults.sigkill, workers=2, partitions=6),
    "broker-restart": Spec("broker-restart", faults.broker_restart, workers=2),
    "redis-outage": Spec("redis-outage", faults.redis_outage, workers=1),
    "rebalance": Spec("rebalance", faults.rebalance, workers=2),
    "state-lost": Spec("state-lost", faults.state_lost, workers=1),
    "poison-flood": Spec("poison-flood", lambda run: None, workers=1, poison_fraction=0.01, poison_from=0.5,
                         drive=poison.poison_flood),
    "hot-reload": Spec("hot-reload", hot_reload.hot_reload, workers=1, prepare=hot_reload.prepare,
                       ignore_rules=frozenset({hot_reload.SAMPLE_RULE}), after=hot_reload.check_versions),
    "slow-consumer": Spec("slow-consumer", faults.slow_consumer, workers=1),
    "soak": Spec("soak", lambda run: None, workers=1, drive=soak.soak, max_lines=200_000),
}

NUMBERED = dict(zip("123456789", SCENARIOS))

# The command's defaults: long enough for the figures to mean something on a small machine.
DEFAULTS: dict[str, Options] = {
    "soak": Options(rate=3_200, duration=1_200),
    "poison-flood": Options(rate=4_000, duration=15),
}


def resolve(name: str) -> Spec:
    return SCENARIOS[NUMBERED.get(name, name)]
