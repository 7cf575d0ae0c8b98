#!/usr/bin/env bash
# make demo (SPEC §3, §9): the quick mirage reproduction on ./emerge.sqlite.
#   1. Schaeffer et al.'s simulated family (metric-induced by construction),
#   2. a quick ladder of tiny transformers trained here on 3-digit addition,
# both stored, scored, fitted, flagged and reported side by side.
# Usage: scripts/demo.sh [path/to/emerge-analyze]   (default .build/release/emerge-analyze)
# Resumable: re-running skips trained rungs and stored outputs.
set -euo pipefail
BIN=${1:-.build/release/emerge-analyze}
[ -x "$BIN" ] || { echo "demo: $BIN is not an executable; build it first (make release)." >&2; exit 1; }
exec bash "$(dirname "$0")/reproduce-mirage.sh" "$BIN" --quick
