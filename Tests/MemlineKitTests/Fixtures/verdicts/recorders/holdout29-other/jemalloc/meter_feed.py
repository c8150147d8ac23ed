"""meter_feed: the meter gateway, RATE readings/s for SECONDS s over one TCP connection.
usage: meter_feed.py PORT SECONDS RATE"""
import random, socket, sys, time
port, seconds, rate = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(29)
s = socket.create_connection(("127.0.0.1", port))
t0 = time.monotonic(); n = 0
while time.monotonic() - t0 < seconds:
    batch = []
    for _ in range(rate // 50):
        m = rnd.randint(1, 6000)
        batch.append(f"meter=MT{m:06d} kwh={rnd.uniform(0, 9000):.3f} ts={int(time.time())} tariff={rnd.choice(['flat','eco7','agile','go'])}\n")
    s.sendall("".join(batch).encode()); n += len(batch)
    time.sleep(max(0, t0 + n / rate - time.monotonic()))
s.close()
print(f"sent {n} readings in {time.monotonic() - t0:.0f}s")
