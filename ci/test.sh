#!/usr/bin/env bash
# Every test, on a fresh machine: the README's test command and what .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv-ci/bin:$PATH"

ci/install-deps.sh

echo "== walls between targets (Package.swift and every import; before the build) =="
python3 ci/check-walls.py

echo "== build: default product (no Redis trait) =="
swift build --build-tests
# The default product must not need libhiredis: prove it does not link it.
if ldd .build/debug/todo | grep -q hiredis; then
  echo "ci: the default todo binary links hiredis" >&2
  exit 1
fi

echo "== swift test (default traits) =="
swift test --skip-build

echo "== swift test --traits Redis (adds the Redis store and its tests) =="
swift build --build-tests --traits Redis
swift test --skip-build --traits Redis

if compgen -G "Tests/python/test_*.py" >/dev/null; then
  echo "== pytest =="
  TODO_BIN="$PWD/.build/debug/todo" python -m pytest -q Tests/python
fi

bash ci/test-web.sh  # the web UI in Debian's chromium: views, quick add, chat, live, axe, headers (issue #13)
bash ci/test-obs.sh  # observability: promtool rules and tests, Prometheus + OTLP end to end (issue #16)
bash ci/test-deploy.sh  # charts: Helm render + lint, kubernetes-validate, CRDs, invariants; Dockerfile lint (issue #14)
bash ci/test-cicd.sh  # workflows (actionlint, zizmor), smoke/rollback/deploy scripts; after ci/test-deploy.sh

echo "== benchmark smoke run (debug build; figures in BENCHMARKS.md come from release) =="
.build/debug/todo bench runtime --quick
.build/debug/todo bench api --quick
.build/debug/todo bench rrule --quick
.build/debug/todo bench audit --quick
.build/debug/todo bench ws --quick
.build/debug/todo bench reminders --quick
