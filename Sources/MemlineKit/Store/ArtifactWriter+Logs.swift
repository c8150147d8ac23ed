import GRDB

/// The rows of the line-oriented logs: RSS samples, requests, jobs and events.
extension ArtifactWriter {
    /// One `rss_rows` row that is an RSS sample only (a per-request row goes through `insert(_:isSample:)`).
    func emitRSSSample(_ s: RSSSample) throws {
        var b = try statement(
            """
            INSERT INTO rss_rows (artifact_id, line, ts_ms, host, pid, process, rss_kb, vsz_kb, swap_kb, limit_kb,
              minflt_per_s, majflt_per_s, mem_pct) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        b.int64(artifactID)
        b.int(s.line)
        b.int64(s.ts.milliseconds)
        b.text(host ?? s.host)
        b.int(s.pid)
        b.text(s.process)
        b.number(s.rssKB)
        b.number(s.vszKB)
        b.number(s.swapKB)
        b.number(s.limitKB)
        b.number(s.minorFaultsPerSecond)
        b.number(s.majorFaultsPerSecond)
        b.number(s.memPercent)
        try b.step(db: db)
        seen(s.ts)
        count("rss_samples")
    }

    /// One `requests` row; one with a request id is counted for clock-skew detection.
    func emitRequest(_ r: Request) throws {
        var b = try statement(
            """
            INSERT INTO requests (artifact_id, line, line_end, ts_start, ts_end, duration_ms, host, pid, request_id,
              method, path, endpoint, action, format, status, view_ms, db_ms, allocations, remote_ip, bytes,
              rss_before_kb, rss_after_kb, rss_delta_kb, connect_ms, router_join)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        b.int64(artifactID)
        b.int(r.line)
        b.int(r.lineEnd)
        b.timestamp(r.tsStart)
        b.timestamp(r.tsEnd)
        b.number(r.durationMS)
        b.text(host ?? r.host)
        b.int(r.pid)
        b.text(r.requestID)
        b.text(r.method)
        b.text(r.path)
        b.text(r.endpoint)
        if let endpoint = r.endpoint { countEndpoint(endpoint) }
        b.text(r.action)
        b.text(r.format)
        b.int(r.status)
        b.number(r.viewMS)
        b.number(r.dbMS)
        b.int(r.allocations)
        b.text(r.remoteIP)
        b.int(r.bytes)
        b.number(r.rssBeforeKB)
        b.number(r.rssAfterKB)
        b.number(r.rssDeltaKB)
        b.number(r.connectMS)
        b.text(r.routerJoin?.rawValue)
        try b.step(db: db)
        if r.requestID != nil { countRequestID() }
        seen(r.tsStart)
        seen(r.tsEnd)
        count("requests")
    }

    /// One `jobs` row.
    func emitJob(_ j: Job) throws {
        var b = try statement(
            """
            INSERT INTO jobs (artifact_id, line, line_end, ts_start, ts_end, duration_ms, host, pid, tid, jid, class,
              queue, status, error) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        b.int64(artifactID)
        b.int(j.line)
        b.int(j.lineEnd)
        b.timestamp(j.tsStart)
        b.timestamp(j.tsEnd)
        b.number(j.durationMS)
        b.text(host ?? j.host)
        b.int(j.pid)
        b.text(j.tid)
        b.text(j.jid)
        b.text(j.jobClass)
        b.text(j.queue)
        b.text(j.status)
        b.text(j.error)
        try b.step(db: db)
        seen(j.tsStart)
        seen(j.tsEnd)
        count("jobs")
    }

    /// One `events` row.
    func emitEvent(_ e: Event) throws {
        var b = try statement(
            """
            INSERT INTO events (artifact_id, line, ts, host, pid, process, kind, message, details)
            VALUES (?,?,?,?,?,?,?,?,?)
            """)
        b.int64(artifactID)
        b.int(e.line)
        b.timestamp(e.ts)
        b.text(host ?? e.host)
        b.int(e.pid)
        b.text(e.process)
        b.text(e.kind)
        b.text(e.message)
        b.text(e.details)
        try b.step(db: db)
        seen(e.ts)
        count("events")
    }
}
