#!/usr/bin/env bash
# Quick start 2: set up (Python packages and the system tools the tests need), lint, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --system
.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/python -m pytest "$@"
