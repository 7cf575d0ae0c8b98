#!/usr/bin/env bash
# make reproduce-predict: every prediction method backtested on the
# simulated Schaeffer family (truth known), on Pythia's published
# evaluations (lambada accuracy, across scale and along training) and, when
# its store exists, on the trained 3-digit-addition ladder. Reports go to
# notebooks-export/predict/.
#
#   scripts/reproduce-predict.sh [BIN]
#
# Environment: LADDER_DB, the store `make reproduce-mirage` wrote (default
# $EMERGE_DB, else ./emerge.sqlite). It is copied, never written, and the
# ladder is never retrained here: without that store its part is skipped
# with a note. Everything else takes a few minutes after the build.
set -euo pipefail
BIN=${1:-.build/release/emerge-analyze}
OUT=notebooks-export/predict
LADDER_DB=${LADDER_DB:-${EMERGE_DB:-./emerge.sqlite}}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"

# 1. The simulated family, twenty models so that seven sit on the floor
# (exact match under 0.1, FLOPs ≤ 4.1e18): exact match forecast from them,
# and every split from 1 to 13 models held out. Then the default ten-model
# family, whose floor holds only three models.
"$BIN" simulate --out "$TMP/sim20.jsonl" --models 20 --seed 1 >/dev/null
"$BIN" import "$TMP/sim20.jsonl" --kind outputs --db "$TMP/sim20.sqlite" >/dev/null
"$BIN" simulate --out "$TMP/sim10.jsonl" --seed 1 >/dev/null
"$BIN" import "$TMP/sim10.jsonl" --kind outputs --db "$TMP/sim10.sqlite" >/dev/null
rm -rf "$OUT/simulated" "$OUT/simulated-backtest"
SIM=(--metric exact-match --method direct --method via-continuous)
"$BIN" predict --db "$TMP/sim20.sqlite" "${SIM[@]}" --cutoff 4.1e18 \
    --out "$OUT/simulated" --title "Simulated family: exact match from the seven models on its floor" > "$OUT/simulated.txt"
"$BIN" predict --db "$TMP/sim20.sqlite" "${SIM[@]}" --backtest --max-holdout 13 \
    --out "$OUT/simulated-backtest" --title "Simulated family (20 models): backtest, 1 to 13 held out" > "$OUT/simulated-backtest.txt"
"$BIN" predict --db "$TMP/sim10.sqlite" "${SIM[@]}" --backtest --max-holdout 7 > "$OUT/simulated-10-backtest.txt"

# 2. Pythia: lambada accuracy (from log-perplexity via-continuous; from the
# other 86 tasks observationally), across scale and along training.
"$BIN" import data/pythia-evals --kind lm-eval --tokens-per-step 2097152 --db "$TMP/pythia.sqlite" >/dev/null
"$BIN" import data/pythia-evals/models.csv --kind models --name-column name --family-column family \
    --params-column params --non-embedding-params-column non_embedding_params --db "$TMP/pythia.sqlite" >/dev/null
rm -rf "$OUT/pythia-scale" "$OUT/pythia-training"
"$BIN" predict --db "$TMP/pythia.sqlite" --task lambada_openai --metric acc --backtest --max-holdout 3 \
    --out "$OUT/pythia-scale" --title "Pythia across scale: lambada accuracy, backtest" > "$OUT/pythia-scale.txt"
"$BIN" predict --db "$TMP/pythia.sqlite" --task lambada_openai --metric acc --backtest --max-holdout 3 --along training \
    --out "$OUT/pythia-training" --title "Pythia along training: lambada accuracy, backtest" > "$OUT/pythia-training.txt"
# Every threshold metric of every task across scale (the refusals, mostly
# tasks with no continuous metric, go to stderr).
"$BIN" predict --db "$TMP/pythia.sqlite" --backtest --max-holdout 3 > "$OUT/pythia-all-tasks.txt" 2>/dev/null

# 3. The trained ladder, when `make reproduce-mirage` has stored it.
rm -rf "$OUT/ladder"
if [[ -f "$LADDER_DB" ]] && cp "$LADDER_DB" "$TMP/ladder.sqlite" \
    && "$BIN" models --db "$TMP/ladder.sqlite" --format csv | grep -q "ladder"; then
    "$BIN" predict --db "$TMP/ladder.sqlite" --metric exact-match --family ladder-add3 --backtest --max-holdout 6 \
        --method direct --method via-continuous \
        --out "$OUT/ladder" --title "Trained 3-digit-addition ladder: backtest" > "$OUT/ladder.txt"
else
    echo "ladder: skipped — no trained ladder in $LADDER_DB (make reproduce-mirage trains it; LADDER_DB=PATH names another store)"
fi
echo
echo "reports: $OUT/*/prediction.md; backtest tables: $OUT/*.txt"
