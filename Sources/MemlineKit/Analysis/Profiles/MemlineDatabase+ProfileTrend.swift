import GRDB

extension MemlineDatabase {
    /// The growth per function over every heap profile of one process, in dump order (`memline profile trend`);
    /// the rows are also stored in `profile_trend` (replacing an earlier trend of the same process and grouping; not
    /// on a read-only database).
    ///
    /// The series is ordered by jemalloc's dump sequence number (`jeprof.<pid>.<seq>.…`), else by the time taken.
    /// Rates per hour need every dump's `taken_at` (`--at`, the file name, or an mtime kept when copying) rising
    /// along the series; otherwise the rate is per dump only.
    /// ```swift
    /// let trend = try db.profileTrend(pid: 4298)
    /// print(trend.rendered(as: .table, limit: 10))
    /// ```
    /// - Parameters:
    ///   - pid: the process; nil when the profiles come from one process only (or name none).
    ///   - cumulative: group by every function on the stack instead of the allocating one.
    /// - Throws: `ProfileError` when there are no profiles, several processes and no `pid`, or fewer than two
    ///   profiles in the series.
    public func profileTrend(pid: Int? = nil, cumulative: Bool = false) throws -> ProfileTrend {
        try computing { db, canStore in
            let series = try Self.trendSeries(Self.heapProfiles(db), pid: pid)
            var aggregates: [ProfileAggregate] = []
            for profile in series { aggregates.append(try ProfileAggregate.load(db, profileID: profile.id)) }
            let trend = Self.trend(series, aggregates, cumulative: cumulative)
            if canStore { try Self.store(trend, in: db) }
            return trend
        }
    }

    /// The profiles of `pid` (or of the only process) in dump order.
    static func trendSeries(_ all: [HeapProfileInfo], pid: Int?) throws -> [HeapProfileInfo] {
        guard !all.isEmpty else { throw ProfileError.noProfiles }
        let pids = Set(all.compactMap(\.pid)).sorted()
        let chosen: [HeapProfileInfo]
        if let pid {
            chosen = all.filter { $0.pid == pid }
            guard !chosen.isEmpty else { throw ProfileError.noProfilesOfProcess(pid, known: pids) }
        } else if pids.count > 1 {
            throw ProfileError.severalProcesses(pids)
        } else if let only = pids.first {
            chosen = all.filter { $0.pid == only }
        } else {
            chosen = all
        }
        guard chosen.count >= 2 else { throw ProfileError.tooFewProfiles(pid: chosen.first?.pid, count: chosen.count) }
        // `heapProfiles` is in time order with each process's dumps in sequence order.
        return chosen
    }

    static func trend(_ series: [HeapProfileInfo], _ aggregates: [ProfileAggregate], cumulative: Bool)
        -> ProfileTrend
    {
        let points = zip(series, aggregates).map { profile, aggregate in
            ProfileTrend.Point(
                id: profile.id, label: profile.label, seq: profile.seq,
                takenAt: profile.takenAt.flatMap { Timestamp.parseISO($0) }, totalBytes: aggregate.totalBytes)
        }
        var hours: Double?
        let times = points.compactMap(\.takenAt)
        if times.count == points.count, zip(times, times.dropFirst()).allSatisfy({ $0 < $1 }),
            let first = times.first, let last = times.last
        {
            hours = Double(last.milliseconds - first.milliseconds) / 3_600_000
        }
        let maps = aggregates.map { cumulative ? $0.cumulative : $0.flat }
        var names = Set<String>()
        for map in maps { names.formUnion(map.keys) }
        var functions: [ProfileTrend.FunctionRow] = []
        for name in names {
            let bytes = maps.map { $0[name]?.bytes ?? 0 }
            guard bytes.contains(where: { $0 != 0 }) else { continue }
            let measures = ProfileTrendShape.classify(bytes)
            functions.append(
                ProfileTrend.FunctionRow(
                    name: name, bytes: bytes, ratePerHour: hours.map { measures.growth / $0 }, measures: measures))
        }
        functions.sort { $0.growthBytes != $1.growthBytes ? $0.growthBytes > $1.growthBytes : $0.name < $1.name }
        return ProfileTrend(
            pid: series.first?.pid, grouping: cumulative ? "cumulative" : "flat", points: points, hours: hours,
            functions: functions, namedFrames: aggregates.reduce(0) { $0 + $1.namedFrames },
            frames: aggregates.reduce(0) { $0 + $1.frames })
    }

    private static func store(_ trend: ProfileTrend, in db: Database) throws {
        guard let first = trend.points.first, let last = trend.points.last else { return }
        try db.execute(
            sql: "DELETE FROM profile_trend WHERE pid IS ? AND grouping = ?", arguments: [trend.pid, trend.grouping])
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO profile_trend (pid, grouping, function, rank, profiles, first_id, last_id, profile_ids,
                  bytes_series, first_bytes, last_bytes, peak_bytes, growth_bytes, rate_per_hour, rate_per_dump,
                  rising_steps, falling_steps, kendall_tau, largest_step_share, shape)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """)
        let ids = "[" + trend.points.map { String($0.id) }.joined(separator: ",") + "]"
        for (rank, f) in trend.functions.enumerated() {
            let m = f.measures
            let arguments: StatementArguments = [
                trend.pid, trend.grouping, f.name, rank + 1, trend.points.count, first.id, last.id, ids,
                "[" + f.bytes.map(formatJSONNumber).joined(separator: ",") + "]", f.firstBytes, f.lastBytes,
                m.peak, m.growth, f.ratePerHour, f.ratePerDump, m.risingSteps, m.fallingSteps, m.kendallTau,
                m.largestStepShare, m.shape.rawValue,
            ]
            try insert.execute(arguments: arguments)
        }
    }
}
