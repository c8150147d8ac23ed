"""The ride history export (GET /reports/rides.csv): every ride of the season as a row (~1.3 M rides, built in
memory first), then streamed out as CSV in chunks of 5,000 rows; the rows live until the last chunk is sent. The
station totals index is kept for the next export."""
import io

_station_totals = {}


def rides_csv():
    rows = []
    for i in range(1_300_000):
        row = [str(i), "RH-%05d" % (i % 420), "RH-%05d" % ((i * 7) % 420), "2026-%02d-%02d" % (1 + i % 11, 1 + i % 28),
               str(300 + i % 3600), "member" if i % 3 else "casual"]
        rows.append(row)
        if i % 64 == 0:
            _station_totals[row[1] + row[3]] = row[4]
    for k in range(0, len(rows), 5000):
        out = io.StringIO()
        for r in rows[k:k + 5000]:
            out.write(",".join(r))
            out.write("\n")
        yield out.getvalue().encode()
