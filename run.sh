#!/usr/bin/env bash
# Set up quotebot (once) and run it: the Telegram bot when TELEGRAM_BOT_TOKEN is set (environment or
# .env), otherwise the local demo (index the bundled corpus, answer questions in the terminal).
set -euo pipefail
cd "$(dirname "$0")"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -e .
if [ -n "${TELEGRAM_BOT_TOKEN:-}" ] || grep -qs '^TELEGRAM_BOT_TOKEN=..*' .env; then
  exec .venv/bin/quotebot serve "$@"
fi
exec .venv/bin/quotebot demo
