#!/usr/bin/env bash
# Chart and image checks, offline (issue #14): renders charts/ with the Helm engine for the
# default, monolithic and OKE values, lints them strictly, validates every object
# (kubernetes-validate --strict for 1.34, custom resources against ../shared/crds), checks the
# service invariants, and lints the Dockerfile. Makes .venv-deploy, which ci/deploy.sh
# --dry-run also uses.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv-deploy/bin/python ]; then
  python3 -m venv .venv-deploy
fi
.venv-deploy/bin/pip install -q --disable-pip-version-check -r ci/requirements-deploy.txt
export PATH="$PWD/.venv-deploy/bin:$PATH"

echo "== hadolint Dockerfile =="
hadolint --ignore DL3008 Dockerfile  # DL3008: apt versions follow the pinned ubuntu:noble base, see Dockerfile

echo "== charts (Tests/deploy) =="
python -m pytest -q Tests/deploy

echo "== ci/deploy.sh --dry-run =="
bash ci/deploy.sh --dry-run --image "ghcr.io/example/todo@sha256:$(printf '%064d' 1)" --values charts/todo/values-oke.yaml | tail -n 1
