#!/bin/sh
# Records real lograge output (Debian 12: ruby-rails 6.1, ruby-lograge 0.10, ruby-webrick, ruby-sqlite3;
# no bundler). Usage: sh record.sh [outdir]. Writes keyvalue.log, keyvalue_logger_prefix.log,
# keyvalue_tagged.log, keyvalue_ruby_time.log,
# keyvalue_keep_original.log, json.log and json_custom_options.log: each a run of app.rb under WEBrick driven by
# curl with the same requests.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
port=38411
run() {
    name=$1
    shift
    log="$out/$name.log"
    : > "$log"
    db=$(mktemp)
    env LOGRAGE_LOG="$log" LOGRAGE_DB="$db" "$@" ruby -e '
        require ARGV[0]
        require "rack/handler/webrick"
        Rack::Handler::WEBrick.run(LogrageSampleApp, Port: Integer(ARGV[1]), Host: "127.0.0.1",
            AccessLog: [], Logger: WEBrick::Log.new(File::NULL))' "$here/app.rb" "$port" &
    server=$!
    i=0
    until curl -s -o /dev/null "http://127.0.0.1:$port/jobs.json"; do
        i=$((i + 1))
        [ "$i" -lt 100 ] || { kill "$server"; echo "server did not start" >&2; exit 1; }
        sleep 0.2
    done
    base="http://127.0.0.1:$port"
    curl -s -o /dev/null "$base/"
    curl -s -o /dev/null "$base/jobs/833552.json"
    curl -s -o /dev/null "$base/jobs/17"
    curl -s -o /dev/null -X POST "$base/jobs"
    curl -s -o /dev/null "$base/go"
    curl -s -o /dev/null "$base/boom"
    curl -s -o /dev/null "$base/jobs/0"
    curl -s -o /dev/null "$base/jobs?page=2&q=a%20b"
    curl -s -o /dev/null -H "X-Request-Id: 9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f" "$base/jobs/42.json"
    kill "$server"
    wait "$server" 2>/dev/null || true
    rm -f "$db"
}
run keyvalue LOGRAGE_FORMAT=keyvalue
run keyvalue_logger_prefix LOGRAGE_FORMAT=keyvalue LOGRAGE_PREFIX=1 LOGRAGE_CUSTOM=1
run keyvalue_tagged LOGRAGE_FORMAT=keyvalue LOGRAGE_PREFIX=1 LOGRAGE_TAGS=1
run keyvalue_ruby_time LOGRAGE_FORMAT=keyvalue LOGRAGE_CUSTOM=ruby_time
run keyvalue_keep_original LOGRAGE_FORMAT=keyvalue LOGRAGE_PREFIX=1 LOGRAGE_TAGS=1 LOGRAGE_KEEP=1
run json LOGRAGE_FORMAT=json
run json_custom_options LOGRAGE_FORMAT=json LOGRAGE_CUSTOM=1
