#!/usr/bin/env python3
"""Writes 2024-03-12-08.tsv.gz: a Papertrail hourly archive written for memline's tests.

Not captured: modelled on the field layout of Papertrail's permanent log archives
(https://help.papertrailapp.com/kb/how-it-works/permanent-log-archives/) and on the one real archive
row in shared/samples/heroku/papertrail_archive_line.tsv (read, not copied: its repository states no
license). The Heroku messages follow the built-from-docs heroku/BUILT_FROM_DOCS_heroku_logs_rails_puma_sidekiq.log:
the hour before it, when web.2 starts to leak on /admin/reports/sales.csv.
Run: python3 make_archive.py  (deterministic: gzip mtime 0)
"""
import gzip

APP = "shop-example-prod"
IP = "192.0.2.10"
rows = []


def row(ts, program, message, facility="Local7", severity="Info", source=APP, generated=None):
    n = 1700000000000000000 + len(rows)
    gen = generated or ts  # generated_at as the real archive row prints it: ISO, no offset
    rows.append(f"{n}\t{gen}\t{ts}Z\t4147981\t{source}\t{IP}\t{facility}\t{severity}\t{program}\t{message}")


def request(start, end, dyno, pid, rid, method, path, action, fmt, status, ms, nbytes):
    row(start, f"app/{dyno}", f"I, [{start}.000000 #{pid}]  INFO -- : [{rid}] Started {method} \"{path}\" for 198.51.100.7 at {start.replace('T', ' ')} +0000")
    row(start, f"app/{dyno}", f"I, [{start}.001000 #{pid}]  INFO -- : [{rid}] Processing by {action} as {fmt}")
    row(end, f"app/{dyno}", f"I, [{end}.000000 #{pid}]  INFO -- : [{rid}] Completed {status} OK in {ms}ms (Views: 1.0ms | ActiveRecord: 1.0ms | Allocations: 1000)")
    row(end, "heroku/router", f"at=info method={method} path=\"{path}\" host={APP}.herokuapp.com request_id={rid} fwd=\"198.51.100.7\" dyno={dyno} connect=1ms service={ms + 2}ms status={status} bytes={nbytes} protocol=https")


def metrics(ts, dyno, total, rss, swap):
    row(ts, f"heroku/{dyno}", f"source={dyno} dyno=heroku.187235331.a83e6d0b-94c2-4f1a-8d57-0e6b2c9f1d33 sample#memory_total={total:.2f}MB sample#memory_rss={rss:.2f}MB sample#memory_cache=1.00MB sample#memory_swap={swap:.2f}MB sample#memory_pgpgin=100000pages sample#memory_pgpgout=90000pages sample#memory_quota=512.00MB")


request("2024-03-12T08:53:10", "2024-03-12T08:53:18", "web.2", 9, "a1b2c3d4-0001-4000-8000-000000000001", "GET", "/admin/reports/sales.csv", "Admin::ReportsController#sales", "CSV", 200, 7990, 912001)
request("2024-03-12T08:54:02", "2024-03-12T08:54:02", "web.2", 13, "a1b2c3d4-0002-4000-8000-000000000002", "GET", "/products/17", "ProductsController#show", "HTML", 200, 80, 23001)
request("2024-03-12T08:55:40", "2024-03-12T08:55:40", "web.1", 13, "a1b2c3d4-0003-4000-8000-000000000003", "GET", "/", "HomeController#index", "HTML", 200, 45, 14001)
metrics("2024-03-12T08:56:00", "web.2", 498.25, 498.25, 0)
request("2024-03-12T08:57:30", "2024-03-12T08:57:38", "web.2", 9, "a1b2c3d4-0004-4000-8000-000000000004", "GET", "/admin/reports/sales.csv", "Admin::ReportsController#sales", "CSV", 200, 8001, 912002)
metrics("2024-03-12T08:58:00", "web.2", 515.50, 512.00, 3.50)
row("2024-03-12T08:58:00", "heroku/web.2", "Process running mem=515M(100.7%)")
row("2024-03-12T08:58:00", "heroku/web.2", "Error R14 (Memory quota exceeded)", severity="Error")
row("2024-03-12T08:58:30", "app/web.1", "[2] PumaWorkerKiller: Out of memory. 2 workers consuming total: 530.5 mb out of max: 512 mb. Sending TERM to pid 13 consuming 260.25 mb.")
row("2024-03-12T08:58:45", "app/worker.1", "pid=19655 tid=e83 class=ImportCsvJob jid=feedc0ffee0001 INFO: start")
row("2024-03-12T08:58:46", "app/worker.1", "pid=19655 tid=e83 class=ImportCsvJob jid=feedc0ffee0001 elapsed=1.204 INFO: done")
request("2024-03-12T08:59:05", "2024-03-12T08:59:05", "web.2", 13, "a1b2c3d4-0005-4000-8000-000000000005", "POST", "/cart/items", "CartItemsController#create", "HTML", 302, 90, 585)
row("2024-03-12T08:59:20", "app/web.2", "E, [2024-03-12T08:59:20.000000 #9] ERROR -- : [a1b2c3d4-0006-4000-8000-000000000006] Errno::ENOMEM (Cannot allocate memory - fork(2)):", severity="Error")
row("2024-03-12T08:59:30", "kernel", "Out of memory: Killed process 4242 (postgres) total-vm:2097152kB, anon-rss:1048576kB, file-rss:2048kB, shmem-rss:4096kB, UID:105 pgtables:4096kB oom_score_adj:0", facility="Kernel", severity="Error", source="db-1", generated="2024-03-12 08:59:30 +0000")
row("2024-03-12T08:59:40", "sshd", "Accepted publickey for deploy from 203.0.113.9 port 50522 ssh2", facility="Auth", source="db-1")
rows.append("not a papertrail row")

with open("2024-03-12-08.tsv.gz", "wb") as raw:
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(("\n".join(rows) + "\n").encode())
