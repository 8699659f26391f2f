#!/usr/bin/env bash
# The web UI in a real browser (issue #13): Debian's chromium driven by Playwright against the
# real `todo serve` binary on loopback (Tests/web). Needs the debug build (.build/debug/todo).
# Idempotent installs: Debian's chromium and a venv with ci/requirements-web.txt. Screenshots
# land in .build/web-artifacts/ (TODO_WEB_ARTIFACTS).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null; then
  echo "ci: installing chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
if [ ! -x .venv-web/bin/python ]; then
  python3 -m venv .venv-web
fi
.venv-web/bin/pip install -q --disable-pip-version-check -r ci/requirements-web.txt

echo "== web UI in chromium (Playwright, axe) =="
TODO_BIN="${TODO_BIN:-$PWD/.build/debug/todo}" TODO_CHROMIUM="$(command -v chromium)" \
  .venv-web/bin/python -m pytest -q -p no:cacheprovider Tests/web "$@"
