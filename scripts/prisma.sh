#!/usr/bin/env bash
# Runs the Prisma 6 CLI with no native engine: prisma.config.ts selects the JS schema
# engine, and the query-engine variable points at an existing file so the CLI does not
# try to download a library the "client" engine never uses.
# `migrate diff` needs a reachable PostgreSQL in DATABASE_URL (the JS engine connects).
set -euo pipefail
cd "$(dirname "$0")/.."
export PRISMA_QUERY_ENGINE_LIBRARY="$PWD/package.json"
export PRISMA_HIDE_UPDATE_MESSAGE=1
exec npx --no-install prisma "$@"
