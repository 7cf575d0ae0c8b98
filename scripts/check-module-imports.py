#!/usr/bin/env python3
"""Checks that every target of Package.swift declares exactly the modules its Swift sources import
(toolchain modules aside). Run from the repository root: python3 scripts/check-module-imports.py"""
import json, os, re, subprocess, sys
root = sys.argv[1] if len(sys.argv) > 1 else '.'
pkg = json.loads(subprocess.check_output(['swift', 'package', 'dump-package'], cwd=root))
system = {'Foundation', 'FoundationNetworking', 'FoundationXML', 'Glibc', 'Darwin', 'Dispatch', 'Testing', 'XCTest', 'os'}
bad = False
for t in pkg['targets']:
    name, kind = t['name'], t['type']
    if kind == 'system': continue
    path = t.get('path') or os.path.join('Tests' if kind == 'test' else 'Sources', name)
    imports = set()
    for d, _, files in os.walk(os.path.join(root, path)):
        if 'Fixtures' in d.split(os.sep): continue
        for f in files:
            if f.endswith('.swift'):
                for line in open(os.path.join(d, f), encoding='utf-8'):
                    m = re.match(r'(?:@testable |@preconcurrency |@_exported )?import (?:struct |class |enum |func )?([A-Za-z_][A-Za-z0-9_]*)', line)
                    if m: imports.add(m.group(1))
    declared = set()
    for dep in t['dependencies']:
        for key in ('byName', 'target', 'product'):
            if key in dep: declared.add(dep[key][0].replace('-', '_'))
    imports -= system
    missing, unused = imports - declared, declared - imports
    if missing or unused:
        bad = True
        print(f'{name}: missing {sorted(missing)} unused {sorted(unused)}')
print('all targets declare exactly what they import' if not bad else 'mismatches above')
sys.exit(1 if bad else 0)
