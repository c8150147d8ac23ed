#!/usr/bin/env python3
"""Stands in for the weighbridge concentrators: ~RATE readings/s over TCP to quarrygate, reconnecting when the
service restarts (deploy). On every (re)connect the concentrators first replay BACKLOG buffered readings.
    weighfeed.py PORT SECONDS RATE BACKLOG"""
import random
import socket
import sys
import time

port, seconds, rate, backlog = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
sites = ["ashby", "brenlow", "corrie", "dunstable", "elmscar", "fellgate"]
end = time.time() + seconds
sent = reconnects = 0
sock = None


def reading():
    return (f"{random.choice(sites)} TRK-{random.randint(100, 999)} {random.randint(28000, 44000)} "
            f"{random.randint(11000, 15000)} {int(time.time())} ticket={random.randint(10**7, 10**8)} "
            f"grade={random.choice(['20mm', '40mm', 'dust', 'type1'])} operator=op{random.randint(1, 40)}\n")



while time.time() < end:
    if sock is None:
        try:
            sock = socket.create_connection(("127.0.0.1", port), 1)
            sock.sendall("".join(reading() for _ in range(backlog)).encode())
            sent += backlog
        except OSError:
            time.sleep(0.2)
            continue
    batch = "".join(reading() for _ in range(rate // 20))
    try:
        sock.sendall(batch.encode())
        sent += rate // 20
    except OSError:
        sock.close()
        sock = None
        reconnects += 1
        continue
    time.sleep(0.05)
print(f"weighfeed sent={sent} reconnects={reconnects}", file=sys.stderr)
