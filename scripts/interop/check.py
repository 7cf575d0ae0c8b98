#!/usr/bin/env python3
"""Interop checks of `emerge-analyze serve` with real clients (run by `make interop`).

1. The official `openai` client: models, completions with logprobs and echo,
   chat with logprobs, both streamed (the joined stream must equal the
   non-streamed answer for the same seed), usage chunks, a refused request.
2. lm-evaluation-harness `local-completions` (loglikelihood and generation)
   and `local-chat-completions` (generation with a system instruction) on the
   two tasks in scripts/interop/tasks, compared sample by sample with the
   local inference core (`emerge-analyze score` and `generate`, and Hugging
   Face's own apply_chat_template for the chat prompts).

Usage: check.py BASE_URL MODEL_NAME MODEL_DIR CHAT_TEMPLATE EMERGE_BINARY
Prints what it measured and exits non-zero on the first disagreement.
"""
import json, math, subprocess, sys

base_url, name, model_dir, template_path, binary = sys.argv[1:6]
failures = []


def check(condition, what):
    print(("ok    " if condition else "FAIL  ") + what)
    if not condition:
        failures.append(what)


def local_generate(prompt, max_tokens):
    out = subprocess.run([binary, "generate", "--model", model_dir, "--prompt", prompt, "--max-tokens", str(max_tokens),
                          "--temperature", "0", "--stop", "\n", "--stop-at-eos"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["text"]


def local_loglikelihood(context, continuation):
    """Σ log p of the continuation's tokens, tokenized apart from the context as the harness does."""
    from transformers import AutoTokenizer
    tok = local_loglikelihood.tok = getattr(local_loglikelihood, "tok", None) or AutoTokenizer.from_pretrained(model_dir)
    ctx, cont = tok(context)["input_ids"], tok(continuation)["input_ids"]
    assert tok(context + continuation)["input_ids"] == ctx + cont, "joint tokenization differs; pick other examples"
    rows = json.loads(subprocess.run([binary, "score", "--model", model_dir, "--text", context + continuation, "--format", "json"],
                                     check=True, capture_output=True, text=True).stdout)
    return sum(r["logprob"] for r in rows[-len(cont):])


# 1. The openai client.
import openai
client = openai.OpenAI(base_url=base_url, api_key="unused")
check(name in [m.id for m in client.models.list().data], "openai: models.list() names the served model")
c = client.completions.create(model=name, prompt="Permission is hereby", max_tokens=0, echo=True, logprobs=2)
check(c.choices[0].text == "Permission is hereby" and c.choices[0].logprobs.token_logprobs[0] is None
      and all(len(t) >= 2 for t in c.choices[0].logprobs.top_logprobs[1:]), "openai: completions echo + logprobs=2")
plain = client.completions.create(model=name, prompt="The license", max_tokens=24, temperature=0.9, seed=5, logprobs=1)
pieces = list(client.completions.create(model=name, prompt="The license", max_tokens=24, temperature=0.9, seed=5, logprobs=1,
                                        stream=True, stream_options={"include_usage": True}))
text = "".join(p.choices[0].text for p in pieces if p.choices)
check(text == plain.choices[0].text and len(text) > 0, f"openai: streamed completion equals the plain one ({len(pieces)} chunks)")
check(pieces[-1].usage is not None and pieces[-1].usage.completion_tokens == plain.usage.completion_tokens,
      "openai: stream_options.include_usage gives a final usage chunk")
messages = [{"role": "system", "content": "Answer briefly."}, {"role": "user", "content": "Who may use the software?"}]
chat = client.chat.completions.create(model=name, messages=messages, max_tokens=20, temperature=0.7, seed=11,
                                      logprobs=True, top_logprobs=3)
tokens = chat.choices[0].logprobs.content
check(chat.choices[0].message.role == "assistant" and len(tokens) == chat.usage.completion_tokens
      and all(len(t.top_logprobs) == 3 for t in tokens), "openai: chat with logprobs and top_logprobs=3")
streamed = list(client.chat.completions.create(model=name, messages=messages, max_tokens=20, temperature=0.7, seed=11,
                                               stream=True))
joined = "".join(p.choices[0].delta.content or "" for p in streamed if p.choices)
check(joined == chat.choices[0].message.content and streamed[0].choices[0].delta.role == "assistant",
      f"openai: streamed chat equals the plain one ({len(streamed)} chunks)")
try:
    client.chat.completions.create(model=name, messages=[{"role": "wizard", "content": "x"}], max_tokens=1)
    check(False, "openai: an unknown role is refused")
except openai.BadRequestError as error:
    check("wizard" in str(error), "openai: an unknown role is a 400 (BadRequestError) naming it")

# 2. lm-evaluation-harness against serve, and the local core on the same requests.
import lm_eval
from lm_eval.tasks import TaskManager

tasks = TaskManager(include_path="scripts/interop/tasks")
completions_args = f"model={name},base_url={base_url}/completions,tokenizer={model_dir},tokenized_requests=True,num_concurrent=1"
result = lm_eval.simple_evaluate(model="local-completions", model_args=completions_args,
                                 tasks=["emerge_interop_choice", "emerge_interop_generate"], task_manager=tasks,
                                 log_samples=True, random_seed=0, numpy_random_seed=0, torch_random_seed=0)
choice_samples = result["samples"]["emerge_interop_choice"]
worst, local_correct = 0.0, 0
for sample in choice_samples:
    doc = sample["doc"]
    harness = [r[0][0] for r in sample["resps"]]
    local = [local_loglikelihood(doc["question"], " " + c) for c in doc["choices"]]
    worst = max(worst, max(abs(a - b) for a, b in zip(harness, local)))
    local_correct += int(max(range(len(local)), key=lambda i: local[i]) == doc["gold"])
harness_acc = result["results"]["emerge_interop_choice"]["acc,none"]
local_acc = local_correct / len(choice_samples)
check(worst < 1e-4, f"lm-eval local-completions loglikelihood: {len(choice_samples)} docs × 3 choices, largest |harness − local core| = {worst:.2e}")
check(math.isclose(harness_acc, local_acc), f"lm-eval local-completions acc {harness_acc:.4f} = local core acc {local_acc:.4f}")

gen_samples = result["samples"]["emerge_interop_generate"]
same = sum(int(s["resps"][0][0] == local_generate(s["doc"]["question"], 12)) for s in gen_samples)
nonempty = sum(int(len(s["resps"][0][0]) > 0) for s in gen_samples)
em = result["results"]["emerge_interop_generate"]["exact_match,none"]
check(same == len(gen_samples) and nonempty > 0,
      f"lm-eval local-completions generations equal the local core's: {same}/{len(gen_samples)}, {nonempty} non-empty (exact_match {em:.4f})")

from transformers import AutoTokenizer
tok = AutoTokenizer.from_pretrained(model_dir)
tok.chat_template = open(template_path).read()
system = "You continue license texts."
chat_result = lm_eval.simple_evaluate(model="local-chat-completions",
                                      model_args=f"model={name},base_url={base_url}/chat/completions,num_concurrent=1",
                                      tasks=["emerge_interop_generate"], task_manager=tasks, apply_chat_template=True,
                                      system_instruction=system, log_samples=True)
chat_samples = chat_result["samples"]["emerge_interop_generate"]
same, nonempty = 0, 0
for s in chat_samples:
    nonempty += int(len(s["resps"][0][0]) > 0)
    conversation = [{"role": "system", "content": system}, {"role": "user", "content": s["doc"]["question"]}]
    prompt = tok.apply_chat_template(conversation, tokenize=False, add_generation_prompt=True)
    same += int(s["resps"][0][0] == local_generate(prompt, 12))
chat_em = chat_result["results"]["emerge_interop_generate"]["exact_match,none"]
check(same == len(chat_samples) and nonempty > 0,
      f"lm-eval local-chat-completions generations equal the local core's on Hugging Face's rendering of the same messages: {same}/{len(chat_samples)}, {nonempty} non-empty (exact_match {chat_em:.4f})")

print(f"\n{len(failures)} failed" if failures else "\nall interop checks passed")
sys.exit(1 if failures else 0)
