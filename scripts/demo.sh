#!/usr/bin/env bash
# make demo: the quick mirage reproduction on ./emerge.sqlite (SPEC §3, §9).
set -euo pipefail
BIN=${1:-.build/release/emerge-analyze}
echo "demo: not assembled yet"
