#!/usr/bin/env bash
# Training throughput against the PyTorch peer, measured in turn: emerge,
# peer, emerge, peer, … (ROUNDS pairs, default 3), one ratio per pair.
#
# This machine's speed drifts by ±15% within minutes (the sgemm peak has
# read 133–188 GFLOP/s in one day), so two figures taken minutes apart can
# disagree by more than the difference being measured; a pair run back to
# back shares the machine's state, and the median of the pairs' ratios is
# the figure to quote. `make bench` runs this when the peer is available.
#
#   scripts/training-vs-peer.sh [EMERGE_BENCH] [PYTHON]
set -euo pipefail
BENCH=${1:-.build/release/emerge-bench}
PYTHON=${2:-python3}
ROUNDS=${ROUNDS:-3}
ratios=()
for round in $(seq "$ROUNDS"); do
  ours=$("$BENCH" training | sed -n 's/.*AdamW: \([0-9]*\) tokens\/s.*/\1/p')
  peer=$("$PYTHON" scripts/peer-pytorch.py training | sed -n 's/.*: \([0-9]*\) tokens\/s.*/\1/p')
  if [[ -z "$ours" || -z "$peer" ]]; then
    echo "training-vs-peer: could not read a tokens/s figure (emerge: '${ours}', peer: '${peer}')" >&2
    exit 1
  fi
  ratio=$(awk -v a="$ours" -v b="$peer" 'BEGIN { printf "%.2f", a / b }')
  ratios+=("$ratio")
  echo "pair $round: emerge $ours tokens/s, PyTorch $peer tokens/s, ratio $ratio"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')
echo "training, emerge ÷ PyTorch on this machine: median ratio ${median} × over ${ROUNDS} pairs (target 1.5 ×)"
