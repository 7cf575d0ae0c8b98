#!/usr/bin/env python3
"""Writes the chat-template fixtures: for each template in templates/, a
tokenizer folder (the gpt2-tiny byte-level BPE tokenizer with the template's
special tokens added, tokenizer_config.json with the template and its special
tokens) and cases.json with, per conversation, the text and the token ids that
Hugging Face `apply_chat_template` produces (or the error it raises).

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install transformers jinja2
    /tmp/venv/bin/python make_chat_fixtures.py PATH/TO/gpt2-tiny/tokenizer.json

It also writes ../../ModelServerTests/Fixtures/chat/: a template for the
gpt2-tiny checkpoint itself (no added tokens, so the model can read every id)
and the ids Hugging Face gives for a few conversations with it.
"""
import json, os, sys
import transformers
from transformers import PreTrainedTokenizerFast

here = os.path.dirname(os.path.abspath(__file__))
base_tokenizer = sys.argv[1]

templates = {
    "chatml": {"added": ["<|im_start|>", "<|im_end|>"], "tokens": {"eos_token": "<|im_end|>"}},
    "llama3": {"added": ["<|begin_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"],
               "tokens": {"bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>"}},
    "alternating": {"added": ["<s>", "</s>"], "tokens": {"bos_token": "<s>", "eos_token": "</s>"}},
    "constructs": {"added": [], "tokens": {"eos_token": "<|endoftext|>"}},
}

conversations = [
    [{"role": "user", "content": "What is 47+821?"}],
    [{"role": "system", "content": "You are an expert mathematician who answers precisely."},
     {"role": "user", "content": "Q: 047+821= A:"}],
    [{"role": "system", "content": "  Be brief.  "},
     {"role": "user", "content": "Q: 12+34= A:"},
     {"role": "assistant", "content": "Let's think step by step.\n12+34=46\nThe answer is 046."},
     {"role": "user", "content": "  Q: 5+5= A:\n"}],
    [{"role": "user", "content": "Ünïcödé ✓ 数学 🙂 and\ttabs"},
     {"role": "assistant", "content": "skip  this  one"},
     {"role": "user", "content": "second  question"}],
]
bad_conversations = [
    [{"role": "user", "content": "one"}, {"role": "user", "content": "two"}],
    [{"role": "user", "content": "hi"}, {"role": "tool", "content": "42"}],
]

cases = []
for name, spec in templates.items():
    source = open(os.path.join(here, "templates", name + ".jinja")).read()
    tok = PreTrainedTokenizerFast(tokenizer_file=base_tokenizer, **spec["tokens"])
    if spec["added"]:
        tok.add_special_tokens({"additional_special_tokens": spec["added"]})
    tok.chat_template = source
    folder = os.path.join(here, "tokenizers", name)
    tok.save_pretrained(folder)
    for conversation in conversations + bad_conversations:
        for generation_prompt in (True, False):
            case = {"template": name, "messages": conversation, "add_generation_prompt": generation_prompt}
            try:
                case["text"] = tok.apply_chat_template(conversation, tokenize=False, add_generation_prompt=generation_prompt)
                ids = tok.apply_chat_template(conversation, tokenize=True, add_generation_prompt=generation_prompt)
                case["ids"] = list(ids["input_ids"] if hasattr(ids, "keys") else ids)
            except Exception as error:  # the template's own raise_exception
                case["error"] = str(error)
            cases.append(case)
    # Continuing a final assistant message (vLLM's continue_final_message).
    partial = conversations[2][:3]
    text = tok.apply_chat_template(partial, tokenize=False, continue_final_message=True)
    ids = tok.apply_chat_template(partial, tokenize=True, continue_final_message=True)
    cases.append({"template": name, "messages": partial, "add_generation_prompt": False, "continue_final_message": True,
                  "text": text, "ids": list(ids["input_ids"] if hasattr(ids, "keys") else ids)})

with open(os.path.join(here, "cases.json"), "w") as f:
    json.dump({"made_with": f"transformers {transformers.__version__}", "cases": cases}, f, ensure_ascii=False, indent=1)

# The server's fixture: gpt2-tiny's own tokenizer with a plain-text template.
server = os.path.join(here, "..", "..", "ModelServerTests", "Fixtures", "chat")
os.makedirs(server, exist_ok=True)
server_template = open(os.path.join(server, "plain-chat.jinja")).read()
tok = PreTrainedTokenizerFast(tokenizer_file=base_tokenizer, eos_token="<|endoftext|>")
tok.chat_template = server_template
server_cases = []
for conversation in conversations[:3]:
    ids = tok.apply_chat_template(conversation, tokenize=True, add_generation_prompt=True)
    server_cases.append({"messages": conversation,
                         "ids": list(ids["input_ids"] if hasattr(ids, "keys") else ids)})
with open(os.path.join(server, "expected-ids.json"), "w") as f:
    json.dump({"made_with": f"transformers {transformers.__version__}", "cases": server_cases}, f, ensure_ascii=False, indent=1)
print(f"{len(cases)} template cases, {len(server_cases)} server cases")
