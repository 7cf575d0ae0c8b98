#!/usr/bin/env bash
# make reproduce-pythia: EleutherAI's published lm-evaluation-harness results
# for the Pythia suite (data/pythia-evals/: 7 sizes × 27 checkpoints, legacy
# 0.3 files) imported with their training steps, judged across scale and
# along training, and reported to notebooks-export/pythia/.
#
#   scripts/reproduce-pythia.sh [BIN]
#
# Reads only files in this repository. The store is rebuilt from scratch each
# run (notebooks-export/pythia/pythia.sqlite, not committed).
set -euo pipefail
BIN=${1:-.build/release/emerge-analyze}
OUT=notebooks-export/pythia
DB=$OUT/pythia.sqlite
mkdir -p "$OUT"
rm -f "$DB" "$DB-wal" "$DB-shm"

# Pythia trains on 1024 sequences × 2048 tokens per step.
"$BIN" import data/pythia-evals --kind lm-eval --tokens-per-step 2097152 --db "$DB"
"$BIN" import data/pythia-evals/models.csv --kind models --name-column name --family-column family \
    --params-column params --non-embedding-params-column non_embedding_params --db "$DB"

# Verdicts and per-metric evidence, both axes, as tidy CSV beside the reports.
"$BIN" mirage --db "$DB" --format csv > "$OUT/mirage-scale.csv"
"$BIN" mirage --db "$DB" --along training --format csv > "$OUT/mirage-training.csv"
"$BIN" mirage --db "$DB" --along training --from-step 1 --bootstrap 0 --format csv > "$OUT/mirage-training-from-step-1.csv"

# Reports (plots, fits, per-task tables) for the headline tasks; the verdict
# tables above cover all 87. Two MMLU subjects stand for the 57: the largest
# and a mathematical one.
TASKS=()
for t in lambada_openai piqa arc_easy arc_challenge sciq logiqa winogrande wsc crows_pairs_english \
         hendrycksTest-professional_law hendrycksTest-elementary_mathematics; do TASKS+=(--task "$t"); done
rm -rf "$OUT/scale" "$OUT/training"
"$BIN" report --db "$DB" --out "$OUT/scale" "${TASKS[@]}" --title "Pythia across scale (final checkpoints, zero-shot)"
"$BIN" report --db "$DB" --out "$OUT/training" "${TASKS[@]}" --along training --bootstrap 50 \
    --title "Pythia along training (one curve per size, from where learning begins)"
rm -f "$DB" "$DB-wal" "$DB-shm"
echo
echo "reports: $OUT/scale/report.md, $OUT/training/report.md; verdicts: $OUT/mirage-*.csv"
