#!/usr/bin/env bash
# make reproduce-mirage (docs/design.md#reproductions): train the 3-digit-addition ladder with the
# inference core, evaluate every rung (greedy answers + teacher-forced
# per-token log-probs), store, score, fit, flag, and write the report to
# notebooks-export/mirage/ (notebooks-export/mirage-quick/ with --quick)
# beside the simulated Schaeffer family.
#
#   scripts/reproduce-mirage.sh [BIN] [--quick]
#
# Every size is trained from several seeds (three for the full ladder, about
# 17 minutes on the idle 2-core machine; two with --quick, the preset's), and
# the report averages each size over its seeds (docs/ladders.md, "Seeds").
# Resumable: re-running skips finished models and stored outputs; a larger
# LADDER_SEEDS on the same folder trains only the new seeds.
# Environment: EMERGE_DB (store, default ./emerge.sqlite), LADDER_DIR
# (checkpoints, default .ladders/add3-full or .ladders/add3-quick), LADDER_SEEDS
# (seeds per size, default 3; the preset's 2 with --quick).
set -euo pipefail
BIN=${1:-.build/release/emerge-analyze}
PRESET=full
LADDER_ARGS=()
if [[ "${2:-}" == "--quick" ]]; then PRESET=quick; LADDER_ARGS=(--quick); fi
LADDER_SEEDS=${LADDER_SEEDS:-}
[[ $PRESET == full && -z $LADDER_SEEDS ]] && LADDER_SEEDS=3
[[ -n $LADDER_SEEDS ]] && LADDER_ARGS+=(--seeds "$LADDER_SEEDS")
DB=${EMERGE_DB:-./emerge.sqlite}
OUT=notebooks-export/mirage
[[ $PRESET == quick ]] && OUT=notebooks-export/mirage-quick   # the committed report is the full ladder's
LADDER=${LADDER_DIR:-.ladders/add3-$PRESET}
mkdir -p "$OUT"

"$BIN" init --db "$DB" >/dev/null

# The simulated family: metric-induced emergence by construction (importing again replaces, never duplicates).
SIMULATED=$(mktemp -t emerge-simulated-XXXXXX.jsonl)
trap 'rm -f "$SIMULATED"' EXIT
"$BIN" simulate --out "$SIMULATED" --seed 0 >/dev/null
"$BIN" import "$SIMULATED" --kind outputs --db "$DB" >/dev/null

# The trained ladder (progress on stderr), then its verdict and the report.
"$BIN" train-ladder --out "$LADDER" --db "$DB" "${LADDER_ARGS[@]}"
"$BIN" mirage --db "$DB"
"$BIN" report --out "$OUT" --db "$DB" --title "Emergence or mirage: simulated family and a trained ladder"
echo
echo "report: $OUT/report.md"
