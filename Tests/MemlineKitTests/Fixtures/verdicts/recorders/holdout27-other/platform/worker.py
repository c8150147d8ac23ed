"""rookhaven-bikes worker (RQ-style log lines): RebalanceDocksJob every ~3 s plans van routes for the docks
(~25 MB of candidate moves, dropped at the end of the job); ReceiptMailerJob now and then."""
import gc
import random
import sys
import time
import uuid

def log(msg):
    print(time.strftime("%H:%M:%S") + " " + msg, flush=True)

log("Worker rq:worker:%s: started, version 1.15.1" % uuid.uuid4().hex[:32])
log("Subscribing to channel rq:pubsub:%s" % uuid.uuid4().hex[:32])
log("*** Listening on default, mailers...")
n = 0
while True:
    n += 1
    jid = str(uuid.uuid4())
    if n % 4 == 0:
        log("mailers: rookhaven.jobs.ReceiptMailerJob(ride=%d) (%s)" % (random.randint(10**6, 10**7), jid))
        time.sleep(0.1)
        log("mailers: Job OK (%s)" % jid)
        log("Result is kept for 500 seconds")
    else:
        log("default: rookhaven.jobs.RebalanceDocksJob(zone='%s') (%s)" % (random.choice(["harbour", "old-town", "uni", "docks"]), jid))
        moves = [[random.random(), random.randint(1, 420), random.randint(1, 420), "van-%d" % (i % 6)] for i in range(180_000)]
        best = min(moves, key=lambda m: m[0])
        del moves
        gc.collect()
        log("default: Job OK (%s)" % jid)
        log("Result is kept for 500 seconds")
    time.sleep(3)
