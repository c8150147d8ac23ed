#!/usr/bin/env python3
"""ledger-rollup, the month-end batch on the same host (run through a symlink named ledger-rollup to python3, in its
own memory cgroup): loads every ledger line of the month into one dict before summing (~8 MB/s) until the kernel
OOM-kills it."""
import sys
import time

rows = {}
n = 0
print("ledger-rollup: loading ledger lines for 2026-11", flush=True)
while True:
    for _ in range(20000):
        rows[n] = ("acct-%07d" % (n % 90001), n * 0.37, "2026-11-%02d" % (n % 30 + 1), "x" * 120)
        n += 1
    time.sleep(0.5)
