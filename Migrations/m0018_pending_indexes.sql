-- Indexes an ingest of several files dropped to load into empty tables, to be built once when its last file is
-- stored. A row here means its index is missing: opening the database for writing builds it (an ingest killed
-- between two files).
CREATE TABLE pending_indexes (
    name            TEXT PRIMARY KEY,          -- the index: rss_rows_series
    tbl_name        TEXT NOT NULL,             -- its table: rss_rows
    sql             TEXT NOT NULL              -- the CREATE INDEX statement that builds it again
) WITHOUT ROWID;
