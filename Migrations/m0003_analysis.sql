-- memline analysis results, written by `memline analyze` (each run replaces the previous one).
-- Times are UTC ISO-8601 text with milliseconds; memory in KiB unless the column says MB.

-- The last analysis run: the thresholds it used and how much it found.
CREATE TABLE analysis_runs (
    id            INTEGER PRIMARY KEY,
    thresholds    TEXT NOT NULL,               -- JSON object of every threshold used (memline analyze options)
    series        INTEGER NOT NULL,            -- memory series read (one per host, pid and process)
    segments      INTEGER NOT NULL,            -- segments after splitting series at restarts
    spikes        INTEGER NOT NULL,            -- rows written to spikes
    suspects      INTEGER NOT NULL,            -- rows written to suspects
    clock_skew    TEXT NOT NULL,               -- what was checked about clock skew between sources
    data_version  TEXT NOT NULL                -- 'artifact count:max artifact id' analysed; differs once data changes
);

-- One row per segment of a memory series (a process between restarts) and its trend.
CREATE TABLE trends (
    id            INTEGER PRIMARY KEY,
    source        TEXT NOT NULL,               -- rss_samples or request_memory: where the RSS values came from
    host          TEXT,
    pid           INTEGER,
    process       TEXT,
    role          TEXT NOT NULL,               -- processes compared as siblings: host/process name
    ts_start      TEXT NOT NULL,
    ts_end        TEXT NOT NULL,
    samples       INTEGER NOT NULL,            -- RSS values in the segment
    gaps          INTEGER NOT NULL,            -- sampling gaps (longer than the gap threshold), not interpolated
    started_by    TEXT NOT NULL,               -- first sample, pid change, rss drop, or the event that split it
    rss_first_kb  NUMERIC NOT NULL,            -- first RSS of the segment
    rss_min_kb    NUMERIC NOT NULL,            -- lowest RSS
    rss_max_kb    NUMERIC NOT NULL,            -- highest RSS
    rss_last_kb   NUMERIC NOT NULL,            -- last RSS
    kind          TEXT NOT NULL,               -- leak, plateau, step, sawtooth, flat, or short (too few samples)
    confidence    TEXT NOT NULL,               -- high, medium or low
    slope_mb_per_hour REAL,                    -- Theil-Sen slope of RSS over time, MB per hour
    r2            REAL,                        -- R² of a least-squares line through the RSS values
    mk_z          REAL,                        -- Mann-Kendall trend statistic Z (positive: rising)
    mk_p          REAL,                        -- Mann-Kendall two-sided p-value (normal approximation)
    retained_kb   NUMERIC NOT NULL,            -- growth of the floor (RSS never gone below again) over the segment
    tail_share    REAL,                        -- share of the retained growth made in the last third of the segment
    drops         INTEGER NOT NULL,            -- times RSS fell back by the sawtooth threshold (collections)
    steps         INTEGER NOT NULL,            -- jumps of the floor that were never given back
    steady_rss_kb NUMERIC,                     -- median RSS over the second half of the segment
    limit_kb      NUMERIC,                     -- memory limit in force (samples' limit_kb, or --limit)
    hours_to_limit REAL,                       -- for a leak: hours from the last sample to the limit at this slope
    limit_at      TEXT,                        -- for a leak: projected time the limit is reached
    sibling_kb_per_hour REAL,                  -- median retained growth rate of the segment's siblings (same role)
    divergent     INTEGER NOT NULL DEFAULT 0,  -- 1 when this process grows far faster than its siblings
    artifact_id   INTEGER,                     -- artifact of the first sample
    line_first    INTEGER,                     -- line of the first sample
    line_last     INTEGER,                     -- line of the last sample
    reason        TEXT NOT NULL                -- the classification in one sentence, with its figures
);
CREATE INDEX trends_pid ON trends(pid);

-- Windows where memory rose fast or crossed a limit.
CREATE TABLE spikes (
    id            INTEGER PRIMARY KEY,
    trend_id      INTEGER NOT NULL REFERENCES trends(id) ON DELETE CASCADE, -- the segment it happened in
    host          TEXT,
    pid           INTEGER,
    process       TEXT,
    trigger       TEXT NOT NULL,               -- rise (fast rise) or limit (crossed the limit)
    ts_start      TEXT NOT NULL,               -- the low point before the rise
    ts_peak       TEXT NOT NULL,               -- the highest RSS of the spike
    ts_end        TEXT,                        -- when RSS gave back most of the rise; NULL: not recovered
    recovered     INTEGER NOT NULL,            -- 1 when RSS came back down, 0 when it stayed up
    rss_start_kb  NUMERIC NOT NULL,            -- RSS at ts_start
    rss_peak_kb   NUMERIC NOT NULL,            -- RSS at ts_peak
    rss_end_kb    NUMERIC,                     -- RSS at ts_end
    rise_kb       NUMERIC NOT NULL,            -- peak minus start
    rise_pct      REAL NOT NULL,               -- rise as a percentage of the start
    rate_mb_per_min REAL NOT NULL,             -- rise divided by the time from start to peak, MB per minute
    crossed_limit INTEGER NOT NULL,            -- 1 when the spike crossed the memory limit
    limit_kb      NUMERIC,                     -- the limit in force, if known
    artifact_id   INTEGER,                     -- artifact of the samples
    line_start    INTEGER,                     -- line of the start sample
    line_peak     INTEGER,                     -- line of the peak sample
    line_end      INTEGER                      -- line of the end sample
);
CREATE INDEX spikes_trend ON spikes(trend_id);

-- Endpoints and job classes counted in a spike or leak window against equal windows before and after.
CREATE TABLE window_counts (
    id            INTEGER PRIMARY KEY,
    subject       TEXT NOT NULL,               -- spike or trend
    subject_id    INTEGER NOT NULL,            -- spikes.id or trends.id
    item_kind     TEXT NOT NULL,               -- endpoint or job_class
    item          TEXT NOT NULL,               -- the endpoint or job class
    n_window      INTEGER NOT NULL,            -- requests or jobs started in the window
    n_before      INTEGER NOT NULL,            -- in the equal window before
    n_after       INTEGER NOT NULL,            -- in the equal window after
    window_s      REAL NOT NULL,               -- window length, seconds
    rate_ratio    REAL NOT NULL,               -- rate in the window over the rate before and after (+0.5 each)
    p_value       REAL NOT NULL                -- exact one-sided binomial test of n_window given the total
);
CREATE INDEX window_counts_subject ON window_counts(subject, subject_id);

-- Per-request RSS growth per endpoint within one segment (a Rails around-filter's performance.log), split into kept and given back.
CREATE TABLE endpoint_growth (
    id            INTEGER PRIMARY KEY,
    trend_id      INTEGER NOT NULL REFERENCES trends(id) ON DELETE CASCADE, -- the segment
    endpoint      TEXT NOT NULL,
    requests      INTEGER NOT NULL,            -- requests of the endpoint in the segment
    request_share REAL NOT NULL,               -- its share of the segment's requests
    total_delta_kb NUMERIC NOT NULL,           -- sum of the logged per-request RSS deltas
    mean_delta_kb REAL NOT NULL,               -- mean per-request delta
    p95_delta_kb  NUMERIC NOT NULL,            -- 95th percentile per-request delta
    max_delta_kb  NUMERIC NOT NULL,            -- largest per-request delta
    retained_kb   NUMERIC NOT NULL,            -- growth its requests added to the floor (see v_request_retained)
    growth_share  REAL NOT NULL,               -- retained_kb over the segment's retained growth
    enrichment    REAL NOT NULL,               -- growth_share over request_share
    given_back_kb NUMERIC NOT NULL,            -- positive deltas minus retained_kb: growth that was collected later
    retaining     INTEGER NOT NULL,            -- requests that raised the floor
    p_value       REAL NOT NULL                -- exact binomial test: more retaining requests than the segment's rate
);
CREATE INDEX endpoint_growth_trend ON endpoint_growth(trend_id);

-- Job classes that ran while memory rose, by how much of the rise fell inside their runs.
CREATE TABLE job_overlaps (
    id            INTEGER PRIMARY KEY,
    subject       TEXT NOT NULL,               -- spike or trend
    subject_id    INTEGER NOT NULL,            -- spikes.id or trends.id
    job_class     TEXT NOT NULL,               -- the job class
    runs          INTEGER NOT NULL,            -- runs overlapping the subject's time span
    time_share    REAL NOT NULL,               -- share of the sample intervals its runs overlap
    rise_kb       NUMERIC NOT NULL,            -- floor growth inside its runs (by overlap fraction)
    rise_share    REAL NOT NULL,               -- rise_kb over the subject's floor growth
    rising_intervals INTEGER NOT NULL,         -- sample intervals with a large floor rise
    rising_inside INTEGER NOT NULL,            -- of those, the intervals its runs overlap
    p_value       REAL NOT NULL                -- exact binomial test of rising_inside given time_share
);
CREATE INDEX job_overlaps_subject ON job_overlaps(subject, subject_id);

-- Ranked suspects across kinds: endpoint, job class, process, configuration, allocation site, gem, function.
CREATE TABLE suspects (
    id            INTEGER PRIMARY KEY,         -- also the rank: 1 is the first suspect
    kind          TEXT NOT NULL,               -- endpoint, job_class, process, configuration, allocation_site, gem or function
    name          TEXT NOT NULL,               -- the endpoint, job class, process or setting named
    score         REAL NOT NULL,               -- 0-100: share of the growth it explains, times the confidence weight
    confidence    TEXT NOT NULL,               -- confident (evidence agrees) or hedged
    explained_kb  NUMERIC NOT NULL,            -- memory growth attributed to it
    reason        TEXT NOT NULL,               -- one sentence with the figures
    sql           TEXT NOT NULL                -- a query that reproduces the main figure
);

-- The rows behind each suspect: file, line and what the row shows.
CREATE TABLE suspect_evidence (
    id            INTEGER PRIMARY KEY,
    suspect_id    INTEGER NOT NULL REFERENCES suspects(id) ON DELETE CASCADE, -- the suspect: suspects.id (its rank)
    ordinal       INTEGER NOT NULL,            -- order within the suspect
    label         TEXT NOT NULL,               -- what the row shows
    artifact_id   INTEGER,                     -- the artifact (file) of the row
    file          TEXT,                        -- that artifact's name
    line          INTEGER,                     -- first line of the row in the file
    line_end      INTEGER,                     -- last line, for multi-line rows
    ts            TEXT,                        -- time of the row
    value         TEXT                         -- the figure the row contributes
);
CREATE INDEX suspect_evidence_suspect ON suspect_evidence(suspect_id);

-- How many workers of a role fit in the machine's memory (or the quota), from their steady-state RSS.
CREATE TABLE worker_budgets (
    id            INTEGER PRIMARY KEY,
    host          TEXT,
    role          TEXT NOT NULL,               -- the sibling group (host/process)
    workers_seen  INTEGER NOT NULL,            -- distinct processes of the role
    steady_rss_kb NUMERIC NOT NULL,            -- median steady-state RSS of its non-leaking processes
    peak_rss_kb   NUMERIC NOT NULL,            -- highest RSS seen among them
    memory_kb     NUMERIC NOT NULL,            -- memory available: --memory or the limit
    memory_source TEXT NOT NULL,               -- --memory or limit_kb
    others_kb     NUMERIC NOT NULL,            -- steady RSS of the other roles on the host
    headroom_pct  REAL NOT NULL,               -- share of memory kept free
    workers_fit   INTEGER NOT NULL             -- floor((memory - headroom - others) / peak RSS per worker)
);

-- Extra indexes for correlation windows (range scans per process).
CREATE INDEX requests_pid_start ON requests(pid, ts_start);
CREATE INDEX jobs_pid_start ON jobs(pid, ts_start);
CREATE INDEX request_memory_ts ON request_memory(ts);

-- Per-request RSS lines with the growth each one added to the process's floor: the RSS the process never went
-- below again (minimum of this and every later RSS of the same host and pid, up to where the log settled: the
-- lowest RSS of its last 10% of lines; what came after may be a transient not yet collected and earns nothing).
-- Floor increments sum to the process's retained growth; a big delta that was given back adds nothing.
CREATE VIEW v_request_retained AS
SELECT id, artifact_id, line, ts, host, pid, endpoint, url, delta_kb, rss_kb, floor_kb,
       CASE WHEN floor_kb IS NULL THEN 0
            WHEN prev_floor_kb IS NULL THEN max(0, floor_kb - (rss_kb - delta_kb))
            ELSE floor_kb - prev_floor_kb END AS retained_kb
FROM (
    SELECT *, lag(floor_kb) OVER (PARTITION BY host, pid ORDER BY ts, id) AS prev_floor_kb
    FROM (
        SELECT *, min(CASE WHEN rn <= settled THEN rss_kb END)
                    OVER (PARTITION BY host, pid ORDER BY ts DESC, id DESC ROWS UNBOUNDED PRECEDING) AS floor_kb
        FROM (
            SELECT *, min(CASE WHEN rn > tail_start AND rss_kb = tail_min THEN rn END)
                        OVER (PARTITION BY host, pid) AS settled
            FROM (
                SELECT *, min(CASE WHEN rn > tail_start THEN rss_kb END) OVER (PARTITION BY host, pid) AS tail_min
                FROM (
                    SELECT m.*, row_number() OVER (PARTITION BY m.host, m.pid ORDER BY m.ts, m.id) AS rn,
                           count(*) OVER (PARTITION BY m.host, m.pid)
                             - max(1, count(*) OVER (PARTITION BY m.host, m.pid) / 10) AS tail_start
                    FROM request_memory m
                )
            )
        )
    )
);

-- Suspects with their evidence rows, in rank order.
CREATE VIEW v_suspects AS
SELECT s.id AS rank, s.kind, s.name, s.score, s.confidence, s.reason, e.label, e.file, e.line, e.value
FROM suspects s LEFT JOIN suspect_evidence e ON e.suspect_id = s.id
ORDER BY s.id, e.ordinal;
