extension ReportBuilder {
    /// The memory chart: one line per process, the notable events as markers and up to three memory limits.
    func memoryChart(
        points: [SeriesPoint], names: SeriesNames, events: [TimelineEntry], processes: [ProcessMemory],
        span: (first: String, last: String)?
    ) -> MemoryChart {
        var grouped: [String: [(t: Double, mb: Double)]] = [:]
        var order: [String] = []
        for p in points {
            let name = names.label(host: p.host, pid: p.pid, process: p.process)
            if grouped[name] == nil { order.append(name) }
            grouped[name, default: []].append((p.seconds, p.kb / 1024))
        }
        // Two sources of one process (see SeriesNames) interleave in time.
        var chart = MemoryChart(
            series: order.map { MemoryChart.Series(name: $0, points: (grouped[$0] ?? []).sorted { $0.t < $1.t }) })
        chart.markers = events.filter { Self.markerKinds.contains($0.kind) }.prefix(40).compactMap { e in
            Timestamp.parseISO(e.ts).map {
                MemoryChart.Marker(t: $0.seconds, label: "\(e.kind): \(e.message)", kind: e.kind)
            }
        }
        let limits = Set(processes.compactMap(\.limitKB))
        chart.limits = limits.sorted().prefix(3).map {
            MemoryChart.Limit(mb: $0 / 1024, label: "limit \(Self.mb($0)) MB")
        }
        if let first = points.first.flatMap({ _ in span?.first }).flatMap({ Timestamp.parseISO($0) }) {
            chart.utcOffsetSeconds = options.zone.offsetSeconds(atUTC: first)
        }
        chart.zoneName = options.zone.description
        return chart
    }
}
