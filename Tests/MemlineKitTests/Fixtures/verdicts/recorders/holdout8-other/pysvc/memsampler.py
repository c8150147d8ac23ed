#!/usr/bin/env python3
"""The host agent's memory sampler for h8-python-release-memo: every 2 s, one JSON line per fareboard process
(the pid in PIDFILE at that moment): {"ts": ISO-8601 with +00:00, "host", "process", "pid", "rss_kb", "vms_kb"}
from /proc/PID/status.   python3 memsampler.py PIDFILE OUT SECONDS"""
import json
import sys
import time
from datetime import datetime, timezone

pidfile, out, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
end = time.time() + seconds
nxt = time.time()
with open(out, "a", buffering=1) as f:
    while time.time() < end:
        nxt += 2
        try:
            pid = int(open(pidfile).read())
            st = dict(l.split(":", 1) for l in open(f"/proc/{pid}/status"))
            f.write(json.dumps({"ts": datetime.now(timezone.utc).isoformat(timespec="milliseconds"), "host": "fare-api-1",
                                "process": "fareboard", "pid": pid, "rss_kb": int(st["VmRSS"].split()[0]),
                                "vms_kb": int(st["VmSize"].split()[0])}) + "\n")
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(max(0, nxt - time.time()))
