import Foundation
import GRDB
import Testing

@testable import MemlineKit

/// Synthetic series of each shape, one process each, sampled every 10 s for two hours.
struct TrendClassificationTests {
    static let count = 720

    static func series(_ shape: TrendKind) -> [(Double, Double)] {
        (0..<count).map { i in
            let t = Double(i) * 10
            let jitter = 300 * SyntheticIncident.noise(i)
            let base = 200 * 1024.0
            let v: Double
            switch shape {
            case .leak: v = base + 40 * t  // 40 KiB/s ≈ 140 MB/hour, no saturation
            case .plateau: v = base + 150 * 1024 * (1 - exp(-t / 600))  // warm-up over ~30 min, then flat
            case .step: v = base + (t >= 2400 ? 120 * 1024 : 0) + (t >= 5000 ? 60 * 1024 : 0)
            case .sawtooth: v = base + 80 * 1024 * (t.truncatingRemainder(dividingBy: 600) / 600)
            case .flat, .short: v = base
            }
            return (t, v + jitter)
        }
    }

    @Test(arguments: [TrendKind.leak, .plateau, .step, .sawtooth, .flat])
    func classifiesSyntheticShape(_ shape: TrendKind) throws {
        // Given one process whose RSS follows the shape
        let incident = try SyntheticIncident()
        try incident.samples(Self.series(shape), pid: 100)
        // When analysed
        _ = try Analysis.run(on: incident.db)
        // Then its one segment has that trend
        let trends = try incident.db.trends()
        #expect(trends.count == 1)
        #expect(trends.first?.kind == shape.rawValue, "\(trends.first?.reason ?? "")")
    }

    @Test func aStepOverTwoSamplesNearTheEndIsOneStepThatSettled() throws {
        // Given a job process sampled every 2 s: a warm-up to 31 MB, one export that takes it to 140 MB over two
        // samples at 62% of the run (31 → 63 → 140 MB), then 40 s at 140-148 MB, as a healthy one did
        let values = (0..<60).map { i -> (Double, Double) in
            let t = Double(i) * 2
            let warm = 15 * 1024 + 16 * 1024 * min(1, t / 60)
            let v = i < 37 ? warm : i == 37 ? 63 * 1024 : 140 * 1024 + Double(i - 38) * 120
            return (t, v + 40 * SyntheticIncident.noise(i))
        }
        let incident = try SyntheticIncident()
        try incident.samples(values, pid: 100)
        _ = try Analysis.run(on: incident.db)

        // Then it is a step holding nearly all the growth, and it settled: nothing is named for it
        let trend = try #require(try incident.db.trends().first)
        #expect(trend.kind == "step", "\(trend.reason)")
        #expect(trend.reason.contains("never gave it back: 86% of the 127 MB kept"), "\(trend.reason)")
        #expect(try incident.db.suspects().isEmpty)
    }

    @Test func aSteadyRiseAfterAFastWarmUpIsALeakAtItsOwnRate() throws {
        // Given a process that fills 150 MB of caches in its first half hour, and under it keeps 10 KiB/s
        let values = (0..<Self.count).map { i -> (Double, Double) in
            let t = Double(i) * 10
            let v = 200 * 1024 + 150 * 1024 * (1 - exp(-t / 600)) + 10 * t
            return (t, v + 300 * SyntheticIncident.noise(i))
        }
        let incident = try SyntheticIncident()
        try incident.samples(values, pid: 100)
        _ = try Analysis.run(on: incident.db)
        // Then it is a leak, not a plateau, at the rate of its last third (10 KiB/s ≈ 35 MB/hour), not the warm-up's
        let trend = try #require(try incident.db.trends().first)
        #expect(trend.kind == "leak", "\(trend.reason)")
        #expect(trend.reason.contains("a leak beneath the warm-up"))
        #expect(abs((trend.slopeMBPerHour ?? 0) - 35.2) < 3)
    }

    @Test func aSmallProcessClimbingAsALineUnderTenMBIsALeakAndAWarmUpOfTheSameSizeIsNot() throws {
        // Given a 46 MB process sampled every 3 s for 45 s that climbs 0.21 MB/s (9.5 MB, under the 10 MB floor)
        let climb = (0..<16).map { i in (Double(i) * 3, 46 * 1024 + 640 * Double(i) + 60 * SyntheticIncident.noise(i)) }
        // And one of the same size that fills 9.5 MB in its first 15 s and then holds
        let warm = (0..<16).map { i in
            (Double(i) * 3, 46 * 1024 + 9.5 * 1024 * min(1, Double(i) / 5) + 60 * SyntheticIncident.noise(i))
        }
        var kinds: [String] = []
        for values in [climb, warm] {
            let incident = try SyntheticIncident()
            try incident.samples(values, pid: 100)
            _ = try Analysis.run(on: incident.db)
            kinds.append(try incident.db.trends().first?.kind ?? "none")
        }
        // Then the line is a leak, and the warm-up is not
        #expect(kinds[0] == "leak")
        #expect(kinds[1] != "leak")
    }

    @Test func aCacheThatFillsUntilLateAndThenHoldsIsAPlateauButASawtoothLeakIsNot() throws {
        // Given a cache filling 17 MB linearly for 80% of two hours, then holding within ±0.3 MB
        let late = (0..<Self.count).map { i -> (Double, Double) in
            let t = Double(i) * 10
            return (t, 25 * 1024 + 17 * 1024 * min(1, t / 5760) + 300 * SyntheticIncident.noise(i))
        }
        // And a leak of the same size whose collections swing 8 MB every 30 minutes
        let sawtooth = (0..<Self.count).map { i -> (Double, Double) in
            let t = Double(i) * 10
            let tooth = 8 * 1024 * (t.truncatingRemainder(dividingBy: 1800) / 1800)
            return (t, 25 * 1024 + 17 * 1024 * t / 7200 + tooth + 300 * SyntheticIncident.noise(i))
        }
        var trends: [(kind: String, reason: String)] = []
        for values in [late, sawtooth] {
            let incident = try SyntheticIncident()
            try incident.samples(values, pid: 100)
            _ = try Analysis.run(on: incident.db)
            let trend = try #require(try incident.db.trends().first)
            trends.append((trend.kind, trend.reason))
        }
        // Then the cache levelled off late, and the sawtooth still leaks
        #expect(trends[0].kind == "plateau", "\(trends[0].reason)")
        #expect(trends[0].reason.contains("levelled off late"))
        #expect(trends[1].kind == "leak", "\(trends[1].reason)")
    }

    @Test func aLeakInStepsWhoseLastPauseIsNoLongerThanItsEarlierOnesIsNoPlateau() throws {
        // Given a worker sampled every 10 s whose RSS rose in steps with a 20 s pause among them (as rare requests
        // that each keep half a megabyte make it), and which paused 20 s again at the end (a unicorn worker, recorded)
        let stepped: [Double] = [22756, 23460, 28496, 28588, 28316, 33436, 36504, 41908, 43180, 43440, 43640]
        // And the same rise that then held for 60 s, longer than any pause before it
        let held = Array(stepped.prefix(8)) + [43180, 43440, 43500, 43560, 43600, 43640, 43620]
        var kinds: [String] = []
        for values in [stepped, held] {
            let incident = try SyntheticIncident()
            try incident.samples(values.enumerated().map { (Double($0.offset) * 10, $0.element) }, pid: 100)
            _ = try Analysis.run(on: incident.db)
            kinds.append(try #require(try incident.db.trends().first).kind)
        }
        // Then the first still leaks: its last pause is one more pause between steps
        #expect(kinds[0] == "leak")
        // And the second rose in its steps and then held: no longer a leak
        #expect(kinds[1] == "step")
    }

    @Test func aRiseWhoseLiveObjectsHeldWhileRSSCreptIsAPlateauButOneWhoseObjectsKeepRisingIsALeak() throws {
        // Given a worker that fills 20 MB over 80% of two minutes and then creeps 1.5 MB, with GC.stat every 8 s
        func incident(liveKeepsRising: Bool) throws -> SyntheticIncident {
            let incident = try SyntheticIncident()
            try incident.samples(
                (0..<120).map { i -> (Double, Double) in
                    let t = Double(i)
                    let fill = 20 * 1024 * min(1, t / 96)
                    return (t, 30 * 1024 + fill + max(0, t - 96) * 64 + 40 * SyntheticIncident.noise(i))
                }, pid: 7, process: "puma")
            try incident.db.write { db in
                try db.execute(
                    sql: "INSERT INTO artifacts (id, path, name, format, ingested_at) VALUES (99, 'gc', 'gc', 'x', 'x')"
                )
                for k in 0..<15 {
                    let t = Double(k) * 8
                    let live = liveKeepsRising ? 40_000 + Int(t * 400) : 40_000 + Int(min(t, 96) * 400)
                    try db.execute(
                        sql: """
                            INSERT INTO gc_samples (artifact_id, line, ts, pid, heap_live_slots, raw)
                            VALUES (99, ?, ?, 7, ?, '{}')
                            """,
                        arguments: [k + 1, SyntheticIncident.t0.adding(milliseconds: Int64(t * 1000)).iso8601, live])
                }
            }
            _ = try Analysis.run(on: incident.db)
            return incident
        }
        // Then with live objects held over the last fifth it levelled off, and with them still rising it leaks
        let held = try #require(try incident(liveKeepsRising: false).db.trends().first)
        #expect(held.kind == "plateau", "\(held.reason)")
        #expect(held.reason.contains("the heap stopped retaining"))
        #expect(try incident(liveKeepsRising: true).db.trends().first?.kind == "leak")
    }

    @Test func aPlateauWhoseLastThirdWandersStaysAPlateau() throws {
        // Given the same warm-up, then ±2 MB of noise and no steady rise
        let values = (0..<Self.count).map { i -> (Double, Double) in
            let t = Double(i) * 10
            let v = 200 * 1024 + 150 * 1024 * (1 - exp(-t / 600))
            return (t, v + 2048 * SyntheticIncident.noise(i, seed: 3))
        }
        let incident = try SyntheticIncident()
        try incident.samples(values, pid: 100)
        _ = try Analysis.run(on: incident.db)
        #expect(try incident.db.trends().first?.kind == "plateau")
    }

    @Test func leakSlopeIsMeasuredAndProjectedToTheLimit() throws {
        // Given a 140 MB/hour leak with a 1 GiB limit on its samples
        let incident = try SyntheticIncident()
        try incident.samples(Self.series(.leak), pid: 100, limitKB: 1024 * 1024)
        _ = try Analysis.run(on: incident.db)
        let trend = try #require(try incident.db.trends().first)
        // Then the slope is 40 KiB/s = 140.6 MB/hour, with a significant Mann-Kendall test and a tight fit
        let slope = try #require(trend.slopeMBPerHour)
        #expect(abs(slope - 140.625) < 2)
        #expect((trend.mkP ?? 1) < 1e-6)
        #expect((trend.r2 ?? 0) > 0.99)
        #expect(trend.confidence == "high")
        // And the limit is reached when the remaining (1024 - ~481) MB are used at that rate
        let last = 200 * 1024.0 + 40 * 7190
        let expected = (1024 * 1024 - last) / 1024 / 140.625
        #expect(abs((trend.hoursToLimit ?? 0) - expected) < 0.1)
        #expect(trend.limitAt != nil)
    }

    @Test func tooFewSamplesAreNeverALeakButAKeptRiseIsALowConfidenceStep() throws {
        // Given three samples 10 s apart that rise and stay (a platform's sparse metrics)
        let incident = try SyntheticIncident()
        try incident.samples([(0, 1000), (10, 50_000), (20, 90_000)], pid: 7)
        _ = try Analysis.run(on: incident.db)
        // Then the rise is a step of low confidence, timed only to the sampling interval, never a leak
        let trends = try incident.db.trends()
        #expect(trends.map(\.kind) == ["step"])
        #expect(trends.first?.confidence == "low")
        #expect(trends.first?.reason.contains("sampling interval") == true)
        // And whatever is named for it is hedged
        #expect(try incident.db.suspects().allSatisfy { !$0.isConfident })
    }

    @Test func aRiseInTheLastSparseSampleBeforeARestartIsNotAStep() throws {
        // Given a dyno's four 20 s samples, flat at 200 MB, then 710 MB in its last sample before it was restarted
        let incident = try SyntheticIncident()
        try incident.samples([(0, 205_000), (20, 205_400), (40, 205_800), (60, 726_000)], pid: 7)
        _ = try Analysis.run(on: incident.db)

        // Then no later sample shows the rise stayed: it is too short to classify, and nothing is named for it
        let trends = try incident.db.trends()
        #expect(trends.map(\.kind) == ["short"])
        #expect(try incident.db.suspects().isEmpty)
    }

    @Test func aFewSparseSamplesThatEachKeepARiseAreALowConfidenceLeak() throws {
        // Given a dyno's 20 s metrics: 19 → 28 MB in four samples, a 580 MB spike given back, then 33 MB
        let incident = try SyntheticIncident()
        try incident.samples(
            [(0, 19_800), (20, 22_500), (40, 25_300), (60, 28_000), (80, 580_300), (100, 33_400)], pid: 7)
        _ = try Analysis.run(on: incident.db)
        // Then the kept values' climb is a leak of low confidence that says how few samples it rests on
        let trend = try #require(try incident.db.trends().first)
        #expect(trend.kind == "leak")
        #expect(trend.confidence == "low")
        #expect(trend.reason.contains("too few samples to tell a leak from a warm-up"))
        #expect(try incident.db.suspects().allSatisfy { !$0.isConfident })
    }

    @Test(arguments: [
        // A warm-up: fast, then slowing to a halt
        [(0.0, 15_500.0), (20, 23_700), (40, 31_100), (60, 34_900), (80, 35_300), (100, 35_700)],
        // Sampled every 4 s: a short life, not sparse sampling
        [(0.0, 17_400.0), (4, 25_000), (8, 33_000), (12, 41_000), (16, 50_000), (20, 58_600)],
        // A value held flat between two rises
        [(0.0, 20_100.0), (20, 27_400), (40, 30_900), (60, 34_700), (80, 34_700), (100, 44_800)],
    ])
    func aFewSamplesThatWarmUpLiveBrieflyOrHoldAreShort(_ values: [(Double, Double)]) throws {
        let incident = try SyntheticIncident()
        try incident.samples(values, pid: 7)
        _ = try Analysis.run(on: incident.db)
        #expect(try incident.db.trends().map(\.kind) == ["short"])
        #expect(try incident.db.suspects().isEmpty)
    }

    @Test func tooFewSamplesThatDoNotRiseAreShort() throws {
        // Given three flat samples
        let incident = try SyntheticIncident()
        try incident.samples([(0, 50_000), (10, 51_000), (20, 50_500)], pid: 7)
        _ = try Analysis.run(on: incident.db)
        // Then there is nothing to classify and nothing is named
        #expect(try incident.db.trends().map(\.kind) == ["short"])
        #expect(try incident.db.suspects().isEmpty)
    }

    @Test func aTransientHeldWhenTheProcessWasKilledIsNotGrowth() throws {
        // Given a worker that lived 3 s at 15 MB and was killed 0.7 s into a 40 MB transient (a worker killer fires on
        // a high), sampled every 0.1 s: the last 10% of its samples are all inside the transient
        let values: [(Double, Double)] = (0..<30).map { i in
            let transient: Double = i >= 23 ? 40 * 1024 : 0
            return (Double(i) / 10, 15 * 1024 + transient + 4 * Double(i))
        }
        let incident = try SyntheticIncident()
        try incident.samples(values, pid: 100)
        _ = try Analysis.run(on: incident.db)
        // Then growth is measured to where it settled over the last 3 s: nothing kept
        let trend = try #require(try incident.db.trends().first)
        #expect(trend.kind == "flat", "\(trend.reason)")
        #expect(trend.retainedKB < 1024)
        // And with no settle time the transient would be a step
        var t = AnalysisThresholds()
        t.settleSeconds = 0
        _ = try Analysis.run(on: incident.db, thresholds: t)
        #expect(try incident.db.trends().first?.kind == "step")
    }

    @Test func aFastLeakInAShortLifeIsStillALeak() throws {
        // Given a worker that leaked 5 MB a second for 20 s before it was killed, sampled every 0.1 s
        let values: [(Double, Double)] = (0..<200).map { i in
            (Double(i) / 10, 15 * 1024 + 512 * Double(i) + 200 * SyntheticIncident.noise(i))
        }
        let incident = try SyntheticIncident()
        try incident.samples(values, pid: 100)
        _ = try Analysis.run(on: incident.db)
        // Then it leaks, and only its last 3 s are left out of the kept growth
        let trend = try #require(try incident.db.trends().first)
        #expect(trend.kind == "leak", "\(trend.reason)")
        #expect(trend.retainedKB > 80 * 1024 && trend.retainedKB < 86 * 1024)
    }
}
