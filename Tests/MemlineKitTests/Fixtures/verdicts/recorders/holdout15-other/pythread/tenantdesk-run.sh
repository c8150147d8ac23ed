#!/usr/bin/env bash
# tenantdesk-run.sh PORT LOGDIR CGROUP: the service's supervisor (Restart=always, a 1 s back-off): puts each new
# tenantdesk into the memory cgroup CGROUP (the platform's 128 MiB limit), logs logfmt started/exited lines to
# LOGDIR/tenantdesk-run.log, and restarts it when it exits, until LOGDIR/down exists.
port="$1"; out="$2"; cg="$3"
here="$(cd "$(dirname "$0")" && pwd)"
lg() { echo "ts=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ) $*" >> "$out/tenantdesk-run.log"; }
while [ ! -e "$out/down" ]; do
  (echo "$BASHPID" > "$cg/cgroup.procs"; exec python3 "$here/tenantdesk.py" "$port" "$out" 2>> "$out/tenantdesk.err") &
  pid=$!
  echo "$pid" > "$out/service.pid"
  lg "msg=started process=tenantdesk pid=$pid unit=tenantdesk.service"
  wait "$pid"; code=$?
  if [ "$code" -eq 137 ]; then lg "msg=killed process=tenantdesk pid=$pid status=$code signal=KILL unit=tenantdesk.service"
  else lg "msg=exited process=tenantdesk pid=$pid status=$code unit=tenantdesk.service"; fi
  [ -e "$out/down" ] || sleep 1
done
