"""load: ~RATE req/s of quotes and product lookups from seven tenants through front.py for SECONDS s, plus
alderhythe's inventory report at each of REPORT_AT (s). usage: load.py PORT SECONDS RATE REPORT_AT"""
import http.client, random, sys, threading, time
port, seconds, rate = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
reports = [float(x) for x in sys.argv[4].split(",") if x]
rnd = random.Random(29)
TENANTS = ["brackenfield", "cowling", "thwaite", "ousby", "keld", "marsden", "hebble", "alderhythe"]
def get(path, tenant):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=120); c.request("GET", path, headers={"X-Tenant": tenant})
        r = c.getresponse(); r.read(); c.close(); return r.status
    except OSError: return 0
def report(at):
    time.sleep(at); print("report", get("/reports/inventory.csv", "alderhythe"), flush=True)
for at in reports: threading.Thread(target=report, args=(at,)).start()
t0 = time.monotonic(); n = 0
while time.monotonic() - t0 < seconds:
    t = rnd.choice(TENANTS)
    get(f"/api/quotes/{rnd.randint(1, 500000)}" if rnd.random() < 0.6 else f"/api/products/{rnd.randint(1, 20000)}", t)
    n += 1
    time.sleep(max(0, t0 + n / rate - time.monotonic()))
print(f"sent {n} requests")
