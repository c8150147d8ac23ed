-- memline clock skew between sources: what `memline analyze` measured, and the offsets applied to artifacts.
-- Offsets are milliseconds to ADD to the skewed artifact's times to put them on the reference's clock.

-- Offsets applied to an artifact by `memline skew apply`, `skew --auto` or `ingest --clock-offset`.
ALTER TABLE artifacts ADD COLUMN clock_offset_ms INTEGER NOT NULL DEFAULT 0; -- ms added to every stored time of the artifact
ALTER TABLE artifacts ADD COLUMN clock_offset_source TEXT;  -- how it was chosen: request_id, rss_alignment, manual, ingest
ALTER TABLE artifacts ADD COLUMN request_ids INTEGER NOT NULL DEFAULT 0; -- requests stored with a request id (clock-skew pairs)
-- Artifacts stored before this migration: counted once here (one scan of requests).
UPDATE artifacts SET request_ids = c.n
FROM (SELECT artifact_id, count(*) AS n FROM requests WHERE request_id IS NOT NULL GROUP BY artifact_id) AS c
WHERE c.artifact_id = artifacts.id;

-- One row per pair of artifacts whose clocks disagree, written by `memline analyze` (replaced on each run).
CREATE TABLE clock_skews (
    id                    INTEGER PRIMARY KEY,
    reference_artifact_id INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE, -- the clock taken as right
    skewed_artifact_id    INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE, -- the clock measured against it
    method                TEXT NOT NULL,       -- request_id (same request in both) or rss_alignment (same process)
    subject               TEXT,                -- rss_alignment: the process (pid 1234 on vm); request_id: NULL
    offset_ms             INTEGER NOT NULL,    -- median offset: add it to the skewed artifact's times
    spread_ms             REAL NOT NULL,       -- ms: median absolute deviation of the pairs (request_id), width of the near-best shifts (rss_alignment)
    pairs                 INTEGER NOT NULL,    -- matched requests, or samples compared at the best shift
    confidence            TEXT NOT NULL,       -- confident (pairs agree) or hedged, see reason
    prior_offset_ms       INTEGER NOT NULL,    -- the skewed artifact's clock_offset_ms when this was measured
    reason                TEXT NOT NULL,       -- the figures in one sentence
    sql                   TEXT NOT NULL        -- a query that shows the pairs behind the offset
);

-- Detected skews and applied offsets, with artifact names.
CREATE VIEW v_clock_skews AS
SELECT s.id, r.name AS reference, k.name AS skewed, s.method, s.subject, s.offset_ms, s.spread_ms, s.pairs,
       s.confidence, s.prior_offset_ms, k.clock_offset_ms AS applied_ms, s.reason
FROM clock_skews s
JOIN artifacts r ON r.id = s.reference_artifact_id
JOIN artifacts k ON k.id = s.skewed_artifact_id;
