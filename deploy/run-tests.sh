#!/usr/bin/env bash
# The test command: installs, brings up the real local stack (Kafka, Redis) and runs the whole suite.
# A stack that was already running is left running; one started here is stopped on every exit path.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup.sh

if ! .venv/bin/grenswacht stack status >/dev/null 2>&1; then
    trap '.venv/bin/grenswacht stack down >/dev/null || true' EXIT
fi
.venv/bin/grenswacht stack up
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
