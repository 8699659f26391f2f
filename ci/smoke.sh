#!/usr/bin/env bash
# Smoke test of a running todo through its public address, as a user would reach it:
# readiness, sign up, create a task, find it in the list, delete it, see it gone.
# Usage: ci/smoke.sh URL        (e.g. http://203.0.113.7 or http://127.0.0.1:8080)
# Environment: SMOKE_READY_TIMEOUT seconds to wait for /readyz (default 300: a new load
# balancer takes a while), SMOKE_REQUEST_TIMEOUT seconds per request (default 20).
# Exit 0 when every step passed; otherwise exit 1 after one line naming the failed step,
# the request, the expected and the received status, and the start of the reply.
# Needs curl and python3 (both on GitHub's ubuntu-24.04 runners).
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: ci/smoke.sh URL" >&2
  exit 2
fi
base_url="${1%/}"
case "$base_url" in
  http://* | https://*) ;;
  *)
    echo "smoke: URL must start with http:// or https:// (got '$base_url')" >&2
    exit 2
    ;;
esac
api="$base_url/api/v1"
ready_timeout="${SMOKE_READY_TIMEOUT:-300}"
request_timeout="${SMOKE_REQUEST_TIMEOUT:-20}"

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT
body="$work_dir/body"

fail() {
  echo "smoke: FAILED at '$1': $2" >&2
  exit 1
}

# request STEP EXPECTED_STATUS METHOD URL [curl args...]: the reply body lands in $body.
request() {
  local step="$1" expected="$2" method="$3" url="$4"
  shift 4
  local status
  if ! status="$(curl -sS -o "$body" -w '%{http_code}' --max-time "$request_timeout" \
    -X "$method" "$url" "$@" 2>"$work_dir/curl-error")"; then
    fail "$step" "$method $url did not complete: $(head -c 300 "$work_dir/curl-error")"
  fi
  if [ "$status" != "$expected" ]; then
    fail "$step" "$method $url answered HTTP $status, expected $expected: $(head -c 500 "$body")"
  fi
  echo "smoke: ok   $step ($method ${url#"$base_url"} → $status)"
}

# json_field STEP WHAT EXPRESSION [ARG...]: evaluates a Python expression over the reply
# (`reply`) and the extra arguments (`args`, never spliced into the code); prints a string
# result, fails the step with WHAT when the result is empty or false.
json_field() {
  local step="$1" what="$2" expression="$3"
  shift 3
  python3 - "$body" "$expression" "$@" <<'PY' || fail "$step" "$what; the reply was: $(head -c 500 "$body")"
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as handle:
        reply = json.load(handle)
    value = eval(sys.argv[2], {"reply": reply, "args": sys.argv[3:]})
except (ValueError, KeyError, TypeError, IndexError):
    sys.exit(1)
if value is None or value is False or value == "":
    sys.exit(1)
if value is not True:
    print(value)
PY
}

# 1. Readiness: retried until the deadline, because a fresh load balancer or a rolling
# update may not route yet.
deadline=$((SECONDS + ready_timeout))
while true; do
  status="$(curl -sS -o "$body" -w '%{http_code}' --max-time "$request_timeout" \
    "$base_url/readyz" 2>"$work_dir/curl-error" || true)"
  if [ "$status" = "200" ]; then
    echo "smoke: ok   readyz (GET /readyz → 200)"
    break
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    fail "readyz" "GET $base_url/readyz gave '${status:-no answer}' for ${ready_timeout}s: $(head -c 300 "$work_dir/curl-error") $(head -c 300 "$body")"
  fi
  sleep 3
done

# 2. Sign up a throwaway account: unique per run, so runs never collide.
run_id="$(date -u +%Y%m%d%H%M%S)-$$-$RANDOM"
email="smoke-$run_id@smoke.invalid"
password="smoke-$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')"
signup_payload="$(python3 -c 'import json, sys; print(json.dumps({"email": sys.argv[1], "password": sys.argv[2], "timeZone": "UTC"}))' "$email" "$password")"
request "sign up" 201 POST "$api/auth/signup" -H 'content-type: application/json' --data "$signup_payload"
token="$(json_field "sign up" "no access token in the reply" 'reply["token"]')"
auth=(-H "authorization: Bearer $token")

# 3. Create a task.
title="smoke test $run_id"
task_payload="$(python3 -c 'import json, sys; print(json.dumps({"title": sys.argv[1], "priority": "p2", "tags": ["smoke"]}))' "$title")"
request "create task" 201 POST "$api/tasks" "${auth[@]}" -H 'content-type: application/json' \
  -H "idempotency-key: smoke-$run_id" --data "$task_payload"
task_id="$(json_field "create task" "no task id in the reply" 'reply["id"]')"
# The id goes into URLs below: accept only what task ids look like.
[[ "$task_id" =~ ^[A-Za-z0-9_.:-]{1,128}$ ]] || fail "create task" "the task id '$task_id' is not a task id"
json_field "create task" "the task's title is not '$title'" 'reply["title"] == args[0]' "$title"

# 4. The list shows it.
request "list tasks" 200 GET "$api/tasks?limit=500" "${auth[@]}"
json_field "list tasks" "task $task_id is not in the list" \
  'any(item.get("id") == args[0] for item in reply["items"])' "$task_id"

# 5. Delete it, and it is gone.
request "delete task" 204 DELETE "$api/tasks/$task_id" "${auth[@]}"
request "deleted task is gone" 404 GET "$api/tasks/$task_id" "${auth[@]}"

echo "smoke: PASSED against $base_url (account $email, task $task_id created and deleted)"
