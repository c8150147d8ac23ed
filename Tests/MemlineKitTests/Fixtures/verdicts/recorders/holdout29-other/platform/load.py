"""load: RATE requests/s of departures and vehicle lookups through the router for SECONDS s, plus the fares
export at each of EXPORT_AT (s, comma separated). usage: load.py PORT SECONDS RATE EXPORT_AT"""
import http.client, random, sys, threading, time
port, seconds, rate = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
exports = [float(x) for x in sys.argv[4].split(",") if x]
rnd = random.Random(7)
def get(path):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=120); c.request("GET", path)
        r = c.getresponse(); r.read(); c.close(); return r.status
    except OSError: return 0
def export(at):
    time.sleep(at); print("export", get("/exports/fares.csv"), flush=True)
for at in exports: threading.Thread(target=export, args=(at,)).start()
t0 = time.monotonic(); n = 0
while time.monotonic() - t0 < seconds:
    get(f"/api/stops/{rnd.randint(1, 3000)}/departures" if rnd.random() < 0.7 else f"/api/vehicles/{rnd.randint(1, 1400)}")
    n += 1
    time.sleep(max(0, t0 + n / rate - time.monotonic()))
print(f"sent {n} requests")
