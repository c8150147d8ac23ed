import Foundation
import Testing

@testable import MemlineKit

struct SegmentationTests {
    @Test func rssDropToFreshLevelStartsNewSegmentWhenThereIsNoPid() throws {
        // Given a dyno (no pid) that grows from 100 MB to 300 MB, falls back to 100 MB (a restart) and grows again
        let incident = try SyntheticIncident()
        let values = (0..<200).map { i -> (Double, Double) in
            let t = Double(i) * 20
            let age = Double(i % 100)
            return (t, 100 * 1024 + age * 2 * 1024)
        }
        try incident.samples(values, pid: nil, process: "web.1")
        _ = try Analysis.run(on: incident.db)
        // Then it has two segments, the second started by the RSS drop, and each is a leak
        let trends = try incident.db.trends()
        #expect(trends.map(\.startedBy) == ["first sample", "rss drop"])
        #expect(trends.map(\.samples) == [100, 100])
        #expect(trends.map(\.kind) == ["leak", "leak"])
    }

    @Test func restartEventSplitsASeriesWithoutPid() throws {
        // Given a flat dyno series and a restart event for that dyno in the middle
        let incident = try SyntheticIncident()
        try incident.samples((0..<60).map { (Double($0) * 10, 150 * 1024) }, pid: nil, process: "web.2")
        try incident.event("restart", at: 305, process: "web.2")
        try incident.event("restart", at: 405, process: "web.9")  // another dyno: ignored
        _ = try Analysis.run(on: incident.db)
        // Then the segment after the event says which event started it
        let trends = try incident.db.trends()
        #expect(trends.count == 2)
        #expect(trends.last?.startedBy == "restart event (events.log:1)")
        #expect(trends.last?.tsStart == "2026-11-22T00:05:10.000Z")
    }

    @Test func aReleaseInstalledInsideTheRunningNodeDoesNotCutItsSeries() throws {
        // Given an OTP node's total (no pid), a relup release logged midway and a real restart later
        let incident = try SyntheticIncident()
        try incident.samples((0..<60).map { (Double($0) * 10, 150 * 1024) }, pid: nil, process: "erlang:total")
        try incident.event(
            "deploy", at: 205, message: "release_handler: installed release brackwater 5.0.2 (relup from 5.0.1)")
        try incident.event("deploy", at: 305, message: "release 7.4.0 installed (hot upgrade), no restart")
        try incident.event("restart", at: 405, message: "node restarted by heart")
        _ = try Analysis.run(on: incident.db)
        // Then only the restart starts a segment: the node's memory ran on across both releases
        let trends = try incident.db.trends()
        #expect(trends.map(\.startedBy) == ["first sample", "restart event (events.log:1)"])
        #expect(trends.last?.tsStart == "2026-11-22T00:06:50.000Z")
    }

    @Test func aTargetThatReportsItsStartTimeIsSplitOnlyWhereItRestarted() {
        // A scraped service (no pid) spikes to 250 MB and gives it back, then restarts (a new start time)
        let mb: [Double] = [35, 35, 36, 240, 250, 36, 35, 35, 30, 31, 31]
        let samples = mb.enumerated().map {
            MemorySample(ms: Int64($0.offset) * 5000, rssKB: $0.element * 1024, limitKB: nil, artifactID: 1, line: 1)
        }
        let series = MemorySeries(source: "rss_samples", host: "api-1", pid: nil, process: "forecast", samples: samples)
        var starts = ProcessStarts()
        starts.targets.insert(.init(host: "api-1", process: "forecast"))
        starts.restarts = [
            RestartEvent(
                ms: 39_000, host: "api-1", pid: nil, process: "forecast", kind: "restart", file: "m.prom", line: 27)
        ]
        let t = AnalysisThresholds()
        // Then the fall after the spike is memory given back, not a new process; the new start time is
        let told = Segmenter.segments(of: series, events: starts.restarts, starts: starts, thresholds: t)
        #expect(told.map(\.samples.count) == [8, 3])
        #expect(told.last?.startedBy == "restart event (m.prom:27)")
        // Without the start time, the fall to a fresh level reads as a restart
        let untold = Segmenter.segments(of: series, events: [], thresholds: t)
        #expect(untold.map(\.startedBy) == ["first sample", "rss drop"])
    }

    @Test func pidChangeIsANewSeriesAndGapsAreCountedNotFilled() throws {
        // Given two pids of one role, the first with a ten-minute hole in its 10-second sampling
        let incident = try SyntheticIncident()
        var first: [(Double, Double)] = (0..<40).map { (Double($0) * 10, 120.0 * 1024) }
        first += (0..<40).map { (1000 + Double($0) * 10, 120.0 * 1024) }
        try incident.samples(first, pid: 10, process: "unicorn_worker")
        let second: [(Double, Double)] = (0..<40).map { (1400 + Double($0) * 10, 110.0 * 1024) }
        try incident.samples(second, pid: 11, process: "unicorn_worker")
        _ = try Analysis.run(on: incident.db)
        let trends = try incident.db.trends()
        // Then each pid is its own segment, and the hole is one gap, not interpolated samples
        #expect(trends.map(\.pid) == [10, 11])
        #expect(trends.map(\.gaps) == [1, 0])
        #expect(trends.map(\.samples) == [80, 40])
        #expect(trends.map(\.startedBy) == ["pid 10 first seen", "pid 11 first seen"])
    }
}
