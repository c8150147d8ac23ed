import Foundation

/// Draws memory over time as a self-contained SVG: no script, no fonts to fetch.
///
/// Series are drawn on a real time axis with readable ticks and MB units; spikes are shaded,
/// events are labelled vertical markers, limits are dashed lines. Beyond `maxLabelledSeries`
/// the smaller series are drawn thin and grey and summarised in the legend, so 50 processes
/// stay readable.
public struct MemoryChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        /// (seconds since 1970, MB), sorted by time. Already down-sampled by the caller.
        public var points: [(t: Double, mb: Double)]
        public init(name: String, points: [(t: Double, mb: Double)]) {
            self.name = name
            self.points = points
        }
    }

    public struct Span: Sendable {
        public var start: Double
        public var end: Double
        public var label: String
        public init(start: Double, end: Double, label: String) {
            self.start = start
            self.end = end
            self.label = label
        }
    }

    public struct Marker: Sendable {
        public var t: Double
        public var label: String
        public var kind: String
        public init(t: Double, label: String, kind: String) {
            self.t = t
            self.label = label
            self.kind = kind
        }
    }

    public struct Limit: Sendable {
        public var mb: Double
        public var label: String
        public init(mb: Double, label: String) {
            self.mb = mb
            self.label = label
        }
    }

    public var series: [Series]
    public var spans: [Span] = []
    public var markers: [Marker] = []
    public var limits: [Limit] = []
    /// Seconds east of UTC for tick labels (the report's --tz), and its name for the axis title.
    public var utcOffsetSeconds = 0
    public var zoneName = "UTC"
    public var width = 960.0
    public var height = 420.0
    public var maxLabelledSeries = 10

    public init(series: [Series]) { self.series = series }

    static let palette = [
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
    ]

    /// The chart as an `<svg>` element with a `viewBox`, scaling to its container.
    public func svg() -> String {
        guard let plot = plot() else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(fmt(width)) 60\" role=\"img\">"
                + "<text x=\"10\" y=\"30\">No memory samples.</text></svg>"
        }
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(fmt(width)) \(fmt(height))" role="img" \
            aria-label="Memory over time" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="11">
            <style>.ml-axis{stroke:#888;stroke-width:1}.ml-grid{stroke:#8884;stroke-width:1}\
            .ml-text{fill:currentColor}.ml-spike{fill:#d6272822}.ml-limit{stroke:#d62728;stroke-dasharray:6 4}\
            .ml-marker{stroke:#555;stroke-dasharray:2 3}</style>

            """
        // Spikes behind everything.
        out += spikeAreas(plot)
        out += valueGrid(plot)
        out += timeAxis(plot)
        out += limitLines(plot)
        let ranked = rankedSeries()
        out += seriesLines(plot, ranked: ranked)
        out += markerLines(plot)
        out += legend(plot, ranked: ranked)
        out += "</svg>\n"
        return out
    }

    /// Where the plot area sits in the chart, and how times and MB map into it.
    private struct Plot {
        var left: Double
        var top: Double
        var width: Double
        var height: Double
        var tMin: Double
        var tMax: Double
        /// The top of the value axis, a whole number of `yStep`s.
        var vMax: Double
        var yStep: Double

        func x(_ t: Double) -> Double { left + (t - tMin) / (tMax - tMin) * width }
        func y(_ v: Double) -> Double { top + height - v / vMax * height }
        var bottom: Double { top + height }
        var right: Double { left + width }
    }

    /// The plot area, leaving room for the axes and the legend below; nil when there is nothing to draw.
    private func plot() -> Plot? {
        let left = 64.0
        let right = 16.0
        let top = 28.0
        let legendRows = Double(min(series.count, maxLabelledSeries + 1) + 2) / 3.0
        let bottom = 44.0 + 18.0 * legendRows.rounded(.up)
        let allT = series.flatMap { $0.points.map(\.t) } + markers.map(\.t)
        let allV = series.flatMap { $0.points.map(\.mb) } + limits.map(\.mb)
        guard let tMin = allT.min(), let tMax = allT.max(), let vMax = allV.max() else { return nil }
        let yStep = Self.niceStep(vMax * 1.08 / 5)
        return Plot(
            left: left, top: top, width: width - left - right, height: height - top - bottom, tMin: tMin,
            tMax: tMax > tMin ? tMax : tMin + 60, vMax: max(yStep, (vMax * 1.08 / yStep).rounded(.up) * yStep),
            yStep: yStep)
    }

    private func spikeAreas(_ p: Plot) -> String {
        var out = ""
        for span in spans {
            let x0 = p.x(max(span.start, p.tMin))
            let x1 = p.x(min(span.end, p.tMax))
            out +=
                "<rect class=\"ml-spike\" x=\"\(fmt(x0))\" y=\"\(fmt(p.top))\" width=\"\(fmt(max(1, x1 - x0)))\" "
                + "height=\"\(fmt(p.height))\"><title>\(Self.escape(span.label))</title></rect>\n"
        }
        return out
    }

    /// Horizontal grid lines and their MB labels.
    private func valueGrid(_ p: Plot) -> String {
        var out = ""
        var v = 0.0
        while v <= p.vMax + p.yStep / 2 {
            out +=
                "<line class=\"ml-grid\" x1=\"\(fmt(p.left))\" x2=\"\(fmt(p.right))\" y1=\"\(fmt(p.y(v)))\" "
                + "y2=\"\(fmt(p.y(v)))\"/>"
            out +=
                "<text class=\"ml-text\" x=\"\(fmt(p.left - 6))\" y=\"\(fmt(p.y(v) + 4))\" text-anchor=\"end\">"
                + "\(Self.mbLabel(v))</text>\n"
            v += p.yStep
        }
        return out
    }

    /// Time ticks in the display zone, the axes and their titles.
    private func timeAxis(_ p: Plot) -> String {
        var out = ""
        let tickStep = Self.timeStep(span: p.tMax - p.tMin)
        let offset = Double(utcOffsetSeconds)
        var tick = ((p.tMin + offset) / tickStep).rounded(.up) * tickStep - offset
        let showDate = p.tMax - p.tMin > 86_400 || tickStep >= 86_400
        while tick <= p.tMax {
            out +=
                "<line class=\"ml-grid\" x1=\"\(fmt(p.x(tick)))\" x2=\"\(fmt(p.x(tick)))\" y1=\"\(fmt(p.top))\" "
                + "y2=\"\(fmt(p.bottom))\"/>"
            out +=
                "<text class=\"ml-text\" x=\"\(fmt(p.x(tick)))\" y=\"\(fmt(p.bottom + 14))\" text-anchor=\"middle\">"
                + "\(Self.timeLabel(tick + offset, withDate: showDate, seconds: tickStep < 60))</text>\n"
            tick += tickStep
        }
        out +=
            "<line class=\"ml-axis\" x1=\"\(fmt(p.left))\" x2=\"\(fmt(p.left))\" y1=\"\(fmt(p.top))\" y2=\"\(fmt(p.bottom))\"/>"
        out +=
            "<line class=\"ml-axis\" x1=\"\(fmt(p.left))\" x2=\"\(fmt(p.right))\" y1=\"\(fmt(p.bottom))\" "
            + "y2=\"\(fmt(p.bottom))\"/>\n"
        out += "<text class=\"ml-text\" x=\"\(fmt(p.left))\" y=\"14\">RSS (MB)</text>"
        out +=
            "<text class=\"ml-text\" x=\"\(fmt(p.right))\" y=\"\(fmt(p.bottom + 30))\" text-anchor=\"end\">"
            + "time (\(Self.escape(zoneName)), \(Self.timeLabel(p.tMin + offset, withDate: true, seconds: true)) → "
            + "\(Self.timeLabel(p.tMax + offset, withDate: true, seconds: true)))</text>\n"
        return out
    }

    private func limitLines(_ p: Plot) -> String {
        var out = ""
        for limit in limits {
            out +=
                "<line class=\"ml-limit\" x1=\"\(fmt(p.left))\" x2=\"\(fmt(p.right))\" y1=\"\(fmt(p.y(limit.mb)))\" "
                + "y2=\"\(fmt(p.y(limit.mb)))\"/>"
            out +=
                "<text x=\"\(fmt(p.right - 4))\" y=\"\(fmt(p.y(limit.mb) - 4))\" text-anchor=\"end\" "
                + "fill=\"#d62728\">\(Self.escape(limit.label))</text>\n"
        }
        return out
    }

    /// Series indices by peak, largest first (then by name): the first `maxLabelledSeries` get colours.
    private func rankedSeries() -> [Int] {
        series.indices.sorted {
            let a = series[$0].points.map(\.mb).max() ?? 0
            let b = series[$1].points.map(\.mb).max() ?? 0
            return a != b ? a > b : series[$0].name < series[$1].name
        }
    }

    /// The series, smallest first so the largest are drawn on top; beyond the labelled ones, thin and grey.
    private func seriesLines(_ p: Plot, ranked: [Int]) -> String {
        var out = ""
        let labelled = Set(ranked.prefix(maxLabelledSeries))
        for index in ranked.reversed() {
            let s = series[index]
            guard !s.points.isEmpty else { continue }
            let isLabelled = labelled.contains(index)
            let colour = isLabelled ? Self.palette[(ranked.firstIndex(of: index) ?? 0) % Self.palette.count] : "#9995"
            let path = s.points.map { "\(fmt(p.x($0.t))),\(fmt(p.y($0.mb)))" }.joined(separator: " ")
            out +=
                "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(isLabelled ? "1.6" : "0.8")\" "
                + "stroke-linejoin=\"round\" points=\"\(path)\"><title>\(Self.escape(s.name))</title></polyline>\n"
        }
        return out
    }

    /// Event markers, labelled by their kind only so labels never collide; the timeline explains them.
    private func markerLines(_ p: Plot) -> String {
        var out = ""
        for (i, marker) in markers.enumerated() {
            let mx = p.x(marker.t)
            out +=
                "<line class=\"ml-marker\" x1=\"\(fmt(mx))\" x2=\"\(fmt(mx))\" y1=\"\(fmt(p.top))\" y2=\"\(fmt(p.bottom))\">"
                + "<title>\(Self.escape(marker.label))</title></line>"
            out +=
                "<text class=\"ml-text\" x=\"\(fmt(mx + 2))\" y=\"\(fmt(p.top - 4 + Double(i % 2) * -0))\" "
                + "font-size=\"10\">\(Self.escape(Self.short(marker.kind)))<title>\(Self.escape(marker.label))</title></text>\n"
        }
        return out
    }

    /// The labelled series' colours and names, three to a row, then how many more are drawn grey.
    private func legend(_ p: Plot, ranked: [Int]) -> String {
        var out = ""
        var lx = p.left
        var ly = p.bottom + 48
        var entries: [(String, String)] = ranked.prefix(maxLabelledSeries).map { index in
            (Self.palette[(ranked.firstIndex(of: index) ?? 0) % Self.palette.count], series[index].name)
        }
        if ranked.count > maxLabelledSeries {
            entries.append(("#999", "\(ranked.count - maxLabelledSeries) more processes (grey)"))
        }
        for (i, entry) in entries.enumerated() {
            if i > 0 && i % 3 == 0 {
                lx = p.left
                ly += 18
            }
            out += "<rect x=\"\(fmt(lx))\" y=\"\(fmt(ly - 9))\" width=\"12\" height=\"4\" fill=\"\(entry.0)\"/>"
            out +=
                "<text class=\"ml-text\" x=\"\(fmt(lx + 16))\" y=\"\(fmt(ly - 4))\">"
                + "\(Self.escape(String(entry.1.prefix(48))))</text>\n"
            lx += p.width / 3
        }
        return out
    }

    private func fmt(_ v: Double) -> String { String(format: "%.1f", v) }

    static func short(_ kind: String) -> String { String(kind.prefix(10)) }

    /// 1, 2 or 5 × 10^n, the step nearest above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(raw)))
        for m in [1.0, 2.0, 5.0, 10.0] where m * magnitude >= raw { return m * magnitude }
        return 10 * magnitude
    }

    static func timeStep(span: Double) -> Double {
        let steps: [Double] = [
            1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
            172_800, 604_800,
        ]
        for step in steps where span / step <= 8 { return step }
        return 604_800
    }

    static func mbLabel(_ v: Double) -> String {
        if v >= 10_240 { return String(format: "%.0f GB", v / 1024) }
        return v.rounded() == v ? String(format: "%.0f", v) : String(format: "%.1f", v)
    }

    /// `01:42`, `01:42:30`, or `11-22 01:42` for multi-day spans; `t` already shifted to the display zone.
    static func timeLabel(_ t: Double, withDate: Bool, seconds: Bool) -> String {
        let iso = Timestamp(secondsSince1970: t).iso8601  // 2026-11-22T01:42:30.000Z
        let chars = Array(iso)
        let time = String(chars[11..<(seconds ? 19 : 16)])
        return withDate ? String(chars[5..<10]) + " " + time : time
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
