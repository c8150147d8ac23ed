import Foundation
import Testing

@testable import MemlineKit

struct MemoryChartTests {
    @Test(arguments: [(0.7, 1.0), (3.0, 5.0), (12.0, 20.0), (160.0, 200.0), (1000.0, 1000.0)])
    func stepsAreOneTwoOrFiveTimesAPowerOfTen(raw: Double, expected: Double) {
        #expect(MemoryChart.niceStep(raw) == expected)
    }

    @Test func manySeriesKeepTenColouredAndGroupTheRest() {
        let series = (0..<50).map { i in
            MemoryChart.Series(name: "worker \(i)", points: [(0, Double(i)), (600, Double(i) + 10)])
        }
        let svg = MemoryChart(series: series).svg()
        #expect(svg.contains("40 more processes (grey)"))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 50)
        // The largest series gets the first colour and a legend entry.
        #expect(svg.contains(">worker 49</text>"))
        #expect(!svg.contains(">worker 0</text>"))
    }

    @Test func timeAxisUsesReadableTicksInTheReportZone() {
        let start = 1_795_309_200.0  // 2026-11-22T01:00:00Z
        var chart = MemoryChart(series: [.init(name: "a", points: [(start, 100), (start + 3600, 300)])])
        chart.utcOffsetSeconds = 8 * 3600
        chart.zoneName = "+08:00"
        let svg = chart.svg()
        #expect(svg.contains(">09:00</text>"))
        #expect(svg.contains(">10:00</text>"))
        #expect(svg.contains("time (+08:00"))
    }

    @Test func noSamplesSaysSo() {
        #expect(MemoryChart(series: []).svg().contains("No memory samples."))
    }
}
