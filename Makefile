# emerge — the two commands (docs/design.md#the-two-commands) and the reproduction targets.
# Every target first installs missing system packages (only when missing).

SWIFT ?= swift
APT_PACKAGES := libopenblas-dev libsqlite3-dev
TEST_APT_PACKAGES := librsvg2-bin
RELEASE_BIN := .build/release/emerge-analyze
# Release builds compile our own Swift kernels (layer norm, GELU, attention,
# logit statistics, AdamW) for AVX2 + FMA when this CPU has both: 10–15% on
# scoring and training here; without the flag Swift emits SSE2 only. OpenBLAS
# picks its kernels at run time either way. Override with CPU_FLAGS=.
CPU_FLAGS ?= $(shell grep -qw avx2 /proc/cpuinfo 2>/dev/null && grep -qw fma /proc/cpuinfo && echo -Xswiftc -target-cpu -Xswiftc haswell)
RELEASE := -c release $(CPU_FLAGS)

.PHONY: all deps test-deps build release test demo interop bench reproduce-mirage reproduce-chinchilla reproduce-cot reproduce-pythia reproduce-predict reproduce-elicitation clean

all: build

# Install what is missing, and run `apt-get update` only when something is.
deps:
	@bash scripts/ensure-deps.sh $(APT_PACKAGES)

test-deps:
	@bash scripts/ensure-deps.sh $(APT_PACKAGES) $(TEST_APT_PACKAGES)
	@bash scripts/ensure-python.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE) --product emerge-analyze

# The notebook test is skipped where Python's packages are missing; here
# test-deps has installed them, so it must run.
test: test-deps
	$(SWIFT) build --build-tests
	EMERGE_REQUIRE_NOTEBOOK_TOOLS=1 $(SWIFT) test --skip-build --parallel --num-workers 2

demo: release
	@bash scripts/demo.sh $(RELEASE_BIN)

# Real OpenAI clients (the openai package, lm-evaluation-harness) against `serve`, installed with pip
# into a throw-away environment (docs/serving.md#interop-checks). Needs PyPI; not part of `make test`.
interop: deps
	$(SWIFT) build --product emerge-analyze
	@bash scripts/interop/run.sh .build/debug/emerge-analyze

# The PyTorch peer runs after our benchmarks when this Python has torch and
# transformers (scripts/peer-pytorch.py says how to install them): the
# issues quote peer figures from another machine; this measures them here,
# then times training against the peer in alternating pairs (the ratio to quote).
PEER_PYTHON ?= python3

bench: deps
	@# One product per call: given two --product flags, swift build builds only the last.
	$(SWIFT) build $(RELEASE) --product emerge-bench
	$(SWIFT) build $(RELEASE) --product emerge-analyze
	.build/release/emerge-bench
	@if $(PEER_PYTHON) -c "import torch, transformers" 2>/dev/null; then \
		echo "== PyTorch peer on this machine =="; $(PEER_PYTHON) scripts/peer-pytorch.py; \
		echo "== training, emerge and the peer in turn =="; bash scripts/training-vs-peer.sh .build/release/emerge-bench $(PEER_PYTHON); \
	else echo "PyTorch peer: skipped ($(PEER_PYTHON) lacks torch/transformers; see scripts/peer-pytorch.py, PEER_PYTHON=...)"; fi

reproduce-mirage: release
	@bash scripts/reproduce-mirage.sh $(RELEASE_BIN)

reproduce-chinchilla: release
	$(RELEASE_BIN) fit-loss data/chinchilla_svg_extracted.csv --law chinchilla \
		--n-column "Model Size" --loss-column loss --flops-column "Training FLOP" \
		--exclude-top 5 --bootstrap 200

# Three seeds per size, about 23 minutes on two idle cores; QUICK=1: the small ladder (a few minutes), reported to notebooks-export/cot-quick/.
reproduce-cot: release
	@bash scripts/reproduce-cot.sh $(RELEASE_BIN) $(if $(QUICK),--quick)

# Personas, instructions, exemplars, chain of thought (and self-verification and
# confidence where the binary has them) across a word-problem ladder trained on
# every framing, two seeds per size (notebooks-export/elicitation/; about 17 minutes on two idle cores).
reproduce-elicitation: release
	@bash scripts/reproduce-elicitation.sh $(RELEASE_BIN)

# Pythia's published evaluations, across scale and along training (notebooks-export/pythia/).
reproduce-pythia: release
	@bash scripts/reproduce-pythia.sh $(RELEASE_BIN)

# Every prediction method backtested on the simulated family, Pythia and (when
# its store exists) the trained ladder; never trains (notebooks-export/predict/).
reproduce-predict: release
	@bash scripts/reproduce-predict.sh $(RELEASE_BIN)

clean:
	rm -rf .build
