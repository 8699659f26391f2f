#!/usr/bin/env bash
# Rolls the todo Helm release back and waits until every workload of it runs again.
# The CD workflow calls it when a deploy or its smoke test fails; a person uses it the same way.
# Usage: ci/rollback.sh [--release todo] [--namespace todo] [--revision N] [--timeout 10m] [--dry-run]
#   --revision N  the Helm revision to return to (default: the one before the current one)
#   --dry-run     print every helm/kubectl command, prefixed `+ `, without running it
#                 (needs neither a cluster nor helm)
set -euo pipefail

release=todo
namespace=todo
revision=""
timeout=10m
dry_run=false

usage() {
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --release) release="${2:-}"; shift 2 || usage ;;
    --namespace) namespace="${2:-}"; shift 2 || usage ;;
    --revision) revision="${2:-}"; shift 2 || usage ;;
    --timeout) timeout="${2:-}"; shift 2 || usage ;;
    --dry-run) dry_run=true; shift ;;
    -h | --help) usage ;;
    *) echo "rollback: unknown argument '$1'" >&2; usage ;;
  esac
done

# Names go to helm and kubectl as single arguments, but refuse what Kubernetes would refuse
# anyway, so a typo fails here with a clear message and not halfway through.
dns_label='^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$'
[[ "$release" =~ $dns_label ]] || { echo "rollback: --release '$release' is not a valid release name" >&2; exit 2; }
[[ "$namespace" =~ $dns_label ]] || { echo "rollback: --namespace '$namespace' is not a valid namespace" >&2; exit 2; }
if [ -n "$revision" ] && ! [[ "$revision" =~ ^[1-9][0-9]{0,8}$ ]]; then
  echo "rollback: --revision '$revision' is not a positive revision number" >&2
  exit 2
fi
[[ "$timeout" =~ ^[0-9]+(s|m|h)$ ]] || { echo "rollback: --timeout '$timeout' is not a duration like 10m" >&2; exit 2; }

run() {
  echo "+ $*"
  if [ "$dry_run" = false ]; then
    "$@"
  fi
}

if [ "$dry_run" = false ]; then
  for tool in helm kubectl; do
    command -v "$tool" >/dev/null || { echo "rollback: $tool is not on PATH" >&2; exit 1; }
  done
  echo "rollback: history of $release in $namespace before the rollback:"
  helm history "$release" --namespace "$namespace" --max 5
fi

# Without a revision Helm returns to the previous one.
run helm rollback "$release" ${revision:+"$revision"} --namespace "$namespace" \
  --wait --timeout "$timeout" --cleanup-on-fail
# helm --wait covers the chart's own objects; also wait for each workload's rollout, so the
# script returns only when the old pods serve again.
selector="app.kubernetes.io/instance=$release"
echo "+ kubectl get deployment,statefulset --namespace $namespace --selector $selector --output name"
if [ "$dry_run" = true ]; then
  echo "+ kubectl rollout status <each workload listed> --namespace $namespace --timeout $timeout"
else
  workloads="$(kubectl get deployment,statefulset --namespace "$namespace" --selector "$selector" --output name)"
  for workload in $workloads; do
    run kubectl rollout status "$workload" --namespace "$namespace" --timeout "$timeout"
  done
fi
run helm status "$release" --namespace "$namespace"
echo "rollback: $release in $namespace is back at revision ${revision:-previous}"
