"""Tank telemetry feed for kilnhurst: RATE readings/s over one TCP connection for SECONDS s, reconnecting when
the daemon restarts. Recipes are drawn from 5,000 ids (the 4,096-slot cache fills and then mostly hits);
NOTE_PCT % of readings carry a brewer's note ("note dry hop added ...")."""
import random, socket, sys, time

port, seconds, rate, note_pct = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
end = time.time() + seconds
sent = reconnects = 0
rnd = random.Random(27)
notes = ["dry hop added {} g citra", "gravity check by {}", "temp probe recalibrated {}", "yeast pitched batch {}"]

def connect():
    while time.time() < end:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=2)
        except OSError:
            time.sleep(0.2)
    return None

s = connect()
while s and time.time() < end:
    t0 = time.time()
    batch = []
    for _ in range(rate // 20):
        tank = rnd.randrange(64)
        recipe = int(rnd.paretovariate(1.2) * 40) % 5000
        line = "TANK %d %d %.2f %.4f" % (tank, recipe, 18 + rnd.random() * 4, 1.010 + rnd.random() * 0.05)
        if rnd.random() * 100 < note_pct:
            line += " note " + rnd.choice(notes).format(rnd.randrange(1000)) + " " + "." * 600
        batch.append(line + "\n")
    try:
        s.sendall("".join(batch).encode())
        sent += len(batch)
    except OSError:
        reconnects += 1
        s.close()
        s = connect()
    time.sleep(max(0, 0.05 - (time.time() - t0)))
print("sent %d readings, %d reconnects" % (sent, reconnects), file=sys.stderr)
