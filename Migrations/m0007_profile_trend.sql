-- memline schema: `memline profile trend`, the growth per function over a series of heap profiles of one process
-- (jemalloc's interval dumps jeprof.<pid>.<seq>.i<n>.heap, in sequence order). Sizes are unbiased bytes.

-- Per function, its in-use bytes at every dump of one process's series and how they moved (replaced on each run).
CREATE TABLE profile_trend (
    id                 INTEGER PRIMARY KEY,
    pid                INTEGER,                   -- the process whose dumps these are (heap_profiles.pid); NULL when the names carry none
    grouping           TEXT NOT NULL,             -- flat (the function that allocated) or cumulative (any function on the stack)
    function           TEXT NOT NULL,             -- a function name, or module+0xoffset when unsymbolized
    rank               INTEGER NOT NULL,          -- 1 = most growth from the first dump to the last within its grouping
    profiles           INTEGER NOT NULL,          -- dumps in the series
    first_id           INTEGER NOT NULL REFERENCES heap_profiles(id) ON DELETE CASCADE, -- the first dump (profile_diff.base_id)
    last_id            INTEGER NOT NULL REFERENCES heap_profiles(id) ON DELETE CASCADE, -- the last dump (profile_diff.target_id)
    profile_ids        TEXT NOT NULL,             -- JSON array of heap_profiles.id in series order
    bytes_series       TEXT NOT NULL,             -- JSON array of the function's unbiased in-use bytes at each dump (json_each expands it)
    first_bytes        REAL NOT NULL,             -- unbiased in-use bytes at the first dump
    last_bytes         REAL NOT NULL,             -- unbiased in-use bytes at the last dump
    peak_bytes         REAL NOT NULL,             -- the most it held at any dump
    growth_bytes       REAL NOT NULL,             -- last_bytes - first_bytes (profile diff FIRST LAST gives the same)
    rate_per_hour      REAL,                      -- growth_bytes per hour between the first and last dump's taken_at; NULL when the times are unknown or equal
    rate_per_dump      REAL NOT NULL,             -- growth_bytes / (profiles - 1)
    rising_steps       INTEGER NOT NULL,          -- steps (dump to next dump) in which the function held more
    falling_steps      INTEGER NOT NULL,          -- steps in which it held less
    kendall_tau        REAL NOT NULL,             -- Mann-Kendall S over all pairs of dumps / pairs: 1 = rose at every later dump, -1 = fell
    largest_step_share REAL,                      -- the largest single rise as a fraction of growth_bytes (NULL without growth): near 1 = one jump
    shape              TEXT NOT NULL              -- steady growth, one jump, up and down, flat or shrinking (see docs/ANALYSIS.md)
);
CREATE INDEX profile_trend_series ON profile_trend(pid, grouping);
