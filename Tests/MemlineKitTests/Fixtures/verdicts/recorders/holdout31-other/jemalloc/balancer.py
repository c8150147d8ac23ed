"""Plays the balancer and the shippers in front of brimcombe: tenants post labels at their own rates, each routed
to worker 1 + crc32(tenant) % WORKERS (nginx `hash $http_x_tenant`); a manifest export every EXPORT_EVERY s from
the next tenant in turn. usage: balancer.py BASEPORT WORKERS SECONDS EXPORT_EVERY"""
import http.client, json, random, sys, threading, time, zlib

base, workers, seconds, export_every = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
# tenant -> (labels per second, barcode template)
TENANTS = {"harrowgate-freight": (26, True), "pellbury-parcels": (24, False), "ostlea-couriers": (30, False),
           "dunmarsh-logistics": (22, False), "kestwick-direct": (28, False), "corbyn-mail": (26, False),
           "brenton-post": (22, False), "fenwold-express": (24, False)}
rnd = random.Random(3117)
counts = {}
lock = threading.Lock()


def worker_for(t): return 1 + zlib.crc32(t.encode()) % workers


def send(method, path, tenant, body=None):
    c = http.client.HTTPConnection("127.0.0.1", base + worker_for(tenant), timeout=60)
    hdr = {"X-Tenant": tenant}
    if body: hdr["Content-Type"] = "application/json"
    c.request(method, path, body=body, headers=hdr); r = c.getresponse(); r.read(); c.close()
    with lock: counts[(tenant, path)] = counts.get((tenant, path), 0) + 1


def shipper(tenant, rate, barcode, stop):
    i = 0
    while time.monotonic() < stop:
        i += 1
        body = {"shipment": f"{tenant[:3].upper()}-{i:07d}", "service": rnd.choice(["next-day", "48h", "pallet", "signed"]),
                "to": {"name": "Receiving", "line1": f"{rnd.randint(1, 400)} Mill Lane", "postcode": f"BR{rnd.randint(1, 29)} {rnd.randint(1, 9)}QT"},
                "weight_g": rnd.randint(200, 30000)}
        if barcode: body["barcode"] = "gs1-128"
        try: send("POST", "/v2/labels", tenant, json.dumps(body, separators=(",", ":")))
        except OSError: pass
        time.sleep(max(0.0, rnd.expovariate(rate)))


t0 = time.monotonic(); stop = t0 + seconds
for t in TENANTS: print(f"{t} -> worker {worker_for(t)}", flush=True)
ths = [threading.Thread(target=shipper, args=(t, r, b, stop), daemon=True) for t, (r, b) in TENANTS.items()]
for th in ths: th.start()
order = ["kestwick-direct", "ostlea-couriers", "corbyn-mail", "pellbury-parcels", "brenton-post", "dunmarsh-logistics", "fenwold-express"]
k = 0; nxt = t0 + 9
while time.monotonic() < stop:
    if time.monotonic() >= nxt:
        tn = order[k % len(order)]; k += 1
        print(f"{time.monotonic() - t0:.0f}s export {tn} -> worker {worker_for(tn)}", flush=True)
        threading.Thread(target=send, args=("GET", "/v2/manifests/export", tn), daemon=True).start()
        nxt += export_every
    time.sleep(0.2)
for th in ths: th.join()
for k2, v in sorted(counts.items()): print(k2, v)
