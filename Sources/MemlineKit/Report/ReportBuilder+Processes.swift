import Foundation

extension ReportBuilder {
    /// One row per process: the series of two sources of one process (a pid-only per-request log beside pidstat,
    /// see `SeriesNames`) are folded into one, which keeps the named identity and lists both files.
    ///
    /// The analysis reads such a pair as one series, so every figure of the folded row (first, peak, last, growth,
    /// trend) belongs to the series the trend was computed on.
    static func foldedProcesses(_ series: [ProcessMemory], names: SeriesNames) -> [ProcessMemory] {
        var order: [String] = []
        var byLabel: [String: ProcessMemory] = [:]
        for s in series {
            let label = names.label(host: s.host, pid: s.pid, process: s.process)
            guard var folded = byLabel[label] else {
                order.append(label)
                byLabel[label] = s
                continue
            }
            if folded.host == nil && folded.process == nil {
                (folded.host, folded.pid, folded.process) = (s.host, s.pid, s.process)
            }
            folded.samples += s.samples
            if s.firstTS < folded.firstTS { (folded.firstTS, folded.firstKB) = (s.firstTS, s.firstKB) }
            if s.lastTS > folded.lastTS { (folded.lastTS, folded.lastKB) = (s.lastTS, s.lastKB) }
            folded.peakKB = max(folded.peakKB, s.peakKB)
            folded.limitKB = folded.limitKB ?? s.limitKB
            if !folded.file.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }).contains(s.file) {
                folded.file += ", " + s.file
            }
            byLabel[label] = folded
        }
        return order.compactMap { byLabel[$0] }.sorted { $0.peakKB > $1.peakKB }
    }

    /// The trends of the process a row shows, matched by the same name the row has (never another series's).
    static func trends(_ trends: [TrendRecord], of process: ProcessMemory, names: SeriesNames) -> [TrendRecord] {
        let label = names.label(host: process.host, pid: process.pid, process: process.process)
        return trends.filter { names.label(host: $0.host, pid: $0.pid, process: $0.process) == label }
    }

    /// The process table: the 50 largest processes, first, peak and last RSS, and their trends.
    func processRows(
        _ processes: [ProcessMemory], names: SeriesNames, trends: [TrendRecord]
    ) -> [ReportModel.ProcessRow] {
        processes.prefix(50).map { p in
            ReportModel.ProcessRow(
                name: ReportText.capped(names.label(host: p.host, pid: p.pid, process: p.process)),
                samples: formatCount(p.samples), firstMB: Self.mb(p.firstKB),
                peakMB: Self.mb(p.peakKB), lastMB: Self.mb(p.lastKB), growthMB: Self.signedMB(p.lastKB - p.firstKB),
                trend: trendText(Self.trends(trends, of: p, names: names)),
                span: "\(display(p.firstTS)) → \(display(p.lastTS))", source: p.file)
        }
    }
}
