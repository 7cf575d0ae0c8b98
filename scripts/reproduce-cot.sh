#!/usr/bin/env bash
# make reproduce-cot (SPEC §9, §10): standard vs chain-of-thought vs
# self-consistency across a ladder, report to notebooks-export/cot/.
# Not available yet: it needs a ladder trained with scratchpad examples
# (issue 7). `emerge-analyze eval --ladder DIR --strategy S` works today.
echo "reproduce-cot: not available yet — the ladder's scratchpad training mix is still open (issue 7); use 'emerge-analyze eval --ladder DIR --task add3 --strategy zero-shot-cot' meanwhile." >&2
exit 1
