#!/usr/bin/env bash
# Makes sure a Temporal CLI (dev server + UI) is available: TEMPORAL_CLI, .tools/bin, or PATH;
# otherwise builds v1.5.1 from the Go module proxy into .tools/bin (the newest tag that
# `go install` can build; see ../shared/TOOLCHAIN.md). Go's build cache makes a rebuild quick.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${TEMPORAL_CLI:-}" ] && [ -x "$TEMPORAL_CLI" ]; then exit 0; fi
if [ -x .tools/bin/temporal ] || command -v temporal >/dev/null 2>&1; then exit 0; fi
command -v go >/dev/null 2>&1 || { echo "Go is needed to build the Temporal CLI (or set TEMPORAL_CLI)" >&2; exit 1; }
echo "Building the Temporal CLI v1.5.1 into .tools/bin (first time only; a few minutes)..." >&2
mkdir -p .tools/bin
GOBIN="$PWD/.tools/bin" go install github.com/temporalio/cli/cmd/temporal@v1.5.1
