#!/usr/bin/env python3
"""Writes the same Heroku stream as two exports that overlap, for memline's folding tests.

Inputs (fixtures of this repository, nothing else):
- ../heroku/BUILT_FROM_DOCS_heroku_logs_rails_puma_sidekiq.log: a `heroku logs` stream of 09:00-09:07;
- ../papertrail/2024-03-12-08.tsv.gz: the Papertrail archive of the hour before (make_archive.py).

Outputs:
- 2024-03-12-09.tsv.gz: the Papertrail hourly archive of hour 09: every line of the heroku log as an archive
  row (program `heroku/web.1`, `app/api`...; generated_at cut to the second, as Papertrail prints it);
- heroku-logs.log: what `heroku logs -n 300` printed at 09:08: the Heroku rows of the 08 archive from
  08:58:00 on (its kernel and sshd rows come from another system, not from Heroku), with microseconds as
  Logplex stamps them, then the whole heroku log.

So heroku-logs.log overlaps the 08 archive from 08:58:00 to 08:59:05 and the 09 archive entirely.
Run: python3 make_overlap.py  (deterministic: gzip mtime 0)
"""
import gzip

HEROKU = "../heroku/BUILT_FROM_DOCS_heroku_logs_rails_puma_sidekiq.log"
ARCHIVE_08 = "../papertrail/2024-03-12-08.tsv.gz"
CUT = "2024-03-12T08:58:00"
APP = "shop-example-prod"
IP = "192.0.2.10"


def heroku_line_parts(line):
    """`2024-03-12T09:01:38.730646+00:00 heroku[web.1]: message` -> (time, source, dyno, message)."""
    time, rest = line.split(" ", 1)
    prefix, message = rest.split(": ", 1)
    source, dyno = prefix[:-1].split("[", 1)
    return time, source, dyno, message


with open(HEROKU) as f:
    heroku = [line.rstrip("\n") for line in f if line.strip()]

# The capture: the 08 archive's Heroku rows from CUT on, then the heroku log.
capture = []
with gzip.open(ARCHIVE_08, "rt") as f:
    for n, row in enumerate(f):
        fields = row.rstrip("\n").split("\t", 9)
        if len(fields) < 10 or "/" not in fields[8]:
            continue
        generated, program, message = fields[1], fields[8], fields[9]
        if generated < CUT:
            continue
        source, dyno = program.split("/", 1)
        micros = (n * 137_911) % 1_000_000
        capture.append(f"{generated}.{micros:06d}+00:00 {source}[{dyno}]: {message}")
capture.extend(heroku)
with open("heroku-logs.log", "w") as f:
    f.write("\n".join(capture) + "\n")

# The archive of hour 09.
rows = []
for i, line in enumerate(heroku):
    time, source, dyno, message = heroku_line_parts(line)
    second = time[:19]
    severity = "Error" if message.startswith("Error R") or "at=error" in message else "Info"
    rows.append(
        f"{1700000000000000100 + i}\t{second}\t{second}Z\t4147981\t{APP}\t{IP}\tLocal7\t{severity}\t"
        f"{source}/{dyno}\t{message}")
with open("2024-03-12-09.tsv.gz", "wb") as raw:
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(("\n".join(rows) + "\n").encode())
