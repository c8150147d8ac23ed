-- Refc binaries an Erlang process references. A process that keeps slices of large binaries (a sub-binary of each
-- incoming frame) holds them whole outside its own heap: process_info memory stays small while erlang:memory(binary)
-- grows. Snapshots that list process_info(P, binary) now keep the sum of those sizes; the analysis counts it with
-- the process's memory.
ALTER TABLE process_samples ADD COLUMN binary_bytes INTEGER; -- bytes: the sum of the sizes in process_info binary (each refc binary it references, counted whole even when shared)
