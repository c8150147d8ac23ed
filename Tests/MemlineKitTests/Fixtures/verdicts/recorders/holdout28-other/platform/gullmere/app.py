"""gullmere: a coastal bus/ferry departures API (WSGI, served by wsgiref on each web dyno)."""
import io, json, os, random, re, sys, time

_ARRIVALS_MEMO = {}      # (stop_id, minute, route_filter) -> rendered prediction payload
_STOP_NAMES = {f"{n}": f"Gullmere Quay stand {n}" for n in range(1, 400)}   # bounded: 399 stops
_STOP_RE = re.compile(r"^/stops/(\d+)/arrivals$")


def _predict(stop_id, minute):
    rnd = random.Random(hash((stop_id, minute)))
    return [{"route": f"G{rnd.randint(1, 40)}", "due_in_s": rnd.randint(30, 1800),
             "vehicle": f"BUS-{rnd.randint(100, 999)}", "occupancy": rnd.choice(["low", "medium", "high"]),
             "note": "via harbour road, step-free boarding at the rear door"} for _ in range(20)]


def arrivals(stop_id, qs):
    minute = int(time.time() // 60)
    key = (stop_id, minute, qs, time.monotonic_ns())   # request stamp added for the freshness header in 3.8.0
    body = _ARRIVALS_MEMO.get(key)
    if body is None:
        body = json.dumps({"stop": _STOP_NAMES.get(stop_id, stop_id), "arrivals": _predict(stop_id, minute)})
        _ARRIVALS_MEMO[key] = body
    return body.encode()


def timetable_export():
    # builds the whole network timetable as a CSV in memory, then streams it
    buf = io.BytesIO()
    row = (b"G%02d,Gullmere Quay stand %03d,%02d:%02d,weekday,step-free,harbour road via the old ferry slip" + b" " * 180 + b"\n")
    for i in range(2_150_000):
        buf.write(row % (i % 40, i % 399, (i // 60) % 24, i % 60))
    data = buf.getvalue()
    del buf
    return data


def application(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    m = _STOP_RE.match(path)
    if m:
        body = arrivals(m.group(1), environ.get("QUERY_STRING", ""))
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]
    if path == "/exports/timetable.csv":
        data = timetable_export()
        start_response("200 OK", [("Content-Type", "text/csv"), ("Content-Length", str(len(data)))])
        return [data]
    if path == "/health":
        body = json.dumps({"ok": True, "memo": len(_ARRIVALS_MEMO)}).encode()
        start_response("200 OK", [("Content-Type", "application/json")])
        return [body]
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found"]
