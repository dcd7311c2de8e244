#!/usr/bin/env bash
# The main job: installs, brings up the local stack, starts a worker, replays a generated day of
# declarations with planted cases, and prints what the review queues received.
# The stack stays up afterwards (`.venv/bin/grenswacht stack down` stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup.sh
.venv/bin/grenswacht stack up
.venv/bin/grenswacht demo "$@"
