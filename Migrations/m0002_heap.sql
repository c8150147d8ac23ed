-- memline Ruby heap schema: ObjectSpace.dump_all snapshots, their objects, references and roots,
-- GC.stat samples, and the results of `memline heap diff`. Addresses are INTEGER (0x7f9cff6dc150 as a number;
-- hex(address) or printf('0x%x', address) shows them again). Memory sizes are in bytes, as Ruby reports them.

-- One Ruby heap dump file (ObjectSpace.dump_all): its label, when it was taken, and its totals.
CREATE TABLE heap_snapshots (
    id              INTEGER PRIMARY KEY,
    artifact_id     INTEGER NOT NULL UNIQUE REFERENCES artifacts(id) ON DELETE CASCADE,
    line            INTEGER NOT NULL,          -- first line of the dump holding an object
    label           TEXT NOT NULL,             -- --label, else the file name without extensions; names it in `heap diff`
    taken_at        TEXT,                      -- when the dump was taken, UTC ISO-8601 (see taken_at_source)
    taken_at_source TEXT,                      -- where taken_at came from: option (--at), file name, or mtime
    host            TEXT,
    pid             INTEGER,                   -- process id, when the file name carries one (heap-pid1234-…)
    objects         INTEGER NOT NULL DEFAULT 0,-- object records stored (every type but ROOT and SHAPE)
    memsize         INTEGER NOT NULL DEFAULT 0,-- sum of the objects' memsize, bytes
    refs            INTEGER NOT NULL DEFAULT 0,-- reference edges (see heap_refs)
    roots           INTEGER NOT NULL DEFAULT 0,-- root edges stored in heap_roots
    shapes          INTEGER NOT NULL DEFAULT 0,-- SHAPE records (Ruby 3.2+ object shapes): counted, not stored
    traced          INTEGER NOT NULL DEFAULT 0,-- objects with an allocation file (trace_object_allocations was on)
    max_generation  INTEGER,                   -- highest GC generation of any object (about GC.count at the dump)
    first_object_id INTEGER,                   -- the snapshot's objects are heap_object_rows first_object_id..last_object_id
    last_object_id  INTEGER                    -- (NULL when the dump held no object)
);

-- The stored objects of every snapshot, one per dump line, in dump order; read them through the heap_objects
-- view. A snapshot's rows are one id range (heap_snapshots.first_object_id..last_object_id), so they need no
-- snapshot column and no index: a million-object dump is stored as fast as SQLite appends rows.
CREATE TABLE heap_object_rows (
    id              INTEGER PRIMARY KEY,
    line            INTEGER NOT NULL,          -- line of the dump file holding this object
    address         INTEGER NOT NULL,          -- the object's address (hex in the dump)
    type            TEXT NOT NULL,             -- STRING, ARRAY, HASH, OBJECT, CLASS, MODULE, ICLASS, DATA, IMEMO…
    class_address   INTEGER,                   -- address of the object's class (may be a singleton class)
    site_id         INTEGER,                   -- allocation site: heap_sites.id (NULL when untraced)
    generation      INTEGER,                   -- GC generation (GC.count) when it was allocated
    memsize         INTEGER,                   -- bytes used by the object, slot included
    bytesize        INTEGER,                   -- string length in bytes (STRING, SYMBOL)
    length          INTEGER,                   -- number of elements (ARRAY, STRUCT)
    size            INTEGER,                   -- number of entries (HASH)
    slot_size       INTEGER,                   -- size of the heap slot, bytes (Ruby 3.2+)
    flags           INTEGER NOT NULL DEFAULT 0,-- bits: 1 frozen, 2 embedded, 4 fstring, 8 shared, 16 old, 32 uncollectible, 64 marked, 128 wb_protected, 256 singleton, 512 chilled
    name            TEXT,                      -- for CLASS and MODULE records: the constant name (NULL when anonymous)
    subtype         TEXT,                      -- imemo_type of IMEMO objects, struct of DATA objects (mutex, Date…)
    value_prefix    TEXT,                      -- first 40 characters of a STRING's or SYMBOL's value
    refs            TEXT                       -- addresses this object references, as a JSON array of integers (NULL when none)
);

-- Allocation sites (file, line, method) of traced heap objects, shared by all snapshots.
CREATE TABLE heap_sites (
    id              INTEGER PRIMARY KEY,
    file            TEXT NOT NULL,             -- allocation file (ObjectSpace.trace_object_allocations)
    line_no         INTEGER,                   -- allocation line in that file
    method          TEXT,                      -- method that allocated the object
    gem             TEXT NOT NULL              -- gem or library of the file: 'newrelic_rpm 3.9.6', 'stdlib', 'app'
);

-- Class and module names of a snapshot by address, from its CLASS/MODULE/ICLASS records (a singleton class
-- takes the name of the class it is attached to); anonymous classes have no row.
CREATE TABLE heap_classes (
    snapshot_id     INTEGER NOT NULL REFERENCES heap_snapshots(id) ON DELETE CASCADE, -- heap_snapshots.id
    address         INTEGER NOT NULL,          -- the class record's address
    name            TEXT NOT NULL,             -- its name
    PRIMARY KEY (snapshot_id, address)
) WITHOUT ROWID;

-- Deleting a snapshot (or its artifact) deletes its objects: they are one id range.
CREATE TRIGGER heap_snapshots_delete_objects AFTER DELETE ON heap_snapshots
BEGIN
    DELETE FROM heap_object_rows WHERE id BETWEEN old.first_object_id AND old.last_object_id;
END;

-- Objects of a heap snapshot, one per dump line (ObjectSpace.dump_all's per-object JSON), with their class name
-- and allocation site resolved. Filter on snapshot_id: it selects one id range of heap_object_rows.
CREATE VIEW heap_objects AS
SELECT o.id,                                   -- heap_object_rows.id
       s.id AS snapshot_id,                    -- heap_snapshots.id
       s.artifact_id,                          -- the dump file: artifacts.id
       o.line,                                 -- line of the dump file holding this object
       o.address,                              -- the object's address (hex in the dump)
       o.type,                                 -- STRING, ARRAY, HASH, OBJECT, CLASS, MODULE, ICLASS, DATA, IMEMO…
       o.class_address,                        -- address of the object's class (may be a singleton class)
       CASE WHEN o.type = 'IMEMO' THEN NULL ELSE c.name END AS class_name, -- name of that class from the dump's CLASS/MODULE records; NULL for anonymous ones
       o.name,                                 -- for CLASS and MODULE records: the constant name (NULL when anonymous)
       o.subtype,                              -- imemo_type of IMEMO objects, struct of DATA objects (mutex, Date…)
       t.file,                                 -- allocation file (only with ObjectSpace.trace_object_allocations)
       t.line_no,                              -- allocation line in that file (the column line is the dump's line)
       t.method,                               -- method that allocated the object
       o.generation,                           -- GC generation (GC.count) when it was allocated
       o.memsize,                              -- bytes used by the object, slot included
       o.bytesize,                             -- string length in bytes (STRING, SYMBOL)
       o.length,                               -- number of elements (ARRAY, STRUCT)
       o.size,                                 -- number of entries (HASH)
       o.slot_size,                            -- size of the heap slot, bytes (Ruby 3.2+)
       o.flags,                                -- bits: 1 frozen, 2 embedded, 4 fstring, 8 shared, 16 old, 32 uncollectible, 64 marked, 128 wb_protected, 256 singleton, 512 chilled
       o.value_prefix,                         -- first 40 characters of a STRING's or SYMBOL's value
       t.gem                                   -- gem or library of the allocation file: 'newrelic_rpm 3.9.6', 'stdlib', 'app'
FROM heap_snapshots s
JOIN heap_object_rows o ON o.id BETWEEN s.first_object_id AND s.last_object_id
LEFT JOIN heap_sites t ON t.id = o.site_id
LEFT JOIN heap_classes c ON c.snapshot_id = s.id AND c.address = o.class_address;

-- References between the objects of a snapshot: from_address holds a reference to to_address (heap_object_rows.refs
-- unnested, in dump order).
CREATE VIEW heap_refs AS
SELECT s.id AS snapshot_id,                    -- heap_snapshots.id
       o.address AS from_address,              -- the referring object's address
       r.value AS to_address                   -- the referenced object's address
FROM heap_snapshots s
JOIN heap_object_rows o ON o.id BETWEEN s.first_object_id AND s.last_object_id
JOIN json_each(o.refs) r
WHERE o.refs IS NOT NULL;

-- GC roots of a snapshot (ROOT records): what keeps objects alive without being an object.
CREATE TABLE heap_roots (
    snapshot_id     INTEGER NOT NULL REFERENCES heap_snapshots(id) ON DELETE CASCADE, -- heap_snapshots.id
    root            TEXT NOT NULL,             -- vm, machine_context, global_list, global_tbl, finalizer…
    address         INTEGER NOT NULL           -- an object the root references
);
CREATE INDEX heap_roots_snapshot ON heap_roots(snapshot_id);

-- GC.stat samples (Hash#inspect, Ruby 3.4 inspect, JSON, Logger-prefixed): the Ruby heap of one process over time.
CREATE TABLE gc_samples (
    id                      INTEGER PRIMARY KEY,
    artifact_id             INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE,
    line                    INTEGER NOT NULL,  -- the line holding the GC.stat hash
    ts                      TEXT,              -- time of the sample, UTC ISO-8601 (NULL when the file has none)
    host                    TEXT,
    pid                     INTEGER,
    count                   INTEGER,           -- GC runs so far (minor + major)
    minor_gc_count          INTEGER,           -- minor (young generation) GC runs
    major_gc_count          INTEGER,           -- major (full) GC runs
    heap_live_slots         INTEGER,           -- slots holding live objects
    heap_free_slots         INTEGER,           -- empty slots ready for new objects
    heap_allocated_pages    INTEGER,           -- heap pages (16 KiB, ~408 slots each) allocated
    total_allocated_objects INTEGER,           -- objects allocated since the process started
    total_freed_objects     INTEGER,           -- objects freed since the process started
    malloc_increase_bytes   INTEGER,           -- bytes malloc'ed outside the heap since the last GC
    old_objects             INTEGER,           -- objects promoted to the old generation
    raw                     TEXT NOT NULL      -- every key of the sample as a JSON object
);
CREATE INDEX gc_samples_pid_ts ON gc_samples(pid, ts);
CREATE INDEX gc_samples_artifact ON gc_samples(artifact_id);

-- Leak groups found by `memline heap diff`: objects in TARGET, not in BASE, still in every LATER snapshot
-- (with one snapshot: all its objects, grouped).
CREATE TABLE heap_diff (
    id              INTEGER PRIMARY KEY,
    base_id         INTEGER NOT NULL REFERENCES heap_snapshots(id) ON DELETE CASCADE, -- the BASE snapshot (= target_id for one snapshot's heap by site)
    target_id       INTEGER NOT NULL REFERENCES heap_snapshots(id) ON DELETE CASCADE, -- the TARGET snapshot
    later_ids       TEXT NOT NULL,             -- the LATER snapshots' ids, comma-separated ('' when none)
    grouping        TEXT NOT NULL,             -- what the group is keyed by: site, class, type, gem
    key             TEXT NOT NULL,             -- the group: 'app/web.rb:26', 'String', 'STRING', 'newrelic_rpm 3.9.6'
    rank            INTEGER NOT NULL,          -- 1 = most retained memsize within its grouping
    objects         INTEGER NOT NULL,          -- leaked objects in the group
    memsize         INTEGER NOT NULL,          -- their memsize in the TARGET snapshot, bytes
    counts          TEXT NOT NULL,             -- JSON array: the group's live objects in BASE, TARGET, each LATER
    growth          TEXT NOT NULL,             -- JSON array: change in that count between each pair of snapshots
    sample_address  INTEGER,                   -- one leaked object of the group (retention paths start here)
    retention_path  TEXT                       -- shortest path from a GC root to the sample, through heap_refs
);
CREATE INDEX heap_diff_pair ON heap_diff(base_id, target_id);

-- Who holds a leak group's objects: its direct referrers in the last snapshot, grouped by class and site.
CREATE TABLE heap_retainers (
    id              INTEGER PRIMARY KEY,
    diff_id         INTEGER NOT NULL REFERENCES heap_diff(id) ON DELETE CASCADE, -- heap_diff.id of the group
    retainer        TEXT NOT NULL,             -- the referrers' class (or 'ROOT name', or type when anonymous)
    site            TEXT,                      -- allocation site of the referrers, file:line (NULL when untraced)
    retainers       INTEGER NOT NULL,          -- referring objects of this class and site
    held            INTEGER NOT NULL           -- the group's leaked objects they reference directly
);
CREATE INDEX heap_retainers_diff ON heap_retainers(diff_id);

-- Snapshots with their file, in time order.
CREATE VIEW v_heap_snapshots AS
SELECT s.id, s.label, s.taken_at, s.taken_at_source, s.host, s.pid, s.objects,
       round(s.memsize / 1048576.0, 2) AS memsize_mb, s.refs, s.roots, s.traced, s.max_generation, a.name AS file
FROM heap_snapshots s JOIN artifacts a ON a.id = s.artifact_id
ORDER BY s.taken_at, s.id;

-- Objects with their snapshot label, allocation site and readable flags.
CREATE VIEW v_heap_objects AS
SELECT o.snapshot_id, s.label, printf('0x%x', o.address) AS address, o.type,
       coalesce(o.class_name, o.name, o.type) AS class_name, o.name, o.subtype,
       CASE WHEN o.file IS NULL THEN NULL ELSE o.file || ':' || o.line_no END AS site,
       o.method, o.generation, o.memsize, o.bytesize, o.length, o.size, o.value_prefix, o.gem,
       (o.flags & 1) != 0 AS frozen, (o.flags & 16) != 0 AS old, o.line
FROM heap_objects o JOIN heap_snapshots s ON s.id = o.snapshot_id;

-- Objects per snapshot and allocation site: the heap by site (one snapshot, or a trend across several).
CREATE VIEW v_heap_sites AS
SELECT s.id AS snapshot_id, s.label, s.taken_at, t.file || ':' || t.line_no AS site, t.gem,
       count(*) AS objects, sum(o.memsize) AS memsize
FROM heap_snapshots s
JOIN heap_object_rows o ON o.id BETWEEN s.first_object_id AND s.last_object_id
JOIN heap_sites t ON t.id = o.site_id
GROUP BY s.id, t.file, t.line_no;

-- Leaked allocation sites from the latest `memline heap diff` of each snapshot pair, biggest first.
CREATE VIEW v_heap_leaks AS
SELECT b.label AS base, t.label AS target, d.later_ids, d.key AS site, d.objects, d.memsize, d.counts, d.growth,
       d.retention_path
FROM heap_diff d
JOIN heap_snapshots b ON b.id = d.base_id
JOIN heap_snapshots t ON t.id = d.target_id
WHERE d.grouping = 'site'
ORDER BY d.memsize DESC;

-- GC samples next to each other: runs, live slots and malloc growth per process over time.
CREATE VIEW v_gc AS
SELECT g.ts, g.host, g.pid, g.count, g.minor_gc_count, g.major_gc_count, g.heap_live_slots, g.heap_free_slots,
       g.heap_allocated_pages, g.old_objects, g.malloc_increase_bytes, a.name AS file, g.line
FROM gc_samples g JOIN artifacts a ON a.id = g.artifact_id;
