"""Outbox relay: every 2 s picks up a small batch of events and 'ships' them (a frequent small job)."""
import json
import logging
import os
import random
import sys
import time

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s",
                    stream=sys.stderr)
logging.Formatter.converter = time.gmtime
log = logging.getLogger("outbox")

log.info("outbox relay started pid=%d", os.getpid())
while True:
    t0 = time.time()
    batch = [{"id": random.randint(1, 10**9), "payload": "x" * random.randint(200, 4000)} for _ in range(random.randint(5, 60))]
    wire = json.dumps(batch)
    log.info("OutboxFlushJob shipped %d events (%d bytes) in %.3fs", len(batch), len(wire), time.time() - t0)
    time.sleep(2)
