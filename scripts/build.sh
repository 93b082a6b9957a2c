#!/usr/bin/env bash
# Quick start 1: set up, then build graph/dckg.ttl from the bundled report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/dckg build --validate
