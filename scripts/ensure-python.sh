#!/usr/bin/env bash
# The Python packages the notebook tests use (validate and execute notebooks).
set -euo pipefail
PY=${PYTHON:-python3}
# make test requires the notebook test to run, so a missing python3 stops it here with the reason.
command -v "$PY" >/dev/null || { echo "python3 not found: the notebook tests need it (install python3 and pip, or set PYTHON=...)" >&2; exit 1; }
if ! "$PY" -c "import nbformat, nbclient, pandas, matplotlib, ipykernel" 2>/dev/null; then
  echo "Installing Python packages for notebook tests: nbformat nbclient pandas matplotlib ipykernel"
  "$PY" -m pip install -q nbformat nbclient pandas matplotlib ipykernel
fi
