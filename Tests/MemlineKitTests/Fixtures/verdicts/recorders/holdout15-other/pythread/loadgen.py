"""loadgen.py PORT SECONDS: drives tenantdesk from 4 client threads: rate lookups (~16/s over 30 tenants), invoices
(~8/s), health checks (1/s) and a ledger report every ~7 s. Connection errors (the service restarting) are counted
and retried after a pause."""
import http.client, random, sys, threading, time, uuid

port, seconds = int(sys.argv[1]), float(sys.argv[2])
end = time.time() + seconds
errors = [0]
TENANTS = ["tn-%s" % n for n in ("alder", "birch", "cedar", "dune", "ember", "fjord", "gale", "heath", "iris", "juniper",
                                 "kelp", "larch", "moss", "nettle", "oak", "pine", "quill", "reed", "sage", "thistle",
                                 "umber", "vale", "willow", "yarrow", "zinnia", "aster", "bracken", "clover", "dock", "elm")]


def get(path, ua, ip):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        c.request("GET", path, headers={"X-Request-Id": str(uuid.uuid4()), "User-Agent": ua, "X-Forwarded-For": ip})
        c.getresponse().read()
        c.close()
    except OSError:
        errors[0] += 1
        time.sleep(1.0)


def rates_client(k):
    rng = random.Random(k)
    while time.time() < end:
        t = rng.choice(TENANTS)
        get("/t/%s/rates?base=%s" % (t, rng.choice(["EUR", "USD", "GBP", "SEK"])), "pricing-sync/2.3", "10.8.1.%d" % (20 + k))
        time.sleep(rng.uniform(0.08, 0.17))


def misc_client():
    rng = random.Random(99)
    last_report, last_health = time.time() - 3, 0
    while time.time() < end:
        now = time.time()
        if now - last_report > 7:
            last_report = now
            get("/t/%s/reports/ledger" % rng.choice(TENANTS), "Mozilla/5.0 (dashboard)", "10.8.4.%d" % rng.randrange(2, 200))
        elif now - last_health > 1:
            last_health = now
            get("/healthz", "kube-probe/1.28", "10.8.0.1")
        else:
            get("/t/%s/invoices/INV-%06d" % (rng.choice(TENANTS), rng.randrange(999999)), "billing-ui/5.1", "10.8.3.%d" % rng.randrange(2, 200))
            time.sleep(rng.uniform(0.08, 0.16))


ts = [threading.Thread(target=rates_client, args=(k,)) for k in range(2)] + [threading.Thread(target=misc_client)]
for t in ts: t.start()
for t in ts: t.join()
print("loadgen: %d connection errors" % errors[0], file=sys.stderr)
