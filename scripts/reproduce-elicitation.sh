#!/usr/bin/env bash
# make reproduce-elicitation (docs/elicitation.md#reproduction-make-reproduce-elicitation): do
# personas, instructions, exemplars, chain of thought, self-verification and
# a confidence request change what a model answers, and does that change
# with scale? Trains a seeded ladder of tiny GPT-2s on one- and two-step
# word problems with small numbers whose training mix shows every framing
# these strategies use (train-ladder --task word-problems1-2-small
# --elicitation-mix, docs/ladders.md),
# evaluates every model with each strategy on the same held-out problems,
# stores every output, and writes to notebooks-export/elicitation/:
# cot-report (accuracy per strategy against training FLOPs, each strategy's
# gain over standard with paired bootstrap intervals, seeds pooled per
# size), calibration.csv (ECE, Brier and selective accuracy of the answer
# probabilities per model and strategy) and report (every metric per strategy).
#
#   scripts/reproduce-elicitation.sh [BIN]
#
# Resumable: re-running skips finished models and stored outputs. Two seeds
# per size, about 17 minutes on the idle 2-core machine (docs/elicitation.md
# has the measured timings; the limit is 30). Environment: EMERGE_DB (store,
# default ./emerge.sqlite), LADDER_DIR (checkpoints, default
# .ladders/elicitation), LADDER_SEEDS (seeds per size, default 2; each more
# seed adds about 6½ minutes of training), OPENBLAS_NUM_THREADS (default 1:
# training splits the batch over the cores itself).
set -euo pipefail
BIN=${1:-.build/release/emerge-analyze}
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
DB=${EMERGE_DB:-./emerge.sqlite}
OUT=notebooks-export/elicitation
LADDER=${LADDER_DIR:-.ladders/elicitation}
LADDER_SEEDS=${LADDER_SEEDS:-2}

# The recipe (docs/ladders.md#the-elicitation-mix): word problems of 1-2
# operations on small numbers (the 2-4-operation word-problems are not
# learnt by any size within this budget), every framing in its share;
# --tokens sets the steps as tokens ÷ (batch × the longest mixed sequence);
# training skips the padding.
TASK=word-problems1-2-small
FAMILY=ladder-$TASK-framed
SIZES=16x1,32x2,48x2,64x3,96x3
BATCH=16
TOKENS=1.0e7   # 1,221 steps × 16 sequences × 512 positions (the longest framed sequence: the budget unit)
EXAMPLES=200
# New tokens of a step-by-step answer: what train-ladder prints (the longest worked lines after the trigger, one spare).
MAX_COT=38

"$BIN" init --db "$DB" >/dev/null
start=$SECONDS
"$BIN" train-ladder --out "$LADDER" --task $TASK --elicitation-mix --sizes "$SIZES" --batch-size $BATCH \
  --tokens "$TOKENS" --examples "$EXAMPLES" --seeds "$LADDER_SEEDS" --db "$DB"
echo "trained and evaluated (standard) in $((SECONDS - start)) s" >&2

evaluate() {
  local begin=$SECONDS
  "$BIN" eval --ladder "$LADDER" --task $TASK --examples "$EXAMPLES" --limit "$EXAMPLES" --db "$DB" "$@" >/dev/null
  echo "eval $* in $((SECONDS - begin)) s" >&2
}
for persona in expert teacher programmer; do evaluate --strategy persona:$persona; done
evaluate --strategy few-shot --exemplars 2
evaluate --strategy zero-shot-cot --max-tokens $MAX_COT
evaluate --strategy few-shot-cot --exemplars 1 --max-tokens $MAX_COT
evaluate --strategy enhanced --max-tokens $MAX_COT
evaluate --strategy self-verification --max-tokens $MAX_COT
evaluate --strategy confidence
for persona in basic expert teacher programmer; do evaluate --template tutorial-persona-$persona; done

mkdir -p "$OUT"
begin=$SECONDS
"$BIN" cot-report --ladder "$LADDER" --task $TASK --out "$OUT" --db "$DB"
"$BIN" calibration --task $TASK --family "$FAMILY" --format csv --db "$DB" >"$OUT/calibration.csv"
"$BIN" report --out "$OUT" --task $TASK --family "$FAMILY" --db "$DB" \
  --title "Elicitation across a ladder: every metric per strategy"
echo "reports in $((SECONDS - begin)) s" >&2
echo "total $((SECONDS - start)) s" >&2
echo
echo "report: $OUT/cot.md"
