import GRDB

extension ArtifactWriter {
    /// Stores one recorder reading as an `rss_rows` row (the `rss_samples` view), with the columns of `m0006_record`.
    ///
    /// The recorder's rows carry fields the ingest parsers have not, so they get their own statement;
    /// counts and the time span go through the same `seen`/`count` as every other row.
    func emitRecorded(_ s: ProcReading, line: Int) throws {
        var b = try statement(
            """
            INSERT INTO rss_rows (artifact_id, line, ts_ms, host, pid, process, rss_kb, vsz_kb, swap_kb, limit_kb,
              hwm_kb, rss_anon_kb, rss_file_kb, rss_shmem_kb, threads, pss_kb, pss_anon_kb, pss_file_kb,
              private_dirty_kb, swap_pss_kb) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        let status = s.status
        let smaps = s.smaps
        b.int64(artifactID)
        b.int(line)
        b.int64(s.ts.milliseconds)
        b.text(host)
        b.int(s.pid)
        b.text(s.process.isEmpty ? nil : s.process)
        b.int(s.rssKB)
        b.int(status?.vmSizeKB)
        b.int(s.swapKB)
        b.int(s.limitKB)
        b.int(status?.hwmKB)
        b.int(status?.rssAnonKB)
        b.int(status?.rssFileKB)
        b.int(status?.rssShmemKB)
        b.int(status?.threads)
        b.int(smaps?.pssKB)
        b.int(smaps?.pssAnonKB)
        b.int(smaps?.pssFileKB)
        b.int(smaps?.privateDirtyKB)
        b.int(smaps?.swapPssKB)
        try b.step(db: db)
        seen(s.ts)
        count("rss_samples")
    }
}
