"""Traffic for the gullmere emulation: ~90 arrivals lookups/s over 6 threads, and the timetable export at the
times given (a slow client: ~25 MB/s)."""
import http.client, random, sys, threading, time
port, seconds, exports = int(sys.argv[1]), float(sys.argv[2]), [float(x) for x in sys.argv[3].split(",")]
t0 = time.time(); counts = {"arrivals": 0, "export": 0}

def lookups(seed):
    rnd = random.Random(seed); c = http.client.HTTPConnection("127.0.0.1", port)
    while time.time() - t0 < seconds:
        q = rnd.choice(["", "", "route=G12", "accessible=1"])
        c.request("GET", f"/stops/{rnd.randint(1, 399)}/arrivals" + (f"?{q}" if q else ""))
        c.getresponse().read(); counts["arrivals"] += 1
        time.sleep(0.065)

def export(at):
    time.sleep(at)
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    c.request("GET", "/exports/timetable.csv"); r = c.getresponse()
    while r.read(1 << 20): time.sleep(0.04)
    counts["export"] += 1

ts = [threading.Thread(target=lookups, args=(i,)) for i in range(6)] + [threading.Thread(target=export, args=(a,)) for a in exports]
[t.start() for t in ts]; [t.join() for t in ts]
print(counts)
