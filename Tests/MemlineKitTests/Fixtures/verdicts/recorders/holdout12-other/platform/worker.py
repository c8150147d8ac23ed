#!/usr/bin/env python3
"""harborbook worker dyno: an RQ-like worker (stdlib Python 3.11) running SendReminder (~1.5/s, small) and
SyncTideTable (every ~12 s, ~8 MB of rows for a moment). Logs in RQ's worker format to stdout."""
import random
import sys
import time
import uuid

rng = random.Random(88)


def out(msg):
    sys.stdout.write(time.strftime("%H:%M:%S", time.gmtime()) + " " + msg + "\n")
    sys.stdout.flush()


out("Worker rq:worker:" + uuid.uuid4().hex[:32] + " started with PID " + str(__import__("os").getpid()) + ", version 1.15.1")
out("*** Listening on default, mailers...")
next_sync = time.time() + 12
while True:
    if time.time() >= next_sync:
        jid = str(uuid.uuid4())
        out(f"default: harborbook.jobs.sync_tide_table(port='SOUTHAMPTON') ({jid})")
        rows = [f"{i}|{rng.random():.5f}|tide" * 3 for i in range(60000)]
        time.sleep(0.8)
        del rows
        out(f"default: Job OK ({jid})")
        next_sync = time.time() + 11 + rng.random() * 3
    jid = str(uuid.uuid4())
    out(f"mailers: harborbook.jobs.send_reminder(booking_id={rng.randint(100000, 999999)}) ({jid})")
    time.sleep(0.05 + rng.random() * 0.1)
    out(f"mailers: Job OK ({jid})")
    time.sleep(-__import__("math").log(1 - rng.random()) / 1.5)
