#!/usr/bin/env bash
# Turns what the CD workflow was asked to deploy (an image tag such as 1.4.0 or sha-1a2b3c4,
# or a digest sha256:…) into one immutable reference IMAGE@sha256:…, and refuses it unless
# it is a manifest list for linux/amd64 and linux/arm64 signed by this repository's ci.yaml
# on main or on a release tag (keyless: Sigstore certificate issued to that workflow).
# Usage: resolve-image.sh --image ghcr.io/OWNER/todo --ref REF --repository OWNER/NAME [--wait SECONDS]
#   --wait  how long to wait for the tag to appear (a release tag's image is still being
#           built by ci.yaml when cd.yaml starts); default 0
# Prints image-ref=… and digest=… (also to $GITHUB_OUTPUT when set).
set -euo pipefail

image="" ref="" repository="" wait_seconds=0
while [ $# -gt 0 ]; do
  case "$1" in
    --image) image="${2:-}"; shift 2 ;;
    --ref) ref="${2:-}"; shift 2 ;;
    --repository) repository="${2:-}"; shift 2 ;;
    --wait) wait_seconds="${2:-}"; shift 2 ;;
    *) echo "resolve-image: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

[[ "$image" =~ ^ghcr\.io/[a-z0-9._-]+/[a-z0-9._/-]+$ ]] || { echo "resolve-image: --image '$image' is not a lowercase ghcr.io/OWNER/NAME" >&2; exit 2; }
[[ "$repository" =~ ^[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$ ]] || { echo "resolve-image: --repository '$repository' is not OWNER/NAME" >&2; exit 2; }
[[ "$wait_seconds" =~ ^[0-9]{1,5}$ ]] || { echo "resolve-image: --wait '$wait_seconds' is not a number of seconds" >&2; exit 2; }
# A leading v is the git tag's; the image tag is the bare version (docker/metadata-action).
ref="${ref#v}"

manifest_json() {
  docker buildx imagetools inspect "$1" --format '{{json .Manifest}}'
}

if [[ "$ref" =~ ^sha256:[0-9a-f]{64}$ ]]; then
  digest="$ref"
elif [[ "$ref" =~ ^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$ ]]; then
  deadline=$((SECONDS + wait_seconds))
  until manifest="$(manifest_json "$image:$ref" 2>/dev/null)"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "resolve-image: $image:$ref does not exist (waited ${wait_seconds}s); did ci.yaml publish it?" >&2
      exit 1
    fi
    echo "resolve-image: waiting for $image:$ref …"
    sleep 30
  done
  digest="$(jq -r .digest <<<"$manifest")"
  [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || { echo "resolve-image: no digest for $image:$ref" >&2; exit 1; }
else
  echo "resolve-image: --ref '$ref' is neither an image tag nor sha256:<64 hex>" >&2
  exit 2
fi

reference="$image@$digest"
platforms="$(manifest_json "$reference" | jq -r '[.manifests[]?.platform | select(. != null and .architecture != "unknown") | .os + "/" + .architecture] | unique | join(",")')"
for wanted in linux/amd64 linux/arm64; do
  [[ ",$platforms," == *",$wanted,"* ]] || { echo "resolve-image: $reference has no $wanted image (has: ${platforms:-none})" >&2; exit 1; }
done

escaped_repository="${repository//./\\.}"
cosign verify "$reference" \
  --certificate-oidc-issuer https://token.actions.githubusercontent.com \
  --certificate-identity-regexp "^https://github\.com/$escaped_repository/\.github/workflows/ci\.yaml@refs/(heads/main|tags/v[0-9]+\.[0-9]+\.[0-9]+)$" \
  >/dev/null
echo "resolve-image: $reference ($platforms) is signed by $repository's ci.yaml"

echo "image-ref=$reference"
echo "digest=$digest"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  { echo "image-ref=$reference"; echo "digest=$digest"; } >> "$GITHUB_OUTPUT"
fi
