#!/usr/bin/env python3
"""brambling web dyno (stdlib Python 3.11, ThreadingHTTPServer on $PORT): a plant-nursery shop API.
  boot                       loads the catalogue (CATALOGUE_MB, default 280: 9,000 plants with care sheets, photos
                             metadata and a search index), held for the dyno's life
  GET  /plants/:id           a plant from the catalogue, small
  GET  /search?q=...         scores every catalogue entry against the query words: ~9,000 temporary score tuples and a
                             rendered result page (~6-9 MB of garbage per call), all dropped after the response
  POST /cart/items           small
  POST /wishlists/:id/share  renders the wishlist's share card (an OpenGraph PNG, 2.0-3.4 MB, plus its HTML) and keeps
                             it in SHARE_CARDS under a fresh token so the link preview can be served later; nothing
                             ever removes a card (the expiry job was never wired up): the leak
  GET  /healthz
Logs to stdout (the platform stamps the lines)."""
import json
import os
import random
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
served = {"n": 0, "search": 0, "share": 0}
SHARE_CARDS = {}


def out(msg):
    sys.stdout.write(msg + "\n")
    sys.stdout.flush()


def load_catalogue(mb):
    rng = random.Random(20261207)
    words = ["salvia", "hellebore", "fern", "shade", "acid", "hedge", "clematis", "rose", "dwarf", "evergreen",
             "alpine", "grass", "scented", "climber", "bulb", "drought", "pollinator", "red", "white", "winter"]
    per = mb * 1024 * 1024 // 9000
    cat = {}
    for i in range(1, 9001):
        tags = rng.sample(words, 5)
        cat[i] = {"id": i, "name": f"{tags[0].title()} {tags[1]} no. {i}", "tags": tags,
                  "care": os.urandom(per // 2).hex()[: per // 2],
                  "photos": [os.urandom(per // 8) for _ in range(3)]}
    return cat


t0 = time.time()
CATALOGUE = load_catalogue(int(os.environ.get("CATALOGUE_MB", "280")))
out(f"brambling.web info catalogue loaded: {len(CATALOGUE)} plants in {time.time() - t0:.1f}s")


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *a):
        pass

    def reply(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        with lock:
            served["n"] += 1

    def do_GET(self):
        path, _, query = self.path.partition("?")
        parts = path.strip("/").split("/")
        if len(parts) == 2 and parts[0] == "plants":
            p = CATALOGUE.get(int(parts[1]))
            return self.reply(200 if p else 404, json.dumps({"id": p["id"], "name": p["name"]} if p else {}).encode())
        if parts == ["search"]:
            q = set(query.partition("=")[2].split("+"))
            scored = [(len(q & set(p["tags"])) + random.random() * 0.01, p["name"], p["care"][:600] + "…", list(p["tags"]))
                      for p in CATALOGUE.values()]
            scored.sort(reverse=True)
            page = json.dumps([{"name": n, "score": round(s, 3), "snippet": c, "tags": t} for s, n, c, t in scored])
            with lock:
                served["search"] += 1
            return self.reply(200, json.dumps({"hits": sum(1 for s in scored if s[0] >= 1), "first": page[:2000]}).encode())
        if parts == ["healthz"]:
            return self.reply(200, b'{"ok":true}')
        return self.reply(404, b"{}")

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        if n:
            self.rfile.read(n)
        parts = self.path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "wishlists" and parts[2] == "share":
            png = os.urandom(random.randint(2_000_000, 3_400_000))
            html = f"<meta property='og:image' content='/share/{parts[1]}.png'>" * 400
            token = uuid.uuid4().hex
            with lock:
                SHARE_CARDS[token] = {"wishlist": int(parts[1]), "png": png, "html": html, "at": time.time()}
                served["share"] += 1
            return self.reply(201, json.dumps({"share_url": f"https://brambling.example/s/{token}"}).encode())
        if parts == ["cart", "items"]:
            return self.reply(201, b'{"cart":"updated"}')
        return self.reply(404, b"{}")


def report():
    while True:
        time.sleep(30)
        with lock:
            out(f"brambling.web info served={served['n']} searches={served['search']} shares={served['share']} "
                f"threads={threading.active_count()}")


out(f"brambling.web info listening on 0.0.0.0:{os.environ['PORT']} pid={os.getpid()} dyno={os.environ.get('DYNO')}")
threading.Thread(target=report, daemon=True).start()
ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
