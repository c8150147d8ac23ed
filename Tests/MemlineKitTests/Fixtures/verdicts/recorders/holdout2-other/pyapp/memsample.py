"""Samples VmRSS/VmSize of the given pids from /proc once a second; writes memory-csv (ts,pid,process,host,rss_kb,vsz_kb)."""
import socket
import sys
import time
from datetime import datetime, timezone

seconds = float(sys.argv[1])
pids = [int(p) for p in sys.argv[2].split(",")]
host = socket.gethostname()
names = {}
for p in pids:
    with open("/proc/%d/cmdline" % p, "rb") as f:
        names[p] = f.read().replace(b"\0", b" ").decode().strip()
print("ts,pid,process,host,rss_kb,vsz_kb", flush=True)
end = time.time() + seconds
nxt = time.time()
while time.time() < end:
    ts = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    for p in pids:
        try:
            rss = vsz = None
            with open("/proc/%d/status" % p) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss = int(line.split()[1])
                    elif line.startswith("VmSize:"):
                        vsz = int(line.split()[1])
        except OSError:
            continue
        name = names[p].replace('"', '""')
        print('%s,%d,"%s",%s,%d,%d' % (ts, p, name, host, rss, vsz), flush=True)
    nxt += 1.0
    time.sleep(max(0.0, nxt - time.time()))
