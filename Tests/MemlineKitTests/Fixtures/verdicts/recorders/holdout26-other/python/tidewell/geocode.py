"""Reverse geocoding of berth coordinates, memoised per rounded point (no eviction; the harbour is small)."""
_cache = {}


def place_for(lat, lon):
    key = (round(lat, 4), round(lon, 4))
    hit = _cache.get(key)
    if hit is None:
        hit = {"lat": key[0], "lon": key[1], "berth": f"B{abs(hash(key)) % 90:02d}",
               "label": f"Tidewell harbour berth near {key[0]:.4f},{key[1]:.4f}", "aliases": [f"pt-{key[0]}-{key[1]}"] * 3}
        _cache[key] = hit
    return hit
