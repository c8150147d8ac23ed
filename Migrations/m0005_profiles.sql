-- memline schema beyond Ruby: native heap profiles (jemalloc heap_v2, gperftools `heap profile:`), their stacks,
-- frames, mapped libraries and symbols, `memline profile diff` results; Erlang/Elixir process snapshots; and
-- Prometheus series. Addresses are INTEGER (0x560ca9f99177 as a number; printf('0x%x', address) shows them again;
-- addresses above 2^63, such as [vsyscall], are stored as their two's-complement negative). Sizes are bytes.

-- One heap profile file: who dumped it, when, why, and how it was sampled.
CREATE TABLE heap_profiles (
    id               INTEGER PRIMARY KEY,
    artifact_id      INTEGER NOT NULL UNIQUE REFERENCES artifacts(id) ON DELETE CASCADE,
    line             INTEGER NOT NULL,          -- the header line (heap_v2/16384, heap profile: …)
    label            TEXT NOT NULL,             -- --label, else the file name without .heap/.gz; names it in `profile diff`
    kind             TEXT NOT NULL,             -- jemalloc-heap or gperftools-heap
    profile_type     TEXT,                      -- the header's type: heap_v2, heapz_v2, heap, heapprofile, growthz
    dump_trigger     TEXT,                      -- why jemalloc dumped it, from the file name: interval (.i<n>), final (.f), manual (.m<n>, prof.dump), gdump (.u<n>)
    pid              INTEGER,                   -- the dumping process, from the file name (jeprof.<pid>.<seq>.…)
    seq              INTEGER,                   -- jemalloc's dump sequence number in that process (the <seq> of the name)
    trigger_seq      INTEGER,                   -- the <n> of .i<n>/.m<n>/.u<n>: the n-th dump of that trigger
    taken_at         TEXT,                      -- when the dump was written, UTC ISO-8601 (see taken_at_source)
    taken_at_source  TEXT,                      -- where taken_at came from: option (--at) or mtime
    host             TEXT,
    sample_period    INTEGER,                   -- mean bytes between samples (2^lg_prof_sample; heap_v2/N, @ heap_v2/N); NULL: every allocation
    sampling         TEXT NOT NULL,             -- how counts were unbiased, as jeprof does: poisson (v2), uniform (v1), none
    stacks           INTEGER NOT NULL DEFAULT 0,-- stacks stored in profile_stacks
    objects          INTEGER NOT NULL DEFAULT 0,-- in-use objects sampled (sum of the stacks, as written)
    bytes            INTEGER NOT NULL DEFAULT 0,-- in-use bytes sampled (sum of the stacks, as written)
    objects_unbiased REAL NOT NULL DEFAULT 0,   -- in-use objects estimated for the whole heap (sum of the stacks' unbiased counts)
    bytes_unbiased   REAL NOT NULL DEFAULT 0,   -- in-use bytes estimated for the whole heap: what `jeprof --text` calls Total
    alloc_objects    INTEGER,                   -- objects allocated since start (the [n: s] pair; 0 in jemalloc without prof_accum)
    alloc_bytes      INTEGER,                   -- bytes allocated since start, as written
    threads          INTEGER NOT NULL DEFAULT 0,-- distinct threads in jemalloc's per-thread tN: lines
    maps             INTEGER NOT NULL DEFAULT 0 -- MAPPED_LIBRARIES / Memory map lines stored in profile_maps
);

-- Allocation stacks of a heap profile with what they hold in use.
CREATE TABLE profile_stacks (
    id               INTEGER PRIMARY KEY,
    profile_id       INTEGER NOT NULL REFERENCES heap_profiles(id) ON DELETE CASCADE, -- heap_profiles.id
    line             INTEGER NOT NULL,          -- the line with the stack's counts (t*: for jemalloc)
    depth            INTEGER NOT NULL,          -- number of frames
    frames           TEXT NOT NULL,             -- the return addresses as written, youngest (the allocation) first
    objects          INTEGER NOT NULL,          -- in-use objects sampled on this stack
    bytes            INTEGER NOT NULL,          -- in-use bytes sampled on this stack
    alloc_objects    INTEGER,                   -- objects allocated on this stack since start (as written)
    alloc_bytes      INTEGER,                   -- bytes allocated on this stack since start (as written)
    objects_unbiased REAL NOT NULL,             -- objects scaled for sampling (see heap_profiles.sampling)
    bytes_unbiased   REAL NOT NULL              -- bytes scaled for sampling: bytes / (1 - exp(-(bytes/objects)/sample_period)) for poisson
);
CREATE INDEX profile_stacks_profile ON profile_stacks(profile_id);

-- The frames of each stack, one row per frame: join to profile_symbols through symbol_file and lookup_offset.
CREATE TABLE profile_frames (
    stack_id         INTEGER NOT NULL REFERENCES profile_stacks(id) ON DELETE CASCADE, -- profile_stacks.id
    profile_id       INTEGER NOT NULL REFERENCES heap_profiles(id) ON DELETE CASCADE, -- heap_profiles.id
    depth            INTEGER NOT NULL,          -- 0 = the youngest frame (where the allocation happened), 1 its caller…
    address          INTEGER NOT NULL,          -- the frame's address as written (a return address above depth 0)
    symbol_file      TEXT,                      -- the file symbolized for this frame's mapping (set by `profile symbolize`)
    lookup_offset    INTEGER,                   -- the offset looked up in symbol_file: address (minus 1 above depth 0, as jeprof does) - map start + map offset
    function         TEXT,                      -- innermost function at the frame, once symbolized
    location         TEXT                       -- file:line of the frame, once symbolized ('?' when unknown)
);
CREATE INDEX profile_frames_stack ON profile_frames(stack_id);
CREATE INDEX profile_frames_profile ON profile_frames(profile_id, address);

-- The dumping process's memory map (MAPPED_LIBRARIES: /proc/self/maps, or gperftools' --- Memory map: ---).
CREATE TABLE profile_maps (
    id               INTEGER PRIMARY KEY,
    profile_id       INTEGER NOT NULL REFERENCES heap_profiles(id) ON DELETE CASCADE, -- heap_profiles.id
    line             INTEGER NOT NULL,          -- the map line in the profile
    start_address    INTEGER NOT NULL,          -- first address of the mapping
    end_address      INTEGER NOT NULL,          -- first address after it
    perms            TEXT,                      -- r-xp, rw-p… (NULL in gperftools' cooked form)
    file_offset      INTEGER NOT NULL DEFAULT 0,-- offset in the file mapped at start_address
    path             TEXT                       -- the mapped file, [heap], [stack]…; NULL for anonymous memory
);
CREATE INDEX profile_maps_profile ON profile_maps(profile_id, start_address);

-- Symbols found by `memline profile symbolize` (addr2line, llvm-symbolizer or nm), cached per file and offset.
CREATE TABLE profile_symbols (
    id               INTEGER PRIMARY KEY,
    symbol_file      TEXT NOT NULL,             -- the binary or library read, as given (--binary) or as mapped
    lookup_offset    INTEGER NOT NULL,          -- the offset looked up in it
    inline_depth     INTEGER NOT NULL,          -- 0 = the innermost function at the offset, 1 = the function it is inlined into…
    function         TEXT,                      -- demangled function name; NULL when the tool found none
    location         TEXT,                      -- source file:line, or '?'
    tool             TEXT NOT NULL,             -- addr2line, llvm-symbolizer or nm
    UNIQUE (symbol_file, lookup_offset, inline_depth)
);

-- Growth between two heap profiles from `memline profile diff BASE TARGET` (like jeprof --base): TARGET minus BASE.
CREATE TABLE profile_diff (
    id               INTEGER PRIMARY KEY,
    base_id          INTEGER NOT NULL REFERENCES heap_profiles(id) ON DELETE CASCADE, -- the BASE profile
    target_id        INTEGER NOT NULL REFERENCES heap_profiles(id) ON DELETE CASCADE, -- the TARGET profile
    grouping         TEXT NOT NULL,             -- flat (the function that allocated), cumulative (any function on the stack), stack
    key              TEXT NOT NULL,             -- a function name (or module+0xoffset when unsymbolized), or a stack's functions joined by ' < '
    rank             INTEGER NOT NULL,          -- 1 = most growth in bytes within its grouping
    base_bytes       REAL NOT NULL,             -- unbiased in-use bytes in BASE
    target_bytes     REAL NOT NULL,             -- unbiased in-use bytes in TARGET
    growth_bytes     REAL NOT NULL,             -- target_bytes - base_bytes
    growth_objects   REAL NOT NULL,             -- unbiased in-use objects, TARGET minus BASE
    share            REAL NOT NULL              -- growth_bytes as a fraction of the total growth (jeprof --text's percentage / 100)
);
CREATE INDEX profile_diff_pair ON profile_diff(base_id, target_id);

-- Erlang/Elixir per-process snapshots (process_info printed with ~p or IO.inspect, recon:proc_count results).
CREATE TABLE process_samples (
    id                INTEGER PRIMARY KEY,
    artifact_id       INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE,
    line              INTEGER NOT NULL,         -- first line of the process's entry
    ts                TEXT NOT NULL,
    host              TEXT,                     -- --host, or the node when the snapshot names one
    pid               TEXT,                     -- the Erlang pid as printed, <0.123.0> (#PID<0.123.0> in Elixir); NULL when the snapshot omits it
    registered_name   TEXT,                     -- registered name, NULL when not registered ([] in process_info)
    memory            INTEGER,                  -- bytes: process_info memory (heap, stack, mailbox and internal structures)
    message_queue_len INTEGER,                  -- messages waiting in the mailbox
    reductions        INTEGER,                  -- reductions (work done) since the process started
    current_function  TEXT,                     -- module:function/arity it is running or waiting in (code_server:call/1)
    initial_call      TEXT,                     -- module:function/arity it was spawned with (proc_lib:init_p/5)
    total_heap_size   INTEGER,                  -- words: all heap fragments of the process (young + old)
    heap_size         INTEGER,                  -- words: the young heap
    status            TEXT,                     -- waiting, running, runnable, garbage_collecting…
    snapshot          TEXT                      -- what the snapshot's timestamp line says after the time (full process_info(x)…)
);
CREATE INDEX process_samples_pid_ts ON process_samples(pid, ts);

-- Numeric series: Prometheus samples (exposition text, query/query_range JSON) and erlang:memory() categories.
CREATE TABLE metric_samples (
    id                INTEGER PRIMARY KEY,
    artifact_id       INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE,
    line              INTEGER NOT NULL,         -- the line of the sample (the JSON line holding the series for one-line JSON)
    ts                TEXT NOT NULL,
    host              TEXT,                     -- --host, else the instance label
    name              TEXT NOT NULL,            -- metric name (__name__): process_resident_memory_bytes, erlang_memory_bytes…
    labels            TEXT NOT NULL,            -- every label but __name__ as a JSON object, keys sorted: {"instance":"…","job":"…"}
    value             REAL                      -- the sample's value; NULL for NaN
);
CREATE INDEX metric_samples_name_ts ON metric_samples(name, ts);

-- Process snapshots with their file: the latest of each process first.
CREATE VIEW v_process_samples AS
SELECT p.ts, p.host, p.pid, p.registered_name, p.memory, p.message_queue_len, p.reductions, p.current_function,
       p.initial_call, p.total_heap_size, p.status, a.name AS file, p.line
FROM process_samples p JOIN artifacts a ON a.id = p.artifact_id;

-- Frames of every stack with their symbol (after `memline profile symbolize`), youngest first.
CREATE VIEW v_profile_frames AS
SELECT h.label, s.id AS stack_id, s.bytes_unbiased, f.depth, printf('0x%x', f.address) AS address, f.function,
       f.location
FROM profile_frames f JOIN profile_stacks s ON s.id = f.stack_id JOIN heap_profiles h ON h.id = f.profile_id;
