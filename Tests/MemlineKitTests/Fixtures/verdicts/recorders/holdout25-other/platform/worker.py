#!/usr/bin/env python3
"""A worker dyno for the h25 platform incidents: an in-process job runner that takes a job every 0.5-1.5 s from
the schedule in JOBS (env, JSON list of {"class", "weight", "kind", "keep"}) and logs one start and one done line
per run (logfmt). Kinds: mail (small), sync (a few MB of transient rows), sweep (~60 MB of transient buffers),
rollup (builds ~ROLLUP_MB of member point rows and keeps the result in _rollup_history; "keep" bounds how many
results are kept, null keeps all of them)."""
import json
import os
import random
import sys
import time
import uuid

APP, RELEASE, DYNO = os.environ["APP"], os.environ["RELEASE"], os.environ["DYNO"]
JOBS = json.loads(os.environ["JOBS"])
ROLLUP_MB = float(os.environ.get("ROLLUP_MB", "20"))
_rollup_history = {}


def log(msg):
    print(msg, flush=True)


def run(job):
    kind = job["kind"]
    if kind == "mail":
        body = "".join(f"line {i}: {random.random()}\n" for i in range(2000))
        time.sleep(0.05)
        return {"sent": 1, "bytes": len(body)}
    if kind == "sync":
        rows = [{"sku": f"SKU{i}", "on_hand": random.randint(0, 500), "loc": f"B{i % 40}"} for i in range(40000)]
        time.sleep(0.1)
        return {"rows": len(rows)}
    if kind == "sweep":
        bufs = [bytearray(4 << 20) for _ in range(15)]
        for b in bufs:
            b[::4096] = b"\x01" * len(b[::4096])
        time.sleep(0.2)
        return {"variants": len(bufs) * 12}
    if kind == "rollup":
        n = int(ROLLUP_MB * 1024 * 1024 / 420)
        rows = [(f"member-{random.randint(10**6, 10**7)}", random.randint(0, 5000), f"tier-{i % 4}",
                 f"2026-12-{1 + i % 7:02d}T{i % 24:02d}:00:00") for i in range(n)]
        run_id = uuid.uuid4().hex[:12]
        _rollup_history[run_id] = rows
        keep = job.get("keep")
        if keep is not None:
            while len(_rollup_history) > keep:
                _rollup_history.pop(next(iter(_rollup_history)))
        return {"members": n, "history": len(_rollup_history)}
    raise ValueError(kind)


log(f"{APP} {RELEASE} worker started (python {sys.version.split()[0]}), {len(JOBS)} job classes")
classes = [j["class"] for j in JOBS]
weights = [j["weight"] for j in JOBS]
while True:
    job = JOBS[classes.index(random.choices(classes, weights)[0])]
    jid = uuid.uuid4().hex[:24]
    queue = job.get("queue", "default")
    log(f"job_class={job['class']} jid={jid} queue={queue} status=start")
    t0 = time.monotonic()
    out = run(job)
    extra = " ".join(f"{k}={v}" for k, v in out.items())
    log(f"job_class={job['class']} jid={jid} queue={queue} status=done duration_ms={(time.monotonic() - t0) * 1000:.0f} {extra}")
    time.sleep(random.uniform(0.5, 1.5))
