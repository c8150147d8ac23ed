#!/usr/bin/env python3
"""Stations for brackenmoor:  python3 loadgen.py PORT SECONDS BURST_AT BURST_LEN
8 station threads: each connects, sends 2-9 keep-alive requests (POST /v1/obs 85%, GET /v1/stations/<id> 12%,
/healthz 3%) 40-160 ms apart, then hangs up cleanly (FIN) or, for ~30% of connections, drops it with a RST
(SO_LINGER 0), as the flaky cellular uplinks do. From BURST_AT for BURST_LEN seconds a tower flaps: 6 more
threads connect, send one request and reset, ~25 resets/s. One archiver thread POSTs /v1/archive/compress every
11-16 s."""
import random
import socket
import struct
import sys
import threading
import time

PORT, SECONDS, BURST_AT, BURST_LEN = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
start = time.monotonic()
end = start + SECONDS


def request(s, method, path, body=b""):
    s.sendall(f"{method} {path} HTTP/1.1\r\nHost: gw\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    n = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")][0].split(b":")[1])
    while len(rest) < n:
        rest += s.recv(4096)


def reset(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


def station(n):
    rnd = random.Random(n * 104729)
    while time.monotonic() < end:
        try:
            s = socket.create_connection(("127.0.0.1", PORT), timeout=10)
            for _ in range(rnd.randint(2, 9)):
                r = rnd.random()
                if r < 0.85:
                    sid = rnd.randint(1, 4000)
                    request(s, "POST", "/v1/obs", f"{sid} {rnd.uniform(-5, 25):.2f} {rnd.uniform(960, 1040):.1f}".encode())
                elif r < 0.97:
                    request(s, "GET", f"/v1/stations/{rnd.randint(1, 4000)}")
                else:
                    request(s, "GET", "/healthz")
                time.sleep(rnd.uniform(0.04, 0.16))
            if rnd.random() < 0.30:
                reset(s)
            else:
                s.close()
        except OSError as e:
            print("loadgen:", e, file=sys.stderr)
        time.sleep(rnd.uniform(0.05, 0.3))


def flapper(n):
    rnd = random.Random(n * 7 + 3)
    while time.monotonic() < start + BURST_AT:
        time.sleep(0.1)
    stop = start + BURST_AT + BURST_LEN
    while time.monotonic() < stop:
        try:
            s = socket.create_connection(("127.0.0.1", PORT), timeout=10)
            request(s, "POST", "/v1/obs", f"{rnd.randint(1, 4000)} 11.5 1002.0".encode())
            reset(s)
        except OSError as e:
            print("loadgen:", e, file=sys.stderr)
        time.sleep(rnd.uniform(0.15, 0.33))


def archiver():
    time.sleep(7)
    while time.monotonic() < end - 5:
        try:
            s = socket.create_connection(("127.0.0.1", PORT), timeout=20)
            request(s, "POST", "/v1/archive/compress", b"day=today")
            s.close()
        except OSError as e:
            print("loadgen:", e, file=sys.stderr)
        time.sleep(random.uniform(11, 16))


ts = [threading.Thread(target=station, args=(i,)) for i in range(8)]
ts += [threading.Thread(target=flapper, args=(i,)) for i in range(6)]
ts.append(threading.Thread(target=archiver))
for t in ts:
    t.start()
for t in ts:
    t.join()
