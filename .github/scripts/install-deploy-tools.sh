#!/usr/bin/env bash
# Installs the deploy job's tools at pinned versions into $1 (default $RUNNER_TEMP/deploy-tools)
# and puts them on PATH for later steps: helm, kubectl (each checked against the SHA-256 its
# publisher serves next to it) and oci-cli in its own venv, hash-pinned (the OKE kubeconfig calls `oci`,
# so it must stay on PATH). Bump the versions here; docs/ci-cd.md says when they were checked.
set -euo pipefail

HELM_VERSION=v4.2.4        # helm/helm tags, checked 2026-12-02
KUBECTL_VERSION=v1.34.0    # the cluster's minor (Kubernetes 1.34 on OKE)
# oci-cli 3.95.1 and its dependencies, each pinned by hash: .github/requirements-oci-cli.txt

tools_dir="${1:-${RUNNER_TEMP:?}/deploy-tools}"
mkdir -p "$tools_dir/bin"
case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "install-deploy-tools: unsupported machine $(uname -m)" >&2; exit 1 ;;
esac
download_dir="$(mktemp -d)"
trap 'rm -rf "$download_dir"' EXIT

# fetch URL CHECKSUM_URL FILE: downloads and refuses a file whose SHA-256 differs.
fetch() {
  curl -fsSL --retry 3 -o "$download_dir/$3" "$1"
  expected="$(curl -fsSL --retry 3 "$2" | awk '{print $1}')"
  [[ "$expected" =~ ^[0-9a-f]{64}$ ]] || { echo "install-deploy-tools: no checksum at $2" >&2; exit 1; }
  echo "$expected  $download_dir/$3" | sha256sum --check --strict --quiet
}

fetch "https://get.helm.sh/helm-$HELM_VERSION-linux-$arch.tar.gz" \
  "https://get.helm.sh/helm-$HELM_VERSION-linux-$arch.tar.gz.sha256sum" helm.tar.gz
tar -xzf "$download_dir/helm.tar.gz" -C "$download_dir" "linux-$arch/helm"
install -m 0755 "$download_dir/linux-$arch/helm" "$tools_dir/bin/helm"

fetch "https://dl.k8s.io/release/$KUBECTL_VERSION/bin/linux/$arch/kubectl" \
  "https://dl.k8s.io/release/$KUBECTL_VERSION/bin/linux/$arch/kubectl.sha256" kubectl
install -m 0755 "$download_dir/kubectl" "$tools_dir/bin/kubectl"

python3 -m venv "$tools_dir/oci-venv"
"$tools_dir/oci-venv/bin/pip" install -q --disable-pip-version-check --require-hashes --no-deps \
  -r "$(dirname "$0")/../requirements-oci-cli.txt"
ln -sf "$tools_dir/oci-venv/bin/oci" "$tools_dir/bin/oci"

if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$tools_dir/bin" >> "$GITHUB_PATH"
fi
"$tools_dir/bin/helm" version --short
"$tools_dir/bin/kubectl" version --client
"$tools_dir/bin/oci" --version
