#!/usr/bin/env bash
# The production engine: Temporal server v1.29.1 (the CLI v1.5.1's server line) on PostgreSQL,
# with SQL visibility, configured by deploy/temporal/config/production.yaml.
#   build   build temporal-server and temporal-sql-tool into .tools/bin (Go module proxy; cached)
#   setup   create and migrate its two databases with the server's own SQL tool (idempotent)
#   start   run it in the foreground; `ready` (another shell) waits for it, adds the namespace
#   ready   wait for the frontend, create the `default` namespace and the search attributes
# PostgreSQL from POSTGRES_SEEDS (127.0.0.1), DB_PORT (5432), POSTGRES_USER, POSTGRES_PWD.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=v1.29.1
BIN="$PWD/.tools/bin"
export POSTGRES_SEEDS="${POSTGRES_SEEDS:-127.0.0.1}" DB_PORT="${DB_PORT:-5432}"
: "${POSTGRES_USER:?set POSTGRES_USER}" "${POSTGRES_PWD:?set POSTGRES_PWD}"
address="127.0.0.1:${FRONTEND_GRPC_PORT:-7233}"

build() {
  [ -x "$BIN/temporal-server" ] && [ -x "$BIN/temporal-sql-tool" ] && return
  command -v go >/dev/null || { echo "Go is needed to build the Temporal server" >&2; exit 1; }
  echo "Building the Temporal server $VERSION into .tools/bin (first time only; a few minutes)..." >&2
  local out
  out=$(mktemp -d)
  GOBIN="$out" go install "go.temporal.io/server/cmd/server@$VERSION" "go.temporal.io/server/cmd/tools/sql@$VERSION"
  mkdir -p "$BIN"
  mv "$out/server" "$BIN/temporal-server"
  mv "$out/sql" "$BIN/temporal-sql-tool"
  rmdir "$out"
}

setup() {
  build
  # The schemas ship in the server's module, which the build has just put in Go's module cache.
  local schemas="${TEMPORAL_SCHEMA_DIR:-$(go env GOMODCACHE)/go.temporal.io/server@$VERSION/schema/postgresql/v12}"
  [ -d "$schemas" ] || go mod download "go.temporal.io/server@$VERSION"
  local db setup_log
  setup_log=$(mktemp)
  for db in "${DBNAME:-temporal}:temporal" "${VISIBILITY_DBNAME:-temporal_visibility}:visibility"; do
    local tool=("$BIN/temporal-sql-tool" --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" --pw "$POSTGRES_PWD" --db "${db%%:*}")
    "${tool[@]}" create-database >/dev/null 2>&1 || true # already there
    # setup-schema makes the version table of a new database; on one already set up it fails harmlessly.
    "${tool[@]}" setup-schema -v 0.0 >/dev/null 2>&1 || true
    "${tool[@]}" update-schema -d "$schemas/${db#*:}/versioned" >"$setup_log" 2>&1 || { cat "$setup_log" >&2; exit 1; }
  done
  rm -f "$setup_log"
}

start() {
  build
  # From its own folder, as in the server's image (/etc/temporal): the dynamic config path is relative.
  cd deploy/temporal
  exec "$BIN/temporal-server" --root . --config config --env production --allow-no-auth start
}

ready() {
  local cli
  cli="${TEMPORAL_CLI:-$(command -v temporal || echo "$BIN/temporal")}"
  for _ in $(seq 1 120); do "$cli" operator cluster health --address "$address" >/dev/null 2>&1 && break; sleep 1; done
  "$cli" operator cluster health --address "$address"
  "$cli" operator namespace describe --address "$address" --namespace default >/dev/null 2>&1 ||
    "$cli" operator namespace create --address "$address" --namespace default --retention 72h
  # The namespace registry refreshes on a timer: wait until the frontend knows the namespace.
  for _ in $(seq 1 60); do "$cli" workflow list --address "$address" --namespace default --limit 1 >/dev/null 2>&1 && break; sleep 1; done
  npx tsx scripts/search-attributes.ts "$address"
}

case "${1:-}" in
  build | setup | start | ready) "$1" ;;
  *) echo "usage: $0 build|setup|start|ready" >&2; exit 2 ;;
esac
