"""rookhaven-bikes web: plain WSGI under gunicorn."""
import json
import logging
import os
import random
import re

from rookhaven import availability, reports

log = logging.getLogger("gunicorn.error")
RELEASE = os.environ.get("HEROKU_RELEASE_VERSION", "?")
STATION = re.compile(r"^/stations/(\d+)/availability$")


def application(environ, start_response):
    path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
    m = STATION.match(path)
    ctype = "application/json"
    if m and method == "GET":
        body = json.dumps(availability.station_availability(int(m.group(1)))).encode()
    elif path == "/stations/nearby":
        body = json.dumps([{"station": random.randint(1, 420), "m": random.randint(50, 900)} for _ in range(12)]).encode()
    elif path == "/rides" and method == "POST":
        environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        body = json.dumps({"ride": random.randint(10**6, 10**7), "status": "unlocked"}).encode()
    elif path == "/reports/rides.csv":
        log.info("rides.csv export started (release %s)", RELEASE)
        start_response("200 OK", [("Content-Type", "text/csv")])
        return reports.rides_csv()
    elif path == "/healthz":
        body = b"ok"
    else:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    start_response("200 OK", [("Content-Type", ctype), ("Content-Length", str(len(body)))])
    return [body]
