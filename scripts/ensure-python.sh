#!/usr/bin/env bash
# The Python packages the notebook tests use (validate and execute notebooks).
set -euo pipefail
PY=${PYTHON:-python3}
command -v "$PY" >/dev/null || { echo "python3 not found: notebook tests will be skipped"; exit 0; }
if ! "$PY" -c "import nbformat, nbclient, pandas, matplotlib, ipykernel" 2>/dev/null; then
  echo "Installing Python packages for notebook tests: nbformat nbclient pandas matplotlib ipykernel"
  "$PY" -m pip install -q nbformat nbclient pandas matplotlib ipykernel
fi
