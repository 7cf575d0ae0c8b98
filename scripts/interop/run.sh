#!/usr/bin/env bash
# make interop: real OpenAI clients against `emerge-analyze serve` (scripts/interop/check.py says what is checked).
# Installs openai, lm-eval and transformers with pip into a throw-away virtual environment, serves the
# test fixture model with a plain-text chat template on a free port, runs the checks, and cleans up.
set -euo pipefail
binary=${1:-.build/debug/emerge-analyze}
model=Tests/ModelServerTests/Fixtures/models/gpt2-tiny
template=Tests/ModelServerTests/Fixtures/chat/plain-chat.jinja
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo "== installing openai, lm-eval[api] and transformers into $work/venv =="
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check openai "lm-eval[api]" transformers

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$binary" serve --model "$model" --served-model-name gpt2-tiny --port "$port" --chat-template "$template" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q "Serving" "$work/serve.log" 2>/dev/null && break; sleep 0.1; done
grep -q "Serving" "$work/serve.log" || { cat "$work/serve.log"; exit 1; }

HF_DATASETS_OFFLINE=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false \
    "$work/venv/bin/python" scripts/interop/check.py "http://127.0.0.1:$port/v1" gpt2-tiny "$model" "$template" "$binary"
