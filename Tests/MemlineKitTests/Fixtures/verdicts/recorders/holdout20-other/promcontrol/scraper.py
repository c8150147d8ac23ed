#!/usr/bin/env python3
"""A stand-in for the Prometheus server's scrape: every INTERVAL s GET /metrics and keep the body as
OUT_DIR/metrics-<UTC time>.prom (a missed scrape during the restart is skipped).
    python3 scraper.py PORT OUT_DIR SECONDS INTERVAL"""
import sys
import time
import urllib.request
from datetime import datetime, timezone

PORT, OUT, SECONDS, INTERVAL = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
end = time.monotonic() + SECONDS
nxt = time.monotonic()
while time.monotonic() < end:
    ts = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        body = urllib.request.urlopen(f"http://127.0.0.1:{PORT}/metrics", timeout=3).read()
        with open(f"{OUT}/metrics-{ts}.prom", "wb") as f:
            f.write(body)
    except Exception as e:  # noqa: BLE001
        print("scrape failed:", ts, e, file=sys.stderr)
    nxt += INTERVAL
    time.sleep(max(0.0, nxt - time.monotonic()))
