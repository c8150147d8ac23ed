"""Dock availability per station. Each answer is also kept in _trend (for the 24 h sparkline on the station
page), keyed by (station, request time); nothing ever trims it, so every request leaves ~8 KB behind."""
import random
import time

_trend = {}


def station_availability(station_id):
    docks = [{"dock": d, "state": random.choice(["free", "bike", "ebike", "fault"]),
              "battery": random.randint(0, 100), "serial": "RH-%05d-%02d" % (station_id, d),
              "note": "x" * 120} for d in range(32)]
    snapshot = {"station": station_id, "at": time.time(), "docks": docks}
    _trend[(station_id, snapshot["at"])] = snapshot
    free = sum(1 for d in docks if d["state"] == "free")
    return {"station": station_id, "free": free, "bikes": 32 - free}
