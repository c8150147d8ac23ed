import GRDB

extension MemlineDatabase {
    /// Every process seen in `process_samples`, with its first, last and highest memory and mailbox length.
    /// ```swift
    /// let ranked = try db.processGrowth().sorted { ($0.queueGrowth ?? 0) > ($1.queueGrowth ?? 0) }
    /// ```
    public func processGrowth() throws -> [ProcessGrowth] {
        try read { db in try Self.processGrowth(db) }
    }

    /// The processes of `process_samples`, or only those of `host` sampled between `fromMS` and `toMS` (inclusive),
    /// with their growth over those samples.
    static func processGrowth(_ db: Database, host: String?? = nil, fromMS: Int64? = nil, toMS: Int64? = nil)
        throws -> [ProcessGrowth]
    {
        var conditions = ["(pid IS NOT NULL OR registered_name IS NOT NULL)"]
        var arguments: StatementArguments = []
        if let host {
            conditions.append("host IS ?")
            arguments += [host]
        }
        if let fromMS, let toMS {
            conditions.append("ts BETWEEN ? AND ?")
            arguments += [Timestamp(milliseconds: fromMS).iso8601, Timestamp(milliseconds: toMS).iso8601]
        }
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT ts, pid, registered_name, memory + coalesce(binary_bytes, 0) AS memory, binary_bytes,
                       message_queue_len, reductions, current_function, initial_call
                FROM process_samples
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY ts, id
                """, arguments: arguments)
        var lives = try ProcessLives(db, conditions: conditions, arguments: arguments)
        var byProcess: [String: ProcessGrowth] = [:]
        var order: [String] = []
        while let row = try rows.next() {
            let pid: String? = row["pid"]
            let name: String? = row["registered_name"]
            guard let id = pid ?? name else { continue }
            let reductions: Int? = row["reductions"]
            let life = lives.life(of: id, reductions: reductions)
            let key = life == 0 ? id : "\(id) life \(life + 1)"
            guard let ts = Timestamp.parseISO(row["ts"] as String) else { continue }
            let memory: Int? = row["memory"]
            let queue: Int? = row["message_queue_len"]
            var g =
                byProcess[key]
                ?? ProcessGrowth(
                    process: id, pid: pid, registeredName: name, samples: 0, firstTS: ts, lastTS: ts)
            if byProcess[key] == nil { order.append(key) }
            g.samples += 1
            g.lastTS = ts
            if let name { g.registeredName = name }
            if let memory {
                if g.memoryFirst == nil { g.memoryFirst = memory }
                g.memoryLast = memory
                g.memoryMax = max(g.memoryMax ?? memory, memory)
            }
            if let binary: Int = row["binary_bytes"] {
                if g.binaryFirst == nil { g.binaryFirst = binary }
                g.binaryLast = binary
            }
            if let queue {
                if g.queueFirst == nil { g.queueFirst = queue }
                g.queueLast = queue
                g.queueMax = max(g.queueMax ?? queue, queue)
            }
            if let reductions {
                if g.reductionsFirst == nil { g.reductionsFirst = reductions }
                g.reductionsLast = reductions
            }
            if let f: String = row["current_function"] { g.currentFunction = f }
            if let f: String = row["initial_call"] { g.initialCall = f }
            byProcess[key] = g
        }
        // A named process seen both with its pid and, in a full process_info, by name only is one process.
        for key in order {
            guard let g = byProcess[key], g.pid == nil, let name = g.registeredName,
                let withPid = order.first(where: { $0 != key && byProcess[$0]?.registeredName == name }),
                var target = byProcess[withPid]
            else { continue }
            target.merge(g)
            byProcess[withPid] = target
            byProcess[key] = nil
        }
        return order.compactMap { byProcess[$0] }
    }
}

extension ProcessGrowth {
    /// Folds in the samples of the same process recorded under its name only.
    mutating func merge(_ other: ProcessGrowth) {
        samples += other.samples
        if other.lastTS > lastTS {
            lastTS = other.lastTS
            if let v = other.memoryLast { memoryLast = v }
            if let v = other.binaryLast { binaryLast = v }
            if let v = other.queueLast { queueLast = v }
            if let v = other.reductionsLast { reductionsLast = v }
            if let f = other.currentFunction { currentFunction = f }
        }
        if other.firstTS < firstTS {
            firstTS = other.firstTS
            if let v = other.memoryFirst { memoryFirst = v }
            if let v = other.binaryFirst { binaryFirst = v }
            if let v = other.queueFirst { queueFirst = v }
            if let v = other.reductionsFirst { reductionsFirst = v }
        }
        if let m = other.memoryMax { memoryMax = max(memoryMax ?? m, m) }
        if let q = other.queueMax { queueMax = max(queueMax ?? q, q) }
    }
}
