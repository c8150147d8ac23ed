-- memline record: the extra /proc and smaps_rollup fields of samples taken by the recorder.
-- Other sources leave them NULL. Memory in KiB, as /proc prints it.
ALTER TABLE rss_samples ADD COLUMN hwm_kb NUMERIC;           -- peak RSS so far (VmHWM)
ALTER TABLE rss_samples ADD COLUMN rss_anon_kb NUMERIC;      -- anonymous resident memory: heap, stacks (RssAnon)
ALTER TABLE rss_samples ADD COLUMN rss_file_kb NUMERIC;      -- file-backed resident memory (RssFile)
ALTER TABLE rss_samples ADD COLUMN rss_shmem_kb NUMERIC;     -- resident shared memory (RssShmem)
ALTER TABLE rss_samples ADD COLUMN threads INTEGER;          -- thread count (Threads)
ALTER TABLE rss_samples ADD COLUMN pss_kb NUMERIC;           -- proportional set size: shared pages split (Pss)
ALTER TABLE rss_samples ADD COLUMN pss_anon_kb NUMERIC;      -- anonymous part of PSS (Pss_Anon)
ALTER TABLE rss_samples ADD COLUMN pss_file_kb NUMERIC;      -- file-backed part of PSS (Pss_File)
ALTER TABLE rss_samples ADD COLUMN private_dirty_kb NUMERIC; -- pages written by this process only (Private_Dirty)
ALTER TABLE rss_samples ADD COLUMN swap_pss_kb NUMERIC;      -- proportional swap (SwapPss)
