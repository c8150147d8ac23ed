/// How `RailsLogParser` pairs the lines of interleaved requests (see the rules on `RailsLogParser`).
extension RailsLogParser {
    /// Adds a request opened by `Started` (or Rails 2 `Processing`), closing what it displaces.
    mutating func open(_ request: RailsOpenRequest, facts: LineFacts, sink: any RowSink) throws {
        if let id = facts.requestID {
            // A request id seen again: the earlier request never completed.
            if let earlier = byRequestID.updateValue(request, forKey: id) { try emit(earlier, into: sink) }
            return
        }
        var list = byProcess[facts.key] ?? []
        list.append(request)
        if list.count > RailsLogParser.maxOpenPerProcess { try emit(list.removeFirst(), into: sink) }
        byProcess[facts.key] = list
    }

    /// The open request a `Processing by` line belongs to: the latest `Started` without one (within
    /// the window), preferring the best fit of path and action.
    func indexForProcessing(in list: [RailsOpenRequest], action: String, time: Timestamp?) -> Int? {
        var best: Int?
        var bestFit = -1
        for index in list.indices.reversed() {
            let open = list[index]
            guard open.fromStarted, !open.isProcessed else { continue }
            if let time, let start = open.request.tsStart,
                time.milliseconds - start.milliseconds > RailsLogParser.processingWindowMS
            {
                continue
            }
            // Only tell candidates apart by fit when there is more than one.
            if best == nil {
                best = index
                bestFit = -1
                continue
            }
            if bestFit < 0, let bestIndex = best {
                bestFit = RailsOpenRequest.fit(action: action, path: list[bestIndex].request.path ?? "")
            }
            let fit = RailsOpenRequest.fit(action: action, path: open.request.path ?? "")
            if fit > bestFit {
                best = index
                bestFit = fit
            }
        }
        return best
    }

    /// Removes and returns the open request of `key` that a `Completed` line closes.
    mutating func takeForCompleted(key: Int, path: String?, time: Timestamp?, durationMS: Double?)
        -> RailsOpenRequest?
    {
        guard var list = byProcess[key], !list.isEmpty else { return nil }
        var candidates = list.indices.filter { list[$0].isProcessed }
        if candidates.isEmpty { candidates = Array(list.indices) }
        if candidates.count > 1, let path {
            // Rails 1/2 print the URL: keep the requests whose action fits its path best.
            let fits = candidates.map { index -> Int in
                let request = list[index].request
                if let known = request.path { return known == path ? 100 : 0 }
                return RailsOpenRequest.fit(action: request.action ?? "", path: path)
            }
            let top = fits.max() ?? 0
            candidates = zip(candidates, fits).filter { $0.1 == top }.map(\.0)
        }
        var chosen = candidates[0]
        if candidates.count > 1, let time, let durationMS {
            // The request whose Processing time plus the printed duration lands nearest this line.
            var bestGap = Int64.max
            for index in candidates {
                guard let began = list[index].processedAt ?? list[index].request.tsStart else { continue }
                // A duration past a century is no match; clamped so the sum cannot overflow.
                let duration = min(max(durationMS.checkedInt64 ?? Int64.max, -1 << 42), 1 << 42)
                let gap = abs(time.milliseconds - began.milliseconds - duration)
                if gap < bestGap {
                    bestGap = gap
                    chosen = index
                }
            }
        }
        let taken = list.remove(at: chosen)
        if list.isEmpty { byProcess.removeValue(forKey: key) } else { byProcess[key] = list }
        return taken
    }

    /// Emits, as never completed, the open requests untouched for `staleAfterMS` of log time.
    mutating func sweepIfDue(into sink: any RowSink) throws {
        guard let latest else { return }
        if let last = lastSweep, latest.milliseconds - last.milliseconds < 60_000 { return }
        lastSweep = latest
        let cutoff = latest.milliseconds - RailsLogParser.staleAfterMS
        func isStale(_ open: RailsOpenRequest) -> Bool {
            guard let seen = open.lastSeen ?? open.request.tsStart else { return false }
            return seen.milliseconds < cutoff
        }
        var stale: [RailsOpenRequest] = []
        for (id, open) in byRequestID where isStale(open) {
            stale.append(open)
            byRequestID.removeValue(forKey: id)
        }
        for (key, list) in byProcess where list.contains(where: isStale) {
            stale.append(contentsOf: list.filter(isStale))
            let kept = list.filter { !isStale($0) }
            if kept.isEmpty { byProcess.removeValue(forKey: key) } else { byProcess[key] = kept }
        }
        for open in stale.sorted(by: { $0.request.line < $1.request.line }) { try emit(open, into: sink) }
    }
}
