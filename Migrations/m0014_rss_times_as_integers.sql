-- Times of RSS rows as integers. rss_rows kept each reading's time as 24 bytes of ISO-8601 text, in the table and
-- in each of its three indexes; it now keeps milliseconds since 1970 (ts_ms), a few bytes. The rss_samples and
-- request_memory views show the same ISO text as ts (and ts_ms beside it), so the v_* views, the SQL a report
-- prints and users' queries read what they read before; filtering or ordering on ts_ms uses the indexes, on ts
-- it computes the text first. Inserts and updates through the views take ts as text, as before.

ALTER TABLE rss_rows RENAME TO rss_rows_text;

-- Memory of one process at one instant: a sampler's reading (pidstat, the recorder, Heroku, Prometheus, CSV), or
-- the RSS an app logged after a request (url, path, endpoint and delta_kb set: the request_memory view).
CREATE TABLE rss_rows (
    id               INTEGER PRIMARY KEY,
    artifact_id      INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE,
    line             INTEGER NOT NULL,
    ts_ms            INTEGER NOT NULL,         -- milliseconds since 1970-01-01 UTC; the views show it as ISO-8601 text, ts
    host             TEXT,
    pid              INTEGER,
    rss_kb           NUMERIC NOT NULL,
    url              TEXT,                     -- per-request lines: the URL as logged
    method           TEXT,                     -- per-request lines: HTTP method, when logged
    path             TEXT,                     -- per-request lines: the path
    endpoint         TEXT,                     -- per-request lines: path with ids replaced: /reports/:id
    delta_kb         NUMERIC,                  -- per-request lines: RSS after minus before the request
    in_rss_samples   INTEGER NOT NULL DEFAULT 1, -- 1 when the row is a process's RSS sample (the rss_samples view)
    process          TEXT,                     -- command or dyno name
    vsz_kb           NUMERIC,                  -- virtual size, KiB
    swap_kb          NUMERIC,                  -- swap used, KiB
    limit_kb         NUMERIC,                  -- quota or limit in force (Heroku memory_quota, cgroup)
    minflt_per_s     REAL,                     -- minor page faults per second (pidstat)
    majflt_per_s     REAL,                     -- major page faults per second (pidstat)
    mem_pct          REAL,                     -- share of physical memory, % (pidstat %MEM)
    hwm_kb           NUMERIC,                  -- peak RSS so far (VmHWM)
    rss_anon_kb      NUMERIC,                  -- anonymous resident memory: heap, stacks (RssAnon)
    rss_file_kb      NUMERIC,                  -- file-backed resident memory (RssFile)
    rss_shmem_kb     NUMERIC,                  -- resident shared memory (RssShmem)
    threads          INTEGER,                  -- thread count (Threads)
    pss_kb           NUMERIC,                  -- proportional set size: shared pages split (Pss)
    pss_anon_kb      NUMERIC,                  -- anonymous part of PSS (Pss_Anon)
    pss_file_kb      NUMERIC,                  -- file-backed part of PSS (Pss_File)
    private_dirty_kb NUMERIC,                  -- pages written by this process only (Private_Dirty)
    swap_pss_kb      NUMERIC,                  -- proportional swap (SwapPss)
    CHECK (url IS NULL OR (path IS NOT NULL AND endpoint IS NOT NULL AND delta_kb IS NOT NULL))
);

INSERT INTO rss_rows (id, artifact_id, line, ts_ms, host, pid, rss_kb, url, method, path, endpoint, delta_kb,
    in_rss_samples, process, vsz_kb, swap_kb, limit_kb, minflt_per_s, majflt_per_s, mem_pct, hwm_kb, rss_anon_kb,
    rss_file_kb, rss_shmem_kb, threads, pss_kb, pss_anon_kb, pss_file_kb, private_dirty_kb, swap_pss_kb)
SELECT id, artifact_id, line, CAST(round((julianday(ts) - 2440587.5) * 86400000.0) AS INTEGER), host, pid, rss_kb, url, method,
       path, endpoint, delta_kb, in_rss_samples, process, vsz_kb, swap_kb, limit_kb, minflt_per_s, majflt_per_s,
       mem_pct, hwm_kb, rss_anon_kb, rss_file_kb, rss_shmem_kb, threads, pss_kb, pss_anon_kb, pss_file_kb,
       private_dirty_kb, swap_pss_kb
FROM rss_rows_text ORDER BY id;

-- Dropping the views drops their triggers; the v_* views over them read the new ones.
DROP VIEW rss_samples;
DROP VIEW request_memory;
DROP TABLE rss_rows_text;

CREATE INDEX rss_rows_series ON rss_rows(host, pid, ts_ms) WHERE in_rss_samples = 1;
CREATE INDEX rss_rows_request_pid_ts ON rss_rows(pid, ts_ms) WHERE url IS NOT NULL;
CREATE INDEX rss_rows_request_ts ON rss_rows(ts_ms) WHERE url IS NOT NULL;

-- Memory of one process at one instant (pidstat, per-request RSS lines, metrics, CSV): the samples of rss_rows.
CREATE VIEW rss_samples AS
SELECT id, artifact_id, line, strftime('%Y-%m-%dT%H:%M:%fZ', ts_ms / 1000.0, 'unixepoch') AS ts, host, pid, process, rss_kb,
       vsz_kb, swap_kb, limit_kb, minflt_per_s, majflt_per_s,
       mem_pct, hwm_kb, rss_anon_kb, rss_file_kb, rss_shmem_kb, threads, pss_kb, pss_anon_kb, pss_file_kb,
       private_dirty_kb, swap_pss_kb, ts_ms
FROM rss_rows WHERE in_rss_samples = 1;

-- RSS growth around one request, as logged by the app (a Rails around-filter's performance.log): the rows of
-- rss_rows with a URL.
CREATE VIEW request_memory AS
SELECT id, artifact_id, line, strftime('%Y-%m-%dT%H:%M:%fZ', ts_ms / 1000.0, 'unixepoch') AS ts, host, pid, url,
       method, path, endpoint, delta_kb, rss_kb, ts_ms
FROM rss_rows WHERE url IS NOT NULL;

CREATE TRIGGER rss_samples_insert INSTEAD OF INSERT ON rss_samples
BEGIN
    INSERT INTO rss_rows (id, artifact_id, line, ts_ms, host, pid, process, rss_kb, vsz_kb, swap_kb, limit_kb,
        minflt_per_s, majflt_per_s, mem_pct, hwm_kb, rss_anon_kb, rss_file_kb, rss_shmem_kb, threads, pss_kb,
        pss_anon_kb, pss_file_kb, private_dirty_kb, swap_pss_kb)
    VALUES (NEW.id, NEW.artifact_id, NEW.line,
        coalesce(NEW.ts_ms, CAST(round((julianday(NEW.ts) - 2440587.5) * 86400000.0) AS INTEGER)), NEW.host, NEW.pid, NEW.process, NEW.rss_kb, NEW.vsz_kb,
        NEW.swap_kb, NEW.limit_kb, NEW.minflt_per_s, NEW.majflt_per_s, NEW.mem_pct, NEW.hwm_kb, NEW.rss_anon_kb,
        NEW.rss_file_kb, NEW.rss_shmem_kb, NEW.threads, NEW.pss_kb, NEW.pss_anon_kb, NEW.pss_file_kb,
        NEW.private_dirty_kb, NEW.swap_pss_kb);
END;

-- A row inserted into request_memory is not an RSS sample, as before m0012 (memline's ingest writes rss_rows).
CREATE TRIGGER request_memory_insert INSTEAD OF INSERT ON request_memory
BEGIN
    INSERT INTO rss_rows (id, artifact_id, line, ts_ms, host, pid, rss_kb, url, method, path, endpoint, delta_kb,
        in_rss_samples)
    VALUES (NEW.id, NEW.artifact_id, NEW.line,
        coalesce(NEW.ts_ms, CAST(round((julianday(NEW.ts) - 2440587.5) * 86400000.0) AS INTEGER)), NEW.host, NEW.pid, NEW.rss_kb, NEW.url, NEW.method,
        NEW.path, NEW.endpoint, NEW.delta_kb, 0);
END;

-- A per-request row is in both views: an UPDATE of rss_samples changes the samplers' rows only, so a statement
-- run on both views (a clock shift) moves each row once.
CREATE TRIGGER rss_samples_update INSTEAD OF UPDATE ON rss_samples
BEGIN
    UPDATE rss_rows SET artifact_id = NEW.artifact_id, line = NEW.line,
        ts_ms = CASE WHEN NEW.ts IS OLD.ts THEN NEW.ts_ms ELSE CAST(round((julianday(NEW.ts) - 2440587.5) * 86400000.0) AS INTEGER) END,
        host = NEW.host,
        pid = NEW.pid, process = NEW.process, rss_kb = NEW.rss_kb, vsz_kb = NEW.vsz_kb, swap_kb = NEW.swap_kb,
        limit_kb = NEW.limit_kb, minflt_per_s = NEW.minflt_per_s, majflt_per_s = NEW.majflt_per_s,
        mem_pct = NEW.mem_pct, hwm_kb = NEW.hwm_kb, rss_anon_kb = NEW.rss_anon_kb, rss_file_kb = NEW.rss_file_kb,
        rss_shmem_kb = NEW.rss_shmem_kb, threads = NEW.threads, pss_kb = NEW.pss_kb, pss_anon_kb = NEW.pss_anon_kb,
        pss_file_kb = NEW.pss_file_kb, private_dirty_kb = NEW.private_dirty_kb, swap_pss_kb = NEW.swap_pss_kb
    WHERE id = OLD.id AND url IS NULL;
END;

CREATE TRIGGER request_memory_update INSTEAD OF UPDATE ON request_memory
BEGIN
    UPDATE rss_rows SET artifact_id = NEW.artifact_id, line = NEW.line,
        ts_ms = CASE WHEN NEW.ts IS OLD.ts THEN NEW.ts_ms ELSE CAST(round((julianday(NEW.ts) - 2440587.5) * 86400000.0) AS INTEGER) END,
        host = NEW.host,
        pid = NEW.pid, rss_kb = NEW.rss_kb, url = NEW.url, method = NEW.method, path = NEW.path,
        endpoint = NEW.endpoint, delta_kb = NEW.delta_kb
    WHERE id = OLD.id;
END;

-- Deleting a row from one view leaves it in the other.
CREATE TRIGGER rss_samples_delete INSTEAD OF DELETE ON rss_samples
BEGIN
    UPDATE rss_rows SET in_rss_samples = 0 WHERE id = OLD.id AND url IS NOT NULL;
    DELETE FROM rss_rows WHERE id = OLD.id AND url IS NULL;
END;

CREATE TRIGGER request_memory_delete INSTEAD OF DELETE ON request_memory
BEGIN
    UPDATE rss_rows SET url = NULL, method = NULL, path = NULL, endpoint = NULL, delta_kb = NULL
    WHERE id = OLD.id AND in_rss_samples = 1;
    DELETE FROM rss_rows WHERE id = OLD.id AND in_rss_samples = 0;
END;
