-- memline folding: the same stream exported twice (a `heroku logs` capture and the Papertrail archive of the same
-- hours, a log copied before and after rotation) is stored once. A row an artifact reads that another artifact
-- already holds (the same request id and fields, or the same time, source and message) is not stored again: it is
-- counted here, with the artifact and line that hold it.
ALTER TABLE artifacts ADD COLUMN folded INTEGER NOT NULL DEFAULT 0; -- rows read but not stored: another artifact already holds them (folded_rows)

-- One row per row an artifact read that another artifact already held: where it was read, and where it is kept.
CREATE TABLE folded_rows (
    id               INTEGER PRIMARY KEY,
    artifact_id      INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE, -- the artifact that read the row again
    line             INTEGER NOT NULL,         -- its line there (the first line of a multi-line record)
    row_table        TEXT NOT NULL,            -- the table the row belongs to: requests, events, rss_rows, jobs, gc_samples, process_samples, metric_samples
    held_artifact_id INTEGER REFERENCES artifacts(id) ON DELETE SET NULL, -- the artifact whose row is kept; NULL once that artifact is gone
    held_row_id      INTEGER,                  -- the kept row's id in row_table
    held_line        INTEGER                   -- the kept row's line in its artifact
);
CREATE INDEX folded_rows_artifact ON folded_rows(artifact_id);
CREATE INDEX folded_rows_held ON folded_rows(held_artifact_id);

-- Folded rows with the names of both files.
CREATE VIEW v_folded_rows AS
SELECT f.id, a.name AS file, f.line, f.row_table, h.name AS held_by, f.held_line, f.held_row_id
FROM folded_rows f
JOIN artifacts a ON a.id = f.artifact_id
LEFT JOIN artifacts h ON h.id = f.held_artifact_id;
