#!/usr/bin/env bash
# Brings the whole platform up on a Kubernetes cluster (OKE first), in order, each step waited
# for: Gateway API CRDs + Envoy Gateway, Dapr (+ dashboard), Strimzi then the Kafka resources,
# CloudNativePG then its Cluster, Redis, optionally monitoring, then the app chart with the
# image by digest; then waits for every rollout and prints the public address last:
#   PUBLIC_URL=http://…
# The CD workflow and a person use the same script (docs/deploy.md).
#
#   ci/deploy.sh --image REPO@sha256:DIGEST [--values FILE ...] [--namespace todo]
#                [--release todo] [--timeout 10m] [--skip-infra] [--with-monitoring] [--dry-run]
#
# --dry-run needs no cluster: it prints every helm/kubectl command it would run (one per line,
# prefixed "+ ") and renders the charts with the Helm engine (helm-python-sdk) with the given
# values, so a bad value fails here and not half-way through an upgrade.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

usage() {
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
die() { echo "deploy: $*" >&2; exit 1; }

image="" namespace=todo release=todo timeout=10m skip_infra=false with_monitoring=false dry_run=false
values=()
while [ $# -gt 0 ]; do
  case "$1" in
    --image) image=${2:?--image needs REPO@sha256:DIGEST}; shift 2 ;;
    --values|-f) values+=("${2:?--values needs a file}"); shift 2 ;;
    --namespace|-n) namespace=${2:?--namespace needs a name}; shift 2 ;;
    --release) release=${2:?--release needs a name}; shift 2 ;;
    --timeout) timeout=${2:?--timeout needs a duration such as 10m}; shift 2 ;;
    --skip-infra) skip_infra=true; shift ;;
    --with-monitoring) with_monitoring=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage ;;
    *) echo "deploy: unknown argument '$1'" >&2; usage ;;
  esac
done

# The image by digest, never by tag alone: a tag can move, a digest is the bytes CI tested.
[ -n "$image" ] || die "--image REPO@sha256:DIGEST is required"
if [[ ! "$image" =~ ^([a-z0-9][a-z0-9._/:-]*[a-z0-9])(:[A-Za-z0-9_.-]+)?@(sha256:[0-9a-f]{64})$ ]]; then
  die "--image must name the image by digest, REPO@sha256:<64 hex digits> (a tag alone can move): got '$image'"
fi
repository=${BASH_REMATCH[1]}
digest=${BASH_REMATCH[3]}
[[ "$namespace" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || die "--namespace '$namespace' is not a Kubernetes name"
[[ "$release" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || die "--release '$release' is not a Helm release name"
[[ "$timeout" =~ ^[0-9]+(s|m|h)$ ]] || die "--timeout '$timeout' is not a duration such as 600s or 10m"
for file in "${values[@]}"; do
  [ -r "$file" ] || die "values file '$file' cannot be read"
done

# shellcheck source=../charts/infra/versions.env
. charts/infra/versions.env
INFRA=charts/infra

run() {
  # One command: printed as "+ cmd" in a dry run, run otherwise (set -e stops at a failure).
  if $dry_run; then
    printf '+'; printf ' %q' "$@"; printf '\n'
  else
    echo "deploy: $*" >&2
    "$@"
  fi
}

step() { echo "== $*" >&2; }

ensure_namespace() {
  if $dry_run || ! kubectl get namespace "$1" >/dev/null 2>&1; then
    run kubectl create namespace "$1"
  fi
}

python_with_helm() {
  for candidate in "${TODO_DEPLOY_PYTHON:-}" "$ROOT/.venv-deploy/bin/python" python3; do
    [ -n "$candidate" ] || continue
    if "$candidate" -c 'import helm_python' 2>/dev/null; then echo "$candidate"; return; fi
  done
  die "--dry-run renders with helm-python-sdk: run ci/test-deploy.sh once (it makes .venv-deploy) or set TODO_DEPLOY_PYTHON"
}

value_args=()
for file in "${values[@]}"; do value_args+=(-f "$file"); done
image_args=(--set "image.repository=$repository" --set "image.digest=$digest" --set image.tag=)

if $dry_run; then
  python=$(python_with_helm)
  step "render the app chart with the given values (helm-python-sdk)"
  rendered=$(mktemp)
  trap 'rm -f "$rendered"' EXIT
  "$python" Tests/deploy/render.py charts/todo "${value_args[@]}" "${image_args[@]}" --release "$release" --namespace "$namespace" -o "$rendered" >&2 \
    || die "the app chart does not render with these values"
  for chart in todo-kafka todo-redis todo-postgres; do
    "$python" Tests/deploy/render.py "charts/$chart" --namespace "$namespace" -o /dev/null >&2 || die "charts/$chart does not render"
  done
else
  command -v helm >/dev/null || die "helm is not on PATH"
  command -v kubectl >/dev/null || die "kubectl is not on PATH"
  kubectl version >/dev/null || die "kubectl cannot reach the cluster (KUBECONFIG?)"
fi

if ! $skip_infra; then
  step "Gateway API CRDs $GATEWAY_API_VERSION and Envoy Gateway $ENVOY_GATEWAY_VERSION"
  run kubectl apply --server-side --force-conflicts -f "https://github.com/kubernetes-sigs/gateway-api/releases/download/$GATEWAY_API_VERSION/standard-install.yaml"
  run helm upgrade --install eg "$ENVOY_GATEWAY_CHART" --version "$ENVOY_GATEWAY_VERSION" \
    --namespace envoy-gateway-system --create-namespace -f "$INFRA/envoy-gateway-values.yaml" --wait --timeout "$timeout"
  run kubectl wait --for=condition=Available --timeout="$timeout" -n envoy-gateway-system deployment/envoy-gateway
  run kubectl apply --server-side -f "$INFRA/manifests/gatewayclass.yaml"

  step "Dapr $DAPR_VERSION control plane (HA) and dashboard $DAPR_DASHBOARD_VERSION"
  run helm repo add dapr "$DAPR_REPO" --force-update
  run helm upgrade --install dapr dapr/dapr --version "$DAPR_VERSION" \
    --namespace dapr-system --create-namespace -f "$INFRA/dapr-values.yaml" --wait --timeout "$timeout"
  run helm upgrade --install dapr-dashboard dapr/dapr-dashboard --version "$DAPR_DASHBOARD_VERSION" \
    --namespace dapr-system -f "$INFRA/dapr-dashboard-values.yaml" --wait --timeout "$timeout"

  step "Strimzi $STRIMZI_VERSION, then Kafka $KAFKA_VERSION (KRaft), its topics and users"
  ensure_namespace "$namespace"
  run helm upgrade --install strimzi "$STRIMZI_CHART" --version "$STRIMZI_VERSION" \
    --namespace strimzi --create-namespace -f "$INFRA/strimzi-values.yaml" --set "watchNamespaces={$namespace}" --wait --timeout "$timeout"
  run helm upgrade --install todo-kafka charts/todo-kafka --namespace "$namespace" --wait --timeout "$timeout"
  run kubectl wait --for=condition=Ready --timeout="$timeout" -n "$namespace" kafka.kafka.strimzi.io/todo-kafka
  run kubectl wait --for=condition=Ready --timeout="$timeout" -n "$namespace" kafkauser.kafka.strimzi.io --all
  run kubectl wait --for=condition=Ready --timeout="$timeout" -n "$namespace" kafkatopic.kafka.strimzi.io --all

  step "CloudNativePG $CNPG_VERSION, then the PostgreSQL Cluster"
  run helm repo add cnpg "$CNPG_REPO" --force-update
  run helm upgrade --install cnpg cnpg/cloudnative-pg --version "$CNPG_CHART_VERSION" \
    --namespace cnpg-system --create-namespace -f "$INFRA/cloudnative-pg-values.yaml" --wait --timeout "$timeout"
  run helm upgrade --install todo-postgres charts/todo-postgres --namespace "$namespace" --wait --timeout "$timeout"
  run kubectl wait --for=condition=Ready --timeout="$timeout" -n "$namespace" cluster.postgresql.cnpg.io/todo-postgres

  step "Redis (official image, AOF, on a volume)"
  run helm upgrade --install todo-redis charts/todo-redis --namespace "$namespace" --wait --timeout "$timeout"
  run kubectl rollout status --timeout="$timeout" -n "$namespace" statefulset/todo-redis

  if $with_monitoring; then
    step "monitoring: kube-prometheus-stack, Loki, Alloy (their values files in $INFRA)"
    if [ -r "$INFRA/kube-prometheus-stack-values.yaml" ]; then
      run helm repo add prometheus-community "$PROMETHEUS_COMMUNITY_REPO" --force-update
      run helm upgrade --install kube-prometheus-stack prometheus-community/kube-prometheus-stack --version "$KUBE_PROMETHEUS_STACK_VERSION" \
        --namespace monitoring --create-namespace -f "$INFRA/kube-prometheus-stack-values.yaml" --wait --timeout "$timeout"
    else
      echo "deploy: no $INFRA/kube-prometheus-stack-values.yaml: kube-prometheus-stack skipped" >&2
    fi
    if [ -r "$INFRA/loki-values.yaml" ]; then
      run helm repo add grafana-community "$GRAFANA_COMMUNITY_REPO" --force-update
      run helm upgrade --install loki grafana-community/loki --version "$LOKI_VERSION" \
        --namespace monitoring --create-namespace -f "$INFRA/loki-values.yaml" --wait --timeout "$timeout"
    else
      echo "deploy: no $INFRA/loki-values.yaml: Loki skipped" >&2
    fi
    if [ -r "$INFRA/alloy-values.yaml" ]; then
      run helm repo add grafana "$GRAFANA_REPO" --force-update
      run helm upgrade --install alloy grafana/alloy --version "$ALLOY_VERSION" \
        --namespace monitoring --create-namespace -f "$INFRA/alloy-values.yaml" --wait --timeout "$timeout"
    else
      echo "deploy: no $INFRA/alloy-values.yaml: Alloy skipped" >&2
    fi
  fi
fi

step "the app: release $release of charts/todo, image $repository@$digest"
run helm upgrade --install "$release" charts/todo --namespace "$namespace" --create-namespace \
  "${value_args[@]}" "${image_args[@]}" --wait --timeout "$timeout"
run kubectl rollout status --timeout="$timeout" -n "$namespace" deployment -l "app.kubernetes.io/instance=$release"

# The public address: the Gateway's (Envoy Gateway fills status.addresses when its load
# balancer has one), else the Ingress's.
if $dry_run; then
  run kubectl get gateway -n "$namespace" -l "app.kubernetes.io/instance=$release" -o 'jsonpath={.items[0].status.addresses[0].value}'
  # No cluster, no address: a reserved name (RFC 2606) that cannot be mistaken for one.
  echo "PUBLIC_URL=http://dry-run.invalid"
  exit 0
fi
address=""
for _ in $(seq 1 60); do
  address=$(kubectl get gateway -n "$namespace" -l "app.kubernetes.io/instance=$release" -o 'jsonpath={.items[0].status.addresses[0].value}' 2>/dev/null || true)
  if [ -z "$address" ]; then
    address=$(kubectl get ingress -n "$namespace" -l "app.kubernetes.io/instance=$release" -o 'jsonpath={.items[0].status.loadBalancer.ingress[0].ip}{.items[0].status.loadBalancer.ingress[0].hostname}' 2>/dev/null || true)
  fi
  [ -n "$address" ] && break
  sleep 5
done
[ -n "$address" ] || die "no public address after 5 minutes: kubectl -n $namespace describe gateway -l app.kubernetes.io/instance=$release"
echo "PUBLIC_URL=http://$address"
