#!/usr/bin/env bash
# make reproduce-cot (docs/design.md#reproductions, docs/design.md#elicitation): does chain-of-thought prompting
# help, and from which scale? Trains a ladder of tiny GPT-2s on 2-digit
# addition whose training mix holds worked step-by-step solutions beside
# direct answers (train-ladder --scratchpad-mix), evaluates every rung with
# standard, zero-shot CoT, few-shot CoT, self-consistency (n = 5 and 10) and
# tree of thoughts, stores every output, and writes the reports to
# notebooks-export/cot/ (--quick: notebooks-export/cot-quick/): `report` (every metric per strategy, report.md) and
# the CoT report (cot.md: accuracy per strategy vs training FLOPs, the gain
# over the standard prompt, self-consistency vote margins, three SVGs).
#
#   scripts/reproduce-cot.sh [BIN] [--quick]
#
# The full ladder trains every size from three seeds (docs/ladders.md,
# "Seeds"): about 23 minutes on the idle 2-core machine (training 16, the
# strategies on every seed 6½); --quick keeps one seed.
# Resumable: re-running skips finished models and stored outputs; a larger
# LADDER_SEEDS on the same folder trains and evaluates only the new seeds.
# Environment: EMERGE_DB (store, default ./emerge.sqlite), LADDER_DIR
# (checkpoints, default .ladders/cot-full or .ladders/cot-quick), LADDER_SEEDS
# (seeds per size, default 3; 1 with --quick), OPENBLAS_NUM_THREADS
# (default 1: training splits the batch over the cores itself).
set -euo pipefail
BIN=${1:-.build/release/emerge-analyze}
PRESET=full
if [[ "${2:-}" == "--quick" ]]; then PRESET=quick; fi
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
DB=${EMERGE_DB:-./emerge.sqlite}
OUT=notebooks-export/cot
[[ $PRESET == quick ]] && OUT=notebooks-export/cot-quick   # the committed report is the full ladder's
LADDER=${LADDER_DIR:-.ladders/cot-$PRESET}

# The recipe. Half the training examples are worked solutions, each after
# 0 or 1 worked exemplars (so zero- and one-shot CoT prompts are in
# distribution); the other half direct answers.
TASK=add2
MIX=0.5
FAMILY=ladder-$TASK-cot50   # train-ladder names the ladder after its mix: 0.5 → cot50
SHOTS=1
# 16 sequences per step (32 in the full preset). --tokens sets the steps as
# tokens ÷ (batch × 224, the longest sequence: a worked exemplar, then the
# question and its worked solution); training itself skips the padding, and
# the stored tokens and FLOPs count real positions only.
BATCH=16
if [[ $PRESET == quick ]]; then
  SIZES=16x1,32x2,48x2,64x3
  TOKENS=2.87e6     # 801 steps × 16 sequences × 224 positions (the budget unit)
  EXAMPLES=100
  LADDER_SEEDS=${LADDER_SEEDS:-1}
else
  SIZES=16x1,32x2,48x2,64x3,96x3
  BATCH=32
  TOKENS=10.75e6    # 1,500 steps × 32 sequences × 224 positions (the budget unit)
  EXAMPLES=200
  LADDER_SEEDS=${LADDER_SEEDS:-3}
fi
# New tokens of a step-by-step answer: the longest 2-digit worked solution
# after its trigger line (73) plus one spare — what train-ladder prints.
MAX_TOKENS=74

"$BIN" init --db "$DB" >/dev/null
start=$SECONDS
"$BIN" train-ladder --out "$LADDER" --task $TASK --sizes $SIZES --batch-size $BATCH --tokens $TOKENS --examples $EXAMPLES \
  --scratchpad-mix $MIX --scratchpad-exemplars $SHOTS --seeds "$LADDER_SEEDS" --db "$DB"
echo "trained and evaluated (standard) in $((SECONDS - start)) s" >&2

# Every strategy on the same held-out examples (train-ladder stored the standard
# ones), for every model folder of the ladder: each seed of each size.
evaluate() {
  local begin=$SECONDS
  "$BIN" eval --ladder "$LADDER" --task $TASK --examples $EXAMPLES --limit $EXAMPLES --max-tokens $MAX_TOKENS \
    --db "$DB" "$@"
  echo "eval $* in $((SECONDS - begin)) s" >&2
}
evaluate --strategy zero-shot-cot
evaluate --strategy few-shot-cot --exemplars $SHOTS
evaluate --strategy self-consistency --samples 5 --temperature 0.7
evaluate --strategy self-consistency --samples 10 --temperature 0.7
evaluate --strategy tree-of-thoughts --breadth 3 --depth 3 --temperature 0.7

mkdir -p "$OUT"
"$BIN" report --out "$OUT" --task $TASK --family "$FAMILY" --db "$DB" \
  --title "Chain of thought across a ladder: every metric per strategy"
"$BIN" cot-report --ladder "$LADDER" --task $TASK --out "$OUT" --db "$DB"
echo "total $((SECONDS - start)) s" >&2
echo
echo "report: $OUT/cot.md"
