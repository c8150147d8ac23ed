#!/bin/sh
# Records Passenger 6.0.17 (Debian, Apache integration) running app/config.ru: boot, two processes (min
# instances), requests that grow one process, app output, a process that exits on purpose, a process killed
# with SIGKILL, processes recycled by PassengerMaxRequests, a restart of the app, then Apache stopped.
set -e
apache2 -f "$PWD/apache_errorlog.conf" -k start
sleep 3
for i in 1 2 3; do curl -s 127.0.0.1:18290/grow; done
curl -s 127.0.0.1:18290/out
curl -s 127.0.0.1:18290/hog || true
sleep 1
curl -s 127.0.0.1:18290/exit || true
sleep 2
victim=$(pgrep -f "Passenger RubyApp" | head -1)
kill -KILL "$victim"
sleep 2
for i in 1 2 3 4 5 6 7 8; do curl -s 127.0.0.1:18290/; done
sleep 3
passenger-config restart-app "$PWD/app" || true
sleep 3
curl -s 127.0.0.1:18290/
sleep 1
apache2 -f "$PWD/apache_errorlog.conf" -k stop
sleep 3
