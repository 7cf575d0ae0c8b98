#!/usr/bin/env python3
"""The PyTorch peer of `make bench`, measured on the machine that runs it.

The issues quote peer figures (PyTorch eager + transformers, 2 threads) from
the machine they were written on. This script measures the same three
workloads with the same shapes here, so emerge's figures can be set beside a
peer run on the same CPU:

  scoring   GPT-2 small (random weights, fp32), 8 x 128 tokens, forward +
            log-softmax + target log-probs + entropy, no grad
  generate  the same model, greedy, batch 1, KV cache, 128 tokens after 16
  training  GPT-2 width 128, depth 4, 4 heads, vocab 16, context 32,
            batch 64, AdamW + clipping, best of three 20-step windows

Needs torch and transformers (not a dependency of emerge):
    python3 -m venv /tmp/peer && /tmp/peer/bin/pip install torch transformers
    /tmp/peer/bin/python scripts/peer-pytorch.py [scoring] [generate] [training]
"""
import sys
import time

import torch
import transformers
from transformers import GPT2Config, GPT2LMHeadModel

transformers.logging.set_verbosity_error()

torch.set_num_threads(2)
torch.manual_seed(0)


def best_of(runs, fn):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def scoring_and_generation(which):
    model = GPT2LMHeadModel(GPT2Config()).eval()
    ids = torch.randint(0, 50257, (8, 128))

    @torch.no_grad()
    def forward():
        return model(ids).logits

    @torch.no_grad()
    def score():
        # What emerge's scoring returns: target log-prob, rank and entropy per position.
        logits = forward()[:, :-1]
        logp = torch.log_softmax(logits, dim=-1)
        target = logp.gather(-1, ids[:, 1:, None])
        _ = (logp > target).sum(-1) + 1
        _ = -(logp.exp() * logp).sum(-1)

    if "scoring" in which:
        for name, fn in [("forward only", forward), ("log-prob, rank, entropy", score)]:
            fn()
            seconds = best_of(3, fn)
            print(f"peer scoring 8 x 128 ({name}): {1024 / seconds:.0f} tokens/s ({seconds:.3f} s)")
    if "generate" in which:
        prompt = ids[:1, :16]

        @torch.no_grad()
        def generate():
            model.generate(prompt, max_new_tokens=128, min_new_tokens=128, do_sample=False,
                           pad_token_id=0, use_cache=True)

        generate()
        seconds = best_of(2, generate)
        print(f"peer greedy generation, batch 1: {128 / seconds:.1f} tokens/s")


def training():
    config = GPT2Config(vocab_size=16, n_positions=32, n_embd=128, n_layer=4, n_head=4,
                        resid_pdrop=0, embd_pdrop=0, attn_pdrop=0, bos_token_id=0, eos_token_id=0)
    model = GPT2LMHeadModel(config).train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    tokens = torch.randint(0, 16, (64, 32))

    def step():
        loss = model(tokens, labels=tokens).loss
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()

    for _ in range(3):
        step()
    seconds = best_of(3, lambda: [step() for _ in range(20)])
    print(f"peer training w128 d4 B64 T32: {20 * 64 * 32 / seconds:.0f} tokens/s ({seconds / 20 * 1000:.1f} ms/step)")


if __name__ == "__main__":
    which = set(sys.argv[1:]) or {"scoring", "generate", "training"}
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    if which & {"scoring", "generate"}:
        scoring_and_generation(which)
    if "training" in which:
        training()
