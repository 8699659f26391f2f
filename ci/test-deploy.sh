#!/usr/bin/env bash
# Chart and image checks, offline (issue #14): renders charts/ with the Helm engine for the
# default, monolithic and OKE values, lints them strictly, validates every object
# (kubernetes-validate --strict for 1.34, custom resources against ../shared/crds), checks the
# service invariants (the Dapr resources against each other, charts/todo-kafka and the real
# binary's /dapr/subscribe and /dapr/config), lints the Dockerfile, and scans the rendered
# manifests and the Dockerfile with checkov and trivy config (skips: ci/deploy-scan-skips.yaml).
# Makes .venv-deploy, which ci/deploy.sh --dry-run also uses, and .venv-checkov.
# The invariants against the binary use .build/debug/todo (or TODO_BIN): ci/test.sh builds it
# first. TODO_DEPLOY_WITHOUT_BINARY=1 skips only those (the workflow's chart job has no build).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv-deploy/bin/python ]; then
  python3 -m venv .venv-deploy
fi
.venv-deploy/bin/pip install -q --disable-pip-version-check -r ci/requirements-deploy.txt
if [ ! -x .venv-checkov/bin/python ]; then
  python3 -m venv .venv-checkov
fi
.venv-checkov/bin/pip install -q --disable-pip-version-check -r ci/requirements-checkov.txt
export PATH="$PWD/.venv-deploy/bin:$PATH"

echo "== hadolint Dockerfile =="
hadolint --ignore DL3008 Dockerfile  # DL3008: apt versions follow the pinned ubuntu:noble base, see Dockerfile

echo "== charts (Tests/deploy) =="
export TODO_BIN="${TODO_BIN:-$PWD/.build/debug/todo}"
python -m pytest -q -rs -p no:cacheprovider Tests/deploy

echo "== security scan: checkov and trivy config on every render and the Dockerfile =="
python Tests/deploy/scan.py --checkov .venv-checkov/bin/checkov --trivy .venv-deploy/bin/trivy

echo "== ci/deploy.sh --dry-run =="
bash ci/deploy.sh --dry-run --image "ghcr.io/example/todo@sha256:$(printf '%064d' 1)" --values charts/todo/values-oke.yaml | tail -n 1
