-- memline heap dumps cut mid-object: stored as partial snapshots and flagged wherever a snapshot is shown.
ALTER TABLE heap_snapshots ADD COLUMN partial_line INTEGER; -- line where the dump was cut mid-object (a partial snapshot: objects after it are missing); NULL when whole
