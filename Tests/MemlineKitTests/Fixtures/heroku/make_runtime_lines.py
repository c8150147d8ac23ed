#!/usr/bin/env python3
"""Writes runtime_lines.log: real app-server and Elixir logger output as a `heroku logs` stream prints it.

Inputs (recordings of this repository, see Fixtures/README.md):
- ../app-server/unicorn6_stderr.log (Unicorn 6 with unicorn-worker-killer): its lines 1-36 and 477-486 (the
  segfault's 440-line [BUG] report left out) as app[web.1], stamped with their own Logger time;
- ../app-server/puma565_plain_stdout.log (Puma 5.6.5's plain stdout, no times) as app[web.2], stamped here
  following that recording's timeline (record.sh: boot, 4 s, SIGSTOP, 12 s, SIGKILL, 4 s, TERM);
- ../erlang-logger/elixir114_console_sasl.log (Elixir 1.14's console Logger, time of day only) as app[web.3],
  each line stamped with the time of its entry on 2026-12-06; blank lines dropped (Logplex sends none).
Between them, the dyno manager's lines as Heroku prints them around a crash and a release.
Run: python3 make_runtime_lines.py
"""
import re

out = []


def emit(stamp, source, message):
    out.append((stamp, f"{stamp}+00:00 {source}: {message}"))


with open("../app-server/unicorn6_stderr.log") as f:
    unicorn = f.read().split("\n")
for number in list(range(1, 37)) + list(range(477, 487)):
    text = unicorn[number - 1]
    time = re.match(r"^., \[(\S+) #", text)
    if time:
        emit(time.group(1), "app[web.1]", text)

with open("../app-server/puma565_plain_stdout.log") as f:
    puma = [line.rstrip("\n") for line in f]
seconds = {11: 41.2, 12: 41.3, 13: 52.0, 14: 52.1, 15: 57.0, 16: 58.0, 17: 58.1, 18: 58.2}
for number, text in enumerate(puma, start=1):
    second = seconds.get(number, 41.0 + number / 1000)
    emit(f"2026-12-06T12:10:{second:09.6f}", "app[web.2]", text)

with open("../erlang-logger/elixir114_console_sasl.log") as f:
    elixir = [line.rstrip("\n") for line in f]
entry = None
step = 0
for text in elixir:
    header = re.match(r"^(\d\d:\d\d:\d\d\.\d\d\d) \[", text)
    if header and header.group(1) != entry:
        entry, step = header.group(1), 0
    if not text.strip() or entry is None:
        continue
    step += 1
    emit(f"2026-12-06T{entry}{step:03d}", "app[web.3]", text)

emit("2026-12-06T12:11:00.000100", "heroku[web.2]", "State changed from up to crashed")
emit("2026-12-06T12:11:05.000100", "app[api]", "Release v57 created by user dev@example.com")
emit("2026-12-06T12:11:06.000100", "heroku[web.2]", "State changed from crashed to starting")

with open("runtime_lines.log", "w") as f:
    f.write("\n".join(line for _, line in sorted(out, key=lambda pair: pair[0])) + "\n")
