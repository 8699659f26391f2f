#!/usr/bin/env bash
# Observability checks (issue #16): promtool on the chart's rules (check + unit tests), then a
# real Prometheus scraping `todo serve` during a walkthrough (Tests/observability). Needs the
# debug build (.build/debug/todo). Idempotent installs: Debian's prometheus (2.42: promtool
# and the server) and a venv with ci/requirements-obs.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
  echo "ci: installing prometheus"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
if [ ! -x .venv-obs/bin/python ]; then
  python3 -m venv .venv-obs
fi
.venv-obs/bin/pip install -q --disable-pip-version-check -r ci/requirements-obs.txt

echo "== promtool: rules and their unit tests =="
promtool check rules charts/todo/rules/*.rules.yaml
(cd charts/todo/rules && promtool test rules ./*.rules.test.yaml)

echo "== observability end to end (Prometheus, OTLP, JSON logs) =="
TODO_BIN="${TODO_BIN:-$PWD/.build/debug/todo}" .venv-obs/bin/python -m pytest -q -p no:cacheprovider Tests/observability
