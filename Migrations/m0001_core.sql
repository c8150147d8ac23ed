-- memline core schema. Times are UTC ISO-8601 text with milliseconds: 2026-11-22T01:38:20.000Z.
-- Memory is in KiB (kB as /proc and pidstat print it). Every data row keeps artifact_id and line.
-- The big tables (rss_samples, request_memory, requests) have no artifact_id index: it would slow every
-- insert, and only `ingest --force` deletes by artifact (one scan).

-- One row per ingested file (or annotation): where rows came from.
CREATE TABLE artifacts (
    id            INTEGER PRIMARY KEY,
    path          TEXT NOT NULL,               -- as given on the command line ('-' for stdin)
    name          TEXT NOT NULL,               -- the file name shown in messages and reports
    sha256        TEXT UNIQUE,                 -- of the bytes as stored on disk (compressed for .gz)
    format        TEXT NOT NULL,               -- a name from `memline formats`
    host          TEXT,                        -- --host, when given
    tz            TEXT NOT NULL DEFAULT 'UTC', -- zone assumed for times printed without one
    bytes         INTEGER NOT NULL DEFAULT 0,  -- size of the file in bytes
    lines         INTEGER NOT NULL DEFAULT 0,  -- lines read
    rows          INTEGER NOT NULL DEFAULT 0,  -- rows stored from this artifact, all tables
    skipped       INTEGER NOT NULL DEFAULT 0,  -- lines stored in ingest_errors
    first_ts      TEXT,                        -- earliest time of any row
    last_ts       TEXT,                        -- latest time of any row
    ingested_at   TEXT NOT NULL                -- when memline stored it
);

-- Lines that could not be read, kept with their artifact and line number.
CREATE TABLE ingest_errors (
    id            INTEGER PRIMARY KEY,
    artifact_id   INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE,
    line          INTEGER NOT NULL,
    reason        TEXT NOT NULL,               -- why the line could not be read
    text          TEXT NOT NULL                -- the offending line, cut to 500 characters
);
CREATE INDEX ingest_errors_artifact ON ingest_errors(artifact_id);

-- Memory of one process at one instant (pidstat, per-request RSS lines, metrics, CSV).
CREATE TABLE rss_samples (
    id            INTEGER PRIMARY KEY,
    artifact_id   INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE,
    line          INTEGER NOT NULL,
    ts            TEXT NOT NULL,
    host          TEXT,
    pid           INTEGER,
    process       TEXT,                        -- command or dyno name
    rss_kb        NUMERIC NOT NULL,
    vsz_kb        NUMERIC,                     -- virtual size, KiB
    swap_kb       NUMERIC,                     -- swap used, KiB
    limit_kb      NUMERIC,                     -- quota or limit in force (Heroku memory_quota, cgroup)
    minflt_per_s  REAL,                        -- minor page faults per second (pidstat)
    majflt_per_s  REAL,                        -- major page faults per second (pidstat)
    mem_pct       REAL                         -- share of physical memory, % (pidstat %MEM)
);
CREATE INDEX rss_samples_series ON rss_samples(host, pid, ts);

-- RSS growth around one request, as logged by the app (a Rails around-filter's performance.log).
CREATE TABLE request_memory (
    id            INTEGER PRIMARY KEY,
    artifact_id   INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE,
    line          INTEGER NOT NULL,
    ts            TEXT NOT NULL,               -- when the line was logged: the request's end
    host          TEXT,
    pid           INTEGER,
    url           TEXT NOT NULL,               -- the URL as logged
    method        TEXT,
    path          TEXT NOT NULL,
    endpoint      TEXT NOT NULL,               -- path with ids replaced: /reports/:id
    delta_kb      NUMERIC NOT NULL,            -- RSS after minus before the request
    rss_kb        NUMERIC NOT NULL             -- RSS after the request
);
CREATE INDEX request_memory_pid_ts ON request_memory(pid, ts);

-- HTTP requests assembled from request logs (Rails, Heroku router).
CREATE TABLE requests (
    id            INTEGER PRIMARY KEY,
    artifact_id   INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE,
    line          INTEGER NOT NULL,            -- first line of the request
    line_end      INTEGER,                     -- the line that completed it
    ts_start      TEXT,
    ts_end        TEXT,
    duration_ms   REAL,
    host          TEXT,
    pid           INTEGER,
    request_id    TEXT,
    method        TEXT,
    path          TEXT,
    endpoint      TEXT,
    action        TEXT,                        -- Controller#action
    format        TEXT,                        -- response format (HTML, JSON…)
    status        INTEGER,
    view_ms       REAL,                        -- time rendering views, ms
    db_ms         REAL,                        -- time in ActiveRecord / DB, ms
    allocations   INTEGER,                     -- Ruby objects allocated (Rails 6+ Allocations:)
    remote_ip     TEXT,                        -- client address
    bytes         INTEGER,                     -- response bytes
    rss_before_kb NUMERIC,                     -- RSS before the request, when the log has it
    rss_after_kb  NUMERIC,                     -- RSS after the request, when the log has it (oink)
    rss_delta_kb  NUMERIC                      -- RSS growth during the request, when the log has it
);
CREATE INDEX requests_ts ON requests(ts_start);
CREATE INDEX requests_pid_ts ON requests(pid, ts_end);

-- Background job runs (Sidekiq start … done/fail).
CREATE TABLE jobs (
    id            INTEGER PRIMARY KEY,
    artifact_id   INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE,
    line          INTEGER NOT NULL,
    line_end      INTEGER,
    ts_start      TEXT,
    ts_end        TEXT,
    duration_ms   REAL,
    host          TEXT,
    pid           INTEGER,
    tid           TEXT,
    jid           TEXT,
    class         TEXT,
    queue         TEXT,
    status        TEXT NOT NULL,               -- done, fail, running (log ended first)
    error         TEXT                         -- exception class and message of a failed job
);
CREATE INDEX jobs_ts ON jobs(ts_start);
CREATE INDEX jobs_artifact ON jobs(artifact_id);

-- Things that happened at an instant: deploys, restarts, R14, OOM kills, notes.
CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    artifact_id   INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE,
    line          INTEGER NOT NULL,
    ts            TEXT NOT NULL,
    host          TEXT,
    pid           INTEGER,
    process       TEXT,
    kind          TEXT NOT NULL,               -- deploy, restart, rollback, note, oom, r14, r15, error…
    message       TEXT NOT NULL,
    details       TEXT                         -- JSON object with source-specific fields
);
CREATE INDEX events_ts ON events(ts);
CREATE INDEX events_artifact ON events(artifact_id);

-- Views for people writing SQL.

-- RSS per process over time, in MB, with its source file and line.
CREATE VIEW v_rss AS
SELECT s.ts, s.host, s.pid, s.process, round(s.rss_kb / 1024.0, 2) AS rss_mb, s.rss_kb,
       round(s.limit_kb / 1024.0, 2) AS limit_mb, a.name AS file, s.line
FROM rss_samples s JOIN artifacts a ON a.id = s.artifact_id;

-- Requests with their source file and line.
CREATE VIEW v_requests AS
SELECT r.*, a.name AS file
FROM requests r JOIN artifacts a ON a.id = r.artifact_id;

-- Per-request RSS lines joined to the request-log request they measured: same pid and path, the
-- request's end within one second of the RSS line (the nearest when several fit), same host when both
-- name one. Works whichever file was ingested first; request_id is NULL when no request fits.
-- (The nearest is found through the latest end before and the earliest end after the RSS line:
-- SQLite 3.40 cannot resolve an outer column in a correlated subquery's ORDER BY.)
CREATE VIEW v_request_memory AS
SELECT m.id AS memory_id, m.ts, m.host, m.pid, m.url, m.path, m.endpoint, m.delta_kb, m.rss_kb,
       r.id AS request_id, r.request_id AS log_request_id, r.method, r.action, r.status, r.duration_ms,
       r.ts_start, r.ts_end, am.name AS file, m.line, ar.name AS request_file, r.line AS request_line
FROM (
    SELECT b.*, (
        SELECT r2.id FROM requests r2
        WHERE r2.pid = b.pid AND r2.path = b.path
          AND (r2.host IS NULL OR b.host IS NULL OR r2.host = b.host)
          AND r2.ts_end = CASE
              WHEN b.after_end IS NULL THEN b.before_end
              WHEN b.before_end IS NULL THEN b.after_end
              WHEN julianday(b.after_end) - julianday(b.ts) <= julianday(b.ts) - julianday(b.before_end)
                  THEN b.after_end
              ELSE b.before_end END
        ORDER BY r2.id LIMIT 1) AS matched_request
    FROM (
        SELECT mm.*,
            (SELECT max(r2.ts_end) FROM requests r2
             WHERE r2.pid = mm.pid AND r2.path = mm.path
               AND (r2.host IS NULL OR mm.host IS NULL OR r2.host = mm.host)
               AND r2.ts_end <= mm.ts
               AND r2.ts_end >= strftime('%Y-%m-%dT%H:%M:%fZ', mm.ts, '-1 seconds')) AS before_end,
            (SELECT min(r2.ts_end) FROM requests r2
             WHERE r2.pid = mm.pid AND r2.path = mm.path
               AND (r2.host IS NULL OR mm.host IS NULL OR r2.host = mm.host)
               AND r2.ts_end > mm.ts
               AND r2.ts_end <= strftime('%Y-%m-%dT%H:%M:%fZ', mm.ts, '+1 seconds')) AS after_end
        FROM request_memory mm
    ) b
) m
JOIN artifacts am ON am.id = m.artifact_id
LEFT JOIN requests r ON r.id = m.matched_request
LEFT JOIN artifacts ar ON ar.id = r.artifact_id;

-- Endpoints ranked by total RSS growth measured per request (what grep | awk | sort gives on such a log).
CREATE VIEW v_endpoint_rss_growth AS
SELECT endpoint, count(*) AS requests, sum(delta_kb) AS total_delta_kb,
       round(avg(delta_kb), 1) AS mean_delta_kb, max(delta_kb) AS max_delta_kb,
       sum(CASE WHEN delta_kb > 0 THEN 1 ELSE 0 END) AS growing_requests
FROM request_memory
GROUP BY endpoint
ORDER BY total_delta_kb DESC;

-- Everything that happened, in time order, with where it was written.
CREATE VIEW v_events AS
SELECT e.ts, e.host, e.pid, e.process, e.kind, e.message, a.name AS file, e.line
FROM events e JOIN artifacts a ON a.id = e.artifact_id;

-- Lines that could not be read, with their file.
CREATE VIEW v_ingest_errors AS
SELECT a.name AS file, e.line, e.reason, e.text
FROM ingest_errors e JOIN artifacts a ON a.id = e.artifact_id;
