#!/usr/bin/env python3
"""saltmarsh worker dyno: an RQ-like worker with a scheduler (stdlib Python 3.11). It runs
saltmarsh.jobs.send_berth_reminder (~0.8/s, small) and, once the scheduler's time BATCH_AT (Unix seconds) comes,
the nightly saltmarsh.jobs.rebuild_tide_tables job: harmonic constituents for every station, loaded at ~24 MB/s up
to ~1.15 GB and held while the tables are solved. A job that is not finished when the process dies is not retried
(the scheduler runs it again the next night). Logs in RQ's worker format to stdout."""
import math
import os
import random
import sys
import time
import uuid

rng = random.Random(4417)
BATCH_AT = float(os.environ.get("BATCH_AT", "0") or 0)


def out(msg):
    sys.stdout.write(time.strftime("%H:%M:%S", time.gmtime()) + " " + msg + "\n")
    sys.stdout.flush()


out(f"Worker rq:worker:{uuid.uuid4().hex}: started with PID {os.getpid()}, version 1.15.1")
out("*** Listening on default, tides...")
batch_done = BATCH_AT <= 0 or time.time() > BATCH_AT + 5
while True:
    if not batch_done and time.time() >= BATCH_AT:
        batch_done = True
        jid = str(uuid.uuid4())
        out("Scheduler: enqueued nightly-tide-tables (saltmarsh.jobs.rebuild_tide_tables)")
        out(f"tides: saltmarsh.jobs.rebuild_tide_tables(region='east-anglia') ({jid})")
        tables = []
        for i in range(1150):
            tables.append(bytearray(1 << 20))
            time.sleep(1 / 24)
            if i % 200 == 199:
                out(f"saltmarsh.tides: loaded constituents for {(i + 1) // 10} of 115 stations ({i + 1} MB)")
        out("saltmarsh.tides: solving 115 stations x 37 constituents")
        time.sleep(600)
    jid = str(uuid.uuid4())
    out(f"default: saltmarsh.jobs.send_berth_reminder(booking_id={rng.randint(10000, 99999)}) ({jid})")
    time.sleep(0.02 + rng.random() * 0.06)
    out(f"default: Job OK ({jid})")
    out("Result is kept for 500 seconds")
    time.sleep(-math.log(1 - rng.random()) / 0.8)
