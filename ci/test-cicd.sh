#!/usr/bin/env bash
# CI/CD checks (issue 15): actionlint (with shellcheck on every run script) and zizmor
# offline on .github/, the workflow invariants, and the scripts the workflows call
# (ci/smoke.sh against a real `todo serve`, ci/rollback.sh, ci/deploy.sh --dry-run through
# cd.yaml's own steps). Installs what it needs (idempotent): Debian shellcheck, a venv
# .venv-cicd from ci/requirements-cicd.txt. Set TODO_BIN to test smoke.sh against another
# binary (default .build/debug/todo); ci/deploy.sh's dry run uses .venv-deploy from
# ci/test-deploy.sh (or TODO_DEPLOY_PYTHON), so run that first.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v shellcheck >/dev/null; then
  echo "ci: installing shellcheck"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends shellcheck >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends shellcheck >/dev/null; }
fi
if [ ! -x .venv-cicd/bin/python ]; then
  python3 -m venv .venv-cicd
fi
.venv-cicd/bin/pip install -q --disable-pip-version-check -r ci/requirements-cicd.txt

echo "== CI/CD: actionlint, zizmor (offline), workflow invariants, smoke/rollback/deploy scripts =="
export TODO_BIN="${TODO_BIN:-$PWD/.build/debug/todo}"
# -p no:cacheprovider: nothing written into the tree; -rs lists every skip and its reason.
.venv-cicd/bin/python -m pytest -q -rs -p no:cacheprovider Tests/cicd
