#!/usr/bin/env bash
# API fuzzing: Schemathesis (PyPI, in .tools/venv) generates requests from /openapi.json against
# the `npm start` stack (its own data folder and ports, so a running stack is left alone), once
# with a key of each agency type, all checks on (schemathesis.toml). It fails on any 5xx and on
# any response the documented schema does not allow, and when fewer than MIN_REQUESTS were sent.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=4.32.5
MIN_REQUESTS="${MIN_REQUESTS:-1000}"
venv=.tools/venv
# The newest Python there is: 3.11's parser can fail inside Hypothesis ("AST constructor recursion depth mismatch").
python=$(ls -d "$(pyenv root 2>/dev/null || echo /nonexistent)"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V | tail -n 1)
python=${PYTHON:-${python:-python3}}
if ! "$venv/bin/st" --version 2>/dev/null | grep -q "$VERSION"; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==$VERSION"
fi

work=$(mktemp -d)
chmod 755 "$work" # the embedded PostgreSQL runs as the postgres user when we are root
export CSEC_DATA_DIR="$work/data" TEMPORAL_PORT=17233 TEMPORAL_UI_PORT=18233 EMBEDDED_DB_PORT=15433 MAIL_SMTP_PORT=11025 MAIL_UI_PORT=11080 API_PORT=13000
# Thousands of requests from one address and key in a few minutes: the limits are not under test here.
export RATE_LIMIT_PER_KEY=1000000 RATE_LIMIT_PER_IP=1000000
setsid npx tsx scripts/start.ts >"$work/stack.log" 2>&1 &
stack=$!
stop() {
  kill -INT -- "-$stack" 2>/dev/null || true
  wait "$stack" 2>/dev/null || true
  rm -rf "$work"
}
trap stop EXIT
base="http://127.0.0.1:$API_PORT"
for _ in $(seq 1 180); do curl -sf "$base/health" >/dev/null && break; kill -0 "$stack" 2>/dev/null || break; sleep 1; done
curl -sf "$base/health" >/dev/null || { tail -n 40 "$work/stack.log" >&2; exit 1; }

# One demo key per agency type (prisma/seed.ts), and the county administrator's.
mapfile -t keys < <(npx tsx -e 'import { DEMO_API_KEYS } from "./prisma/seed"; for (const [label, k] of Object.entries(DEMO_API_KEYS)) console.log(`${label} ${k.key}`);')
rc=0
total=0
for entry in "${keys[@]}"; do
  label=${entry%% *}
  # The coverage phase (every boundary of every schema) takes minutes and hardly depends on the
  # key: once, with the DA's, whose key reaches the most routes; the other phases with every key.
  phases=examples,fuzzing,stateful
  [ "$label" = da ] && phases=examples,coverage,fuzzing,stateful
  echo "=== Schemathesis as $label ($phases)"
  set +e
  "$venv/bin/st" --config-file test/fuzz/schemathesis.toml run "$base/openapi.json" --phases "$phases" \
    -H "Authorization: Bearer ${entry#* }" --report ndjson --report-ndjson-path "$work/$label.ndjson"
  status=$?
  set -e
  [ "$status" -eq 0 ] || rc=$status
  sent=$("$venv/bin/python" -c 'import json, sys
print(sum(len(e["ScenarioFinished"]["recorder"].get("interactions", {})) for e in map(json.loads, open(sys.argv[1])) if "ScenarioFinished" in e))' "$work/$label.ndjson")
  echo "=== $label: $sent requests"
  total=$((total + sent))
done
echo "Schemathesis: $total requests in all"
[ "$total" -ge "$MIN_REQUESTS" ] || { echo "fewer than $MIN_REQUESTS requests were sent" >&2; rc=1; }
exit "$rc"
