#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine (idempotent): Redis server and
# client, hiredis headers for the `Redis` trait, the sqlite3 shell, and a Python venv with
# the test tools in ci/requirements.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(redis-server redis-tools libhiredis-dev sqlite3 libsqlite3-dev python3-venv postgresql)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "ci: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The Debian package starts a system redis on 6379; tests start their own servers.

if [ ! -x .venv-ci/bin/python ]; then
  python3 -m venv .venv-ci
fi
.venv-ci/bin/pip install -q --disable-pip-version-check -r ci/requirements.txt
