#!/usr/bin/env python3
"""orchardly worker dyno: a Celery-like worker with beat (stdlib Python 3.11). It runs
orchardly.tasks.send_box_reminder (~1/s, small) and, once the scheduler's time BATCH_AT (Unix seconds) comes, the
weekly orchardly.tasks.rebuild_grower_ledger batch: every grower's settlement rows for the year, ~560 MB held for
~40 s while the ledger is reconciled, then freed (bytearrays over the mmap threshold go back to the OS).
Logs in Celery's worker format to stdout."""
import math
import os
import random
import sys
import time
import uuid

rng = random.Random(2207)
BATCH_AT = float(os.environ.get("BATCH_AT", "0") or 0)


def out(msg, proc="MainProcess"):
    t = time.time()
    sys.stdout.write(time.strftime("[%Y-%m-%d %H:%M:%S", time.gmtime(t)) + f",{int(t * 1000) % 1000:03d}: INFO/{proc}] {msg}\n")
    sys.stdout.flush()


out(f"celery@{os.environ.get('DYNO', 'worker.1')} v5.3.6 (emerald-rush) ready. pid={os.getpid()}")
batch_done = BATCH_AT <= 0 or time.time() > BATCH_AT + 5
while True:
    if not batch_done and time.time() >= BATCH_AT:
        batch_done = True
        tid = str(uuid.uuid4())
        out("Scheduler: Sending due task weekly-grower-ledger (orchardly.tasks.rebuild_grower_ledger)", "Beat")
        out(f"Task orchardly.tasks.rebuild_grower_ledger[{tid}] received")
        t0 = time.time()
        rows = []
        for i in range(560):
            rows.append(bytearray(1 << 20))
            if i % 80 == 79:
                time.sleep(0.5)
        out(f"orchardly.ledger: loaded {len(rows)} MB of settlement rows for 412 growers", "ForkPoolWorker-1")
        time.sleep(34)
        n = sum(len(r) for r in rows)
        del rows
        out(f"orchardly.ledger: reconciled {n // (1 << 20)} MB, 412 growers, 0 mismatches", "ForkPoolWorker-1")
        out(f"Task orchardly.tasks.rebuild_grower_ledger[{tid}] succeeded in {time.time() - t0:.3f}s: 412", "ForkPoolWorker-1")
    tid = str(uuid.uuid4())
    out(f"Task orchardly.tasks.send_box_reminder[{tid}] received")
    time.sleep(0.03 + rng.random() * 0.08)
    out(f"Task orchardly.tasks.send_box_reminder[{tid}] succeeded in {0.03 + rng.random() * 0.08:.4f}s: None", "ForkPoolWorker-1")
    time.sleep(-math.log(1 - rng.random()) / 1.0)
