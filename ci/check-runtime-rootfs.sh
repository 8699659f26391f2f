#!/usr/bin/env bash
# The runtime-filesystem check (issue #14): the release binary runs in a root filesystem that has
# only the Dockerfile's runtime packages, and answers /readyz there.
#
# No base image can be pulled here, so the runtime stage is rebuilt from Debian: a `minbase`
# root (mmdebstrap) of a release with the same t64 library names as ubuntu:noble (Debian
# trixie by default), plus exactly the packages the Dockerfile's runtime stage installs (read
# from the Dockerfile, so the two cannot drift), the binary and its resource bundles copied
# to /app as the Dockerfile does, then `todo serve` started inside it with chroot as the
# Dockerfile's user (uid 10001) and /readyz asked from outside.
#
#   ci/check-runtime-rootfs.sh [--binary-dir DIR] [--suite trixie] [--keep DIR]
#
# --binary-dir: where the release build put `todo` and its *.resources (default: the output
# of `swift build -c release --static-swift-stdlib --show-bin-path`; build it first with
#   flock /tmp/swift-build.lock nice -n 19 swift build -c release --static-swift-stdlib --product todo
# ). Needs root (chroot), mmdebstrap and network access to the Debian mirror. Takes about a
# minute once the binary exists. It is not part of ci/test.sh (the release build alone costs
# far more than CI's budget allows); docs/deploy.md says where it runs.
set -euo pipefail
cd "$(dirname "$0")/.."

suite=trixie
mirror=${TODO_DEBIAN_MIRROR:-http://deb.debian.org/debian}
binary_dir=""
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --binary-dir) binary_dir=$2; shift 2 ;;
    --suite) suite=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "check-runtime-rootfs: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ -z "$binary_dir" ]; then
  binary_dir=$(swift build -c release --static-swift-stdlib --show-bin-path)
fi
[ -x "$binary_dir/todo" ] || { echo "check-runtime-rootfs: no release binary at $binary_dir/todo" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "check-runtime-rootfs: needs root (chroot)" >&2; exit 1; }
command -v mmdebstrap >/dev/null || { echo "check-runtime-rootfs: needs mmdebstrap (apt-get install mmdebstrap)" >&2; exit 1; }

# The runtime stage's package list: the `apt-get install` of the stage after the last FROM.
packages=$(awk '/^FROM /{stage++} {print stage "\t" $0}' Dockerfile |
  awk -F'\t' -v last="$(grep -c '^FROM ' Dockerfile)" '$1 == last {print $2}' |
  grep -o 'apt-get install [^&]*' | sed -e 's/apt-get install//' -e 's/\\//g' |
  tr ' ' '\n' | grep -v '^-' | grep -v '^$' | sort -u | paste -sd, -)
[ -n "$packages" ] || { echo "check-runtime-rootfs: found no runtime packages in the Dockerfile" >&2; exit 1; }
echo "runtime packages (Dockerfile): ${packages//,/ }"

work=${keep:-$(mktemp -d /tmp/todo-rootfs.XXXXXX)}
rootfs="$work/rootfs"
server_pid=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  for mount in "$rootfs/proc" "$rootfs/dev"; do
    if mountpoint -q "$mount"; then umount -l "$mount"; fi
  done
  if [ -z "$keep" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

if [ ! -x "$rootfs/usr/bin/env" ]; then
  echo "== mmdebstrap --variant=minbase $suite + runtime packages =="
  mkdir -p "$work"
  # --include installs the packages and their dependencies (no recommends, as the Dockerfile's
  # --no-install-recommends); apt's lists and caches are left out, as the Dockerfile removes them.
  # shellcheck disable=SC2016  # "$1" is the root, expanded by mmdebstrap when it runs the hook
  mmdebstrap --quiet --variant=minbase --include="$packages" --aptopt='APT::Install-Recommends "false"' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    "$suite" "$rootfs" "$mirror"
fi

echo "== the Dockerfile's user, /app and /data =="
chroot "$rootfs" sh -c 'getent passwd todo >/dev/null || useradd --system --uid 10001 --user-group --home-dir /app --no-create-home --shell /usr/sbin/nologin todo'
rm -rf "$rootfs/app"
mkdir -p "$rootfs/app" "$rootfs/data"
cp "$binary_dir/todo" "$rootfs/app/"
find -L "$binary_dir" -maxdepth 1 -name '*.resources' -exec cp -R {} "$rootfs/app/" \;
strip "$rootfs/app/todo" 2>/dev/null || true
chown 10001:10001 "$rootfs/data"

echo "== shared libraries the binary needs (ldd inside the root) =="
mkdir -p "$rootfs/proc" "$rootfs/dev"
mount -t proc proc "$rootfs/proc"
mount --bind /dev "$rootfs/dev"
ldd_output=$(chroot "$rootfs" /usr/bin/ldd /app/todo)
echo "$ldd_output"
if grep -q 'not found' <<< "$ldd_output"; then
  echo "check-runtime-rootfs: the binary needs a library the runtime packages do not bring" >&2
  exit 1
fi

echo "== todo serve in the root, as uid 10001, read-only /app =="
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
chmod -R a-w "$rootfs/app"
chroot --userspec=10001:10001 "$rootfs" /usr/bin/env -i HOME=/app TODO_DATA_DIR=/data \
  TODO_JWT_SECRET=rootfs-check-secret-of-at-least-32-bytes \
  /app/todo serve --host 127.0.0.1 --port "$port" > "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 150); do
  if body=$(curl -fsS --max-time 2 "http://127.0.0.1:$port/readyz" 2>/dev/null); then
    echo "GET /readyz → 200 ${body:-(empty body)}"
    status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")
    echo "GET /healthz → $status"
    [ "$status" = 200 ] || { echo "check-runtime-rootfs: /healthz answered $status" >&2; exit 1; }
    echo "runtime root filesystem: OK ($suite minbase + ${packages//,/ }; $(du -shx "$rootfs" | cut -f1) in all)"
    exit 0
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  sleep 0.2
done
echo "check-runtime-rootfs: todo serve did not become ready in the root filesystem; its log:" >&2
tail -n 40 "$work/serve.log" >&2
exit 1
