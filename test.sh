#!/usr/bin/env bash
# Set up everything the tests need (Python packages, the Bot API emulator from npm) and run them all.
set -euo pipefail
cd "$(dirname "$0")"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -e '.[test,bench]'
npm ci --prefix tests/e2e/emulator --no-audit --no-fund --loglevel=error
exec .venv/bin/python -m pytest "$@"
