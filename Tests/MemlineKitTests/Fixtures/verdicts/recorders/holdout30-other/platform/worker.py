"""fennick worker dyno: sync_class_schedule every 15 s pulls the week's timetable from the gyms' booking
system (a big list of slot dicts), diffs it and drops it."""
import logging, sys, time, random
logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
log = logging.getLogger("fennick.jobs")
rnd = random.Random(30)
n = 0
while True:
    n += 1; t0 = time.monotonic()
    log.info("sync_class_schedule[%d] started", n)
    slots = [{"gym": g, "wall": w, "slot": s, "coach": f"coach-{rnd.randint(1, 400)}", "booked": list(range(s % 12))}
             for g in range(97) for w in range(12) for s in range(420)]
    changed = sum(1 for x in slots if x["slot"] % 37 == 0)
    del slots
    log.info("sync_class_schedule[%d] done: %d slots, %d changed in %.2fs", n, 97 * 12 * 420, changed, time.monotonic() - t0)
    time.sleep(15)
