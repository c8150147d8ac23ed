"""Turnstiles and the back office against cobhurst: ~RATE check-ins/s with a few gate lookups, and the daily
report every REPORT_EVERY s. usage: gates.py PORT SECONDS RATE REPORT_EVERY"""
import random, socket, sys, time
port, seconds, rate, report_every = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
rnd = random.Random(3030)

def call(method, path, body=b""):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"{method} {path} HTTP/1.0\r\nHost: cobhurst\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
    n = 0
    while True:
        b = s.recv(1 << 16)
        if not b: break
        n += len(b)
    s.close(); return n

t0 = time.monotonic(); next_report = t0 + report_every * 0.6; sent = 0; reports = 0
while time.monotonic() - t0 < seconds:
    t = time.monotonic()
    if t >= next_report:
        call("GET", "/v1/reports/daily"); reports += 1; next_report += report_every
    badge = rnd.randint(100000, 999999)
    body = (f"badge=M{badge}&gate={rnd.randint(0, 4095)}&device=tsl-{rnd.getrandbits(64):016x}&fw=4.2.0&"
            f"sig={rnd.getrandbits(512):0128x}&extra=" + "x" * rnd.randint(600, 1100)).encode()
    call("POST", "/v1/checkins", body); sent += 1
    if sent % 9 == 0: call("GET", f"/v1/gates/{rnd.randint(0, 4095)}")
    lag = t0 + sent / rate - time.monotonic()
    if lag > 0: time.sleep(lag)
print(f"checkins={sent} reports={reports}")
