"""Replays echo-sounder fixes to fathomd over TCP at a steady rate (the harbour's AIS/NMEA bridge)."""
import random, socket, sys, time
port, seconds, rate = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(28)
vessels = [f"V{n:04d}" for n in range(180)]
# each vessel steams along its own heading; a new chart tile every few seconds per vessel
pos = {v: [-36.84 + rnd.uniform(-0.5, 0.5), 174.76 + rnd.uniform(-0.5, 0.5), rnd.uniform(-1, 1), rnd.uniform(-1, 1)] for v in vessels}
s = socket.create_connection(("127.0.0.1", port))
t0 = time.time(); sent = 0; seq = 0
while time.time() - t0 < seconds:
    batch = []
    for _ in range(rate // 20):
        seq += 1
        v = rnd.choice(vessels)
        # ~9 % of fixes arrive late through the satellite relay
        age = rnd.randint(4200, 30000) if rnd.random() < 0.09 else rnd.randint(40, 1800)
        p = pos[v]; p[0] += 0.0045 * p[2]; p[1] += 0.0045 * p[3]
        lat, lon = p[0], p[1]
        batch.append(f"FIX {v} {seq} {lat:.5f} {lon:.5f} {rnd.uniform(3, 60):.1f} {age}\n")
    s.sendall("".join(batch).encode()); sent += len(batch)
    time.sleep(0.05)
s.close()
print(f"sent {sent} fixes in {time.time() - t0:.0f}s")
