import Foundation
import GRDB
import Testing

@testable import MemlineKit

/// The reconciliation rules of the verdict on small synthetic incidents and real dumps, each isolated.
struct VerdictRuleTests {
    /// A process that stays flat for `seconds` from `start`, then one that leaks `mbPerMinute` from `leakStart`.
    private func flatThenLeak(_ incident: SyntheticIncident, leakStart: Double) throws {
        try incident.samples(
            (0..<60).map { (Double($0) * 5, 80_000 + 500 * SyntheticIncident.noise($0)) }, pid: 1, process: "web")
        try incident.samples(
            (0..<120).map {
                (leakStart + Double($0) * 5, 80_000 + Double($0) * 2_000 + 300 * SyntheticIncident.noise($0))
            },
            pid: 2, process: "web", file: "samples-2.txt")
    }

    @Test func deployRightBeforeGrowthOnHealthyHostsIsAConfidentChangeSuspect() throws {
        // Given a healthy process, a deploy at 305 s, and the new process leaking from 310 s
        let incident = try SyntheticIncident()
        try flatThenLeak(incident, leakStart: 310)
        try incident.event("deploy", at: 305)
        // When analysed
        _ = try Analysis.run(on: incident.db)
        // Then the deploy is a confident change suspect, with the time between them in its reason
        let change = try #require(try incident.db.suspects().first { $0.kind == "change" })
        #expect(change.name.hasPrefix("deploy"))
        #expect(change.isConfident)
        #expect(change.reason.contains("before growth began"))
        #expect(change.reason.contains("did not grow"))
        // And the verdict says what changed just before
        #expect(try incident.db.verdict()?.contains("What changed just before") == true)
    }

    @Test func anErlangNodeWhoseOwnTotalKeptNothingIsNotNamedForItsRSS() throws {
        // Given a beam.smp whose RSS rises 2 MB a minute for 10 minutes, with nothing in the logs to explain it
        func node(total: Bool) throws -> SyntheticIncident {
            let incident = try SyntheticIncident()
            let rising: [(Double, Double)] = (0..<120).map { i in
                let t: Double = Double(i) * 5
                let kb: Double = 60_000 + Double(i) * 170 + 300 * SyntheticIncident.noise(i)
                return (t, kb)
            }
            try incident.samples(rising, pid: 7064, process: "beam.smp")
            if total {
                // and the node's own erlang:memory() total, sampled beside it, swinging around 30 MB without a trend
                let swinging: [(Double, Double)] = (0..<120).map { i in
                    let t: Double = Double(i) * 5 + 2
                    let kb: Double = 30_000 + 1_000 * Double(i % 7)
                    return (t, kb)
                }
                try incident.samples(swinging, pid: nil, process: "erlang:total", host: nil, file: "procs.txt")
            }
            _ = try Analysis.run(on: incident.db)
            return incident
        }
        // Then alone, the node's process is named, possibly, for what nothing explains
        let alone = try node(total: false)
        #expect(try alone.db.suspects().contains { $0.kind == "process" && $0.name.contains("beam.smp") })
        // But beside a total that kept nothing, it is not: the VM's allocators hold what RSS kept, and the verdict says so
        let beside = try node(total: true)
        #expect(try beside.db.suspects().contains { $0.name.contains("beam.smp") } == false)
        #expect(try beside.db.verdict()?.contains("the node's own total (erlang:memory) kept nothing") == true)
    }

    @Test func aRiseThatLevelledOffIsNamedInTheVerdictThoughNothingKeptGrowing() throws {
        // Given a worker that fills 60 MB in its first two minutes and then holds
        let incident = try SyntheticIncident()
        let filling: [(Double, Double)] = (0..<120).map { i in
            let t: Double = Double(i) * 5
            let kb: Double = 80_000 + 60_000 * min(1, Double(i) / 24) + 200 * SyntheticIncident.noise(i)
            return (t, kb)
        }
        try incident.samples(filling, pid: 41, process: "worker")
        _ = try Analysis.run(on: incident.db)
        // Then the verdict says nothing kept growing, and where the rise went
        let verdict = try #require(try incident.db.verdict())
        #expect(verdict.hasPrefix("No process kept growing; the largest rise, worker pid 41"))
        #expect(verdict.contains("levelled off"))
    }

    @Test func aFlagTurnedOnAfterAFreshProcessWarmedUpAndHeldIsTheChangeThatStartedItsGrowth() throws {
        // Given a deploy, then a worker that warms up for 30 s, holds for 45 s across a config change, then leaks
        let incident = try SyntheticIncident()
        let rss: [(Double, Double)] = (0..<40).map { i in
            let t: Double = 10 + Double(i) * 5
            let warm: Double = 12_000 * min(1, (t - 10) / 30)
            let leak: Double = max(0, t - 85) * 300
            return (t, 20_000 + warm + leak + 50 * SyntheticIncident.noise(i))
        }
        try incident.samples(rss, pid: 7, process: "puma")
        try incident.event("deploy", at: 5, message: "deploy 5.8.0 (b7d20f4), phased restart")
        try incident.event("change", at: 68, message: "set fare_matrix_memo: true in flags.yml")
        _ = try Analysis.run(on: incident.db)
        // Then the config change ranks first, and the deploy says another change came after it
        let changes = try incident.db.suspects().filter { $0.kind == "change" }
        #expect(changes.first?.name.contains("fare_matrix_memo") == true)
        let deploy = try #require(changes.first { $0.name.contains("5.8.0") })
        #expect(deploy.reason.contains("another change came after it"))
    }

    /// The change suspects of a deploy at 60 s followed by a fresh dyno sampled every 20 s (MB), after a predecessor
    /// sampled at `before` (MB).
    private func changesBeforeAFreshDyno(_ after: [Double], before: [Double]) throws -> [SuspectRecord] {
        let incident = try SyntheticIncident()
        try incident.samples(
            before.enumerated().map { (Double($0.offset) * 20, $0.element * 1024) }, pid: 1, process: "web")
        try incident.samples(
            after.enumerated().map { (70 + Double($0.offset) * 20, $0.element * 1024) }, pid: 2, process: "web",
            file: "samples-2.txt")
        try incident.event("deploy", at: 60, message: "Deploy 3f9a2c1")
        _ = try Analysis.run(on: incident.db)
        return try incident.db.suspects().filter { $0.kind == "change" }
    }

    @Test func aFreshDynoThatRoseInItsFirstIntervalAndHeldWarmedUpButOneThatKeptRisingGrew() throws {
        // Given a deploy, then a fresh dyno that rose 14 MB in its first 20 s and held (a platform control, recorded)
        let warmed = try changesBeforeAFreshDyno([101.3, 115.3, 115.9, 117.2], before: [97.0])
        // Then the deploy is no suspect: every fresh process warms up, and one sample of its predecessor tells
        // nothing of the level processes of its role settle at
        #expect(warmed.isEmpty)
        // But a fresh dyno that rose over several intervals is the deploy's doing (a config-var release, recorded)
        let grew = try changesBeforeAFreshDyno([17.0, 20.8, 30.9, 32.2], before: [8.2, 9.0])
        #expect(grew.count == 1)
        // And so is one that rose in its first interval to well above a predecessor sampled three times
        let above = try changesBeforeAFreshDyno([101.3, 135.3, 135.9, 137.2], before: [96.0, 97.0, 97.0])
        #expect(above.count == 1)
    }

    @Test func deployInTheMiddleOfAnOngoingLeakIsNotAChange() throws {
        // Given a process leaking from the start and a deploy 5 minutes into it
        let incident = try SyntheticIncident()
        try incident.samples(
            (0..<120).map { (Double($0) * 5, 80_000 + Double($0) * 2_000 + 300 * SyntheticIncident.noise($0)) },
            pid: 2, process: "web")
        try incident.event("deploy", at: 300, process: "other")
        _ = try Analysis.run(on: incident.db)
        // Then no change is named: the growth began long before it
        #expect(try incident.db.suspects().allSatisfy { $0.kind != "change" })
    }

    /// The suspects of a process flat for 60 s that then grows in its floor, under one pid, with a deploy at 60 s.
    private func suspectsOfAProcessThatLivedThroughADeploy(process: String) throws -> [SuspectRecord] {
        let incident = try SyntheticIncident()
        try incident.samples(
            (0..<120).map { i -> (Double, Double) in
                let t = Double(i) * 5
                return (t, 80_000 + max(0, t - 60) * 400 + 300 * SyntheticIncident.noise(i))
            }, pid: 2, process: process)
        try incident.event("deploy", at: 60)
        _ = try Analysis.run(on: incident.db)
        return try incident.db.suspects()
    }

    @Test func aDeployThatAProcessLivedThroughIsNotItsChange() throws {
        // Given a web process that never restarted across the deploy (so it never loaded the new code)
        // Then the deploy is no suspect of it
        #expect(try suspectsOfAProcessThatLivedThroughADeploy(process: "web").allSatisfy { $0.kind != "change" })
        // And an Erlang node, whose release handler upgrades code in place, keeps the deploy as a suspect
        #expect(try suspectsOfAProcessThatLivedThroughADeploy(process: "beam.smp").contains { $0.kind == "change" })
    }

    @Test func identityDropsWhatARestartChanges() {
        #expect(SuspectMerger.identity("<0.120.0> (event_sink)") == "event_sink")
        #expect(SuspectMerger.identity("#PID<0.9.0> (app_sup)") == "app_sup")
        #expect(SuspectMerger.identity("unicorn_worker pid 4821 on vm") == "unicorn_worker on vm")
        #expect(SuspectMerger.identity("unicorn_worker pids 4821, 4907 on vm") == "unicorn_worker on vm")
        #expect(SuspectMerger.identity("web.2 dyno 837a58f0") == "web.2")
        #expect(SuspectMerger.identity("/reports/:id") == "/reports/:id")
    }

    @Test func sameRegisteredProcessBeforeAndAfterARestartIsOneSuspect() {
        // Given the same registered process under two pids
        func draft(_ name: String, _ kb: Double, confident: Bool) -> SuspectDraft {
            SuspectDraft(
                kind: .process, name: name, score: kb / 10, confident: confident, explainedKB: kb,
                reason: (confident ? "" : "Possibly ") + "\(name) grew", sql: "SELECT \(Int(kb))",
                evidence: [
                    EvidenceDraft(label: name, artifactID: 1, line: Int(kb), lineEnd: nil, ms: nil, value: "")
                ], basis: .retained, segments: [Int(kb)])
        }
        let merged = SuspectMerger.merge(
            [
                draft("<0.120.0> (event_sink)", 100, confident: false),
                draft("<0.345.0> (event_sink)", 200, confident: true),
            ],
            evidenceRows: 6)
        // Then they are one suspect named by the stable name, with both parts' memory, evidence and segments
        #expect(merged.count == 1)
        let one = try? #require(merged.first)
        #expect(one?.name == "event_sink")
        #expect(one?.explainedKB == 300)
        #expect(one?.score == 30)
        #expect(one?.confident == true)
        #expect(one?.evidence.count == 2)
        #expect(one?.segments == [100, 200])
        #expect(one?.reason.contains("appears 1 more time") == true)
    }

    @Test func siblingsAliveAtOnceAreNeverOneProcessButARespawnedSlotIs() {
        // Given process suspects for pids 9380 and 9381 of one role: segment 0 and 1 run together, segment 2 after
        func draft(_ name: String, segment: Int) -> SuspectDraft {
            SuspectDraft(
                kind: .process, name: name, score: 10, confident: false, explainedKB: 1000,
                reason: "Possibly \(name) grew", sql: "SELECT 1", evidence: [], basis: .process, segments: [segment])
        }
        let spans: [Int: (first: Int64, last: Int64)] = [0: (0, 100_000), 1: (5_000, 90_000), 2: (120_000, 200_000)]
        let drafts = [
            draft("puma pid 9381 on vm", segment: 0), draft("puma pid 9380 on vm", segment: 1),
            draft("puma pid 9412 on vm", segment: 2),
        ]
        let merged = SuspectMerger.merge(drafts, evidenceRows: 6) { spans[$0] }
        // Then the two siblings stay two suspects, each with its pid, and the later pid joins the first of them
        #expect(merged.count == 2)
        #expect(merged.map(\.segments) == [[0, 2], [1]])
        #expect(merged.last?.name == "puma pid 9380 on vm")
    }

    @Test func aRespawnedSlotIsNamedWithItsPidsInTheOrderTheyRan() {
        // Given one worker slot under two pids, the later one listed first (it scored more)
        func draft(_ pid: Int, segment: Int, score: Double) -> SuspectDraft {
            SuspectDraft(
                kind: .process, name: "puma: cluster worker 1 [app] pid \(pid) on vm", score: score, confident: false,
                explainedKB: 1000, reason: "Possibly it grew", sql: "SELECT 1", evidence: [], basis: .process,
                segments: [segment])
        }
        let spans: [Int: (first: Int64, last: Int64)] = [0: (0, 60_000), 1: (70_000, 140_000)]
        let merged = SuspectMerger.merge(
            [draft(5990, segment: 1, score: 30), draft(5136, segment: 0, score: 10)], evidenceRows: 6
        ) { spans[$0] }
        // Then it is one suspect, named with both pids in the order they ran
        #expect(merged.map(\.name) == ["puma: cluster worker 1 [app] pids 5136, 5990 on vm"])
        #expect(SuspectMerger.withPIDs("unicorn_worker", [4821, 4821]) == "unicorn_worker pid 4821")
    }

    @Test(arguments: [false, true])
    func aWorkerKilledRightAfterOneBigRiseIsNotADivergentSibling(longLived: Bool) throws {
        // Given three flat workers of one role, and a fourth seen only in 3 samples, the last one 115 MB higher
        // (killed right after one big request), or seen for 10 minutes rising 115 MB at a steady rate
        let incident = try SyntheticIncident()
        for pid in 1...3 {
            try incident.samples(
                (0..<120).map { (Double($0) * 5, 20_000 + 300 * SyntheticIncident.noise($0 + pid)) }, pid: pid,
                process: "unicorn", file: "samples-\(pid).txt")
        }
        let killed: [(Double, Double)] = [(100, 16_000), (102, 16_500), (104, 134_000)]
        let leaking = (0..<120).map {
            (Double($0) * 5, 20_000 + Double($0) * 1_000 + 300 * SyntheticIncident.noise($0))
        }
        try incident.samples(longLived ? leaking : killed, pid: 4, process: "unicorn", file: "samples-4.txt")

        // When analysed
        _ = try Analysis.run(on: incident.db)

        // Then only the long-lived rise is a divergent sibling: a step in a handful of samples is not one
        let divergent = try incident.db.trends().filter(\.divergent).compactMap(\.pid)
        #expect(divergent == (longLived ? [4] : []))
        #expect(try incident.db.suspects().contains { $0.kind == "process" && $0.isConfident } == longLived)
    }

    @Test func mtimeFarFromTheIncidentIsACopyTimeAndNearItIsTrusted() {
        // Given data from 10:00 to 11:00
        let start = Timestamp.parseISO("2026-12-06T10:00:00Z")?.milliseconds ?? 0
        let placement = SnapshotPlacement(spanMS: start...(start + 3_600_000))
        // Then an mtime weeks later is unknown, one 5 minutes after the end is trusted, a file-name time always is
        #expect(placement.trustedMS("2027-01-15T10:00:00.000Z", source: "mtime") == nil)
        #expect(placement.isCopyTime("2027-01-15T10:00:00.000Z", source: "mtime"))
        #expect(placement.trustedMS("2026-12-06T11:05:00.000Z", source: "mtime") != nil)
        #expect(placement.trustedMS("2027-01-15T10:00:00.000Z", source: "file name") != nil)
        // And dumps are ordered by the last number of their names
        #expect(SnapshotPlacement.sequence(of: "heap-13742-3") == 3)
        #expect(SnapshotPlacement.numbers(in: "heap-13742-3") == [13742, 3])
    }

    @Test func pidlessDumpsAttachToTheOneGrowingProcessOrTheClosestGrowth() {
        func window(_ segment: Int) -> GrowthWindow {
            GrowthWindow(segment: segment, isSpike: false, startMS: 0, endMS: 1, searchFromMS: 0, searchToMS: 1)
        }
        // Given one growing process, the dumps are its, and the note says why
        let one = SnapshotPlacement.attach([(window(3), 40_000, "web pid 7")], growthKB: 100, what: "The heap dumps")
        #expect(one?.window.segment == 3)
        #expect(one?.note.contains("the only process that grows") == true)
        // Given two, the one whose kept growth matches the dumps' own growth, when clearly closer
        let two = SnapshotPlacement.attach(
            [(window(1), 200_000, "a"), (window(2), 21_000, "b")], growthKB: 20_000, what: "The heap dumps")
        #expect(two?.window.segment == 2)
        #expect(two?.note.contains("matches") == true)
        // And none when two are about as close
        #expect(
            SnapshotPlacement.attach(
                [(window(1), 21_000, "a"), (window(2), 19_000, "b")], growthKB: 20_000, what: "The heap dumps") == nil)
        // And only Ruby programs (or unnamed processes) take a Ruby heap dump
        #expect(SnapshotPlacement.looksLikeRuby("puma: cluster worker 1: 30337 [tillpoint]"))
        #expect(SnapshotPlacement.looksLikeRuby(nil))
        #expect(!SnapshotPlacement.looksLikeRuby("beam.smp"))
    }

    @Test func copiedHeapDumpsDoNotStretchThePeriod() throws {
        // Given pidstat samples and a heap dump whose mtime is a copy time weeks later
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("memline-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let dump = dir.appendingPathComponent("heap-1.json.gz")
        try FileManager.default.copyItem(atPath: Fixtures.path("heap/heap-1.json.gz"), toPath: dump.path)
        let copied = try #require(Timestamp.parseISO("2027-01-15T10:00:00Z"))
        try FileManager.default.setAttributes([.modificationDate: copied.date], ofItemAtPath: dump.path)
        let db = try MemlineDatabase.inMemory()
        _ = try db.ingest(path: Fixtures.path("demo/pidstat.txt.gz"))
        _ = try db.ingest(path: dump.path)
        // Then the period ends with the samples, not at the copy time
        let span = try #require(try db.timeSpan())
        #expect(span.last < "2027")
        #expect(span.last.hasPrefix("2026-11-22"))
    }
}

/// Sibling roles: worker indices normalised so respawned and numbered workers compare with each other.
struct ProcessRoleTests {
    @Test(arguments: [
        (
            "unicorn worker[2] -c config/unicorn.rb -E production",
            "unicorn worker[*] -c config/unicorn.rb -E production"
        ),
        ("puma: cluster worker 3: 4242 [app]", "puma: cluster worker *: * [app]"),
        ("sidekiq 6.4.1 app [0 of 5 busy]", "sidekiq 6.4.1 app [* of 5 busy]"),
        ("unicorn_worker", "unicorn_worker"),
        ("beam.smp", "beam.smp"),
    ])
    func workerIndicesAreNormalised(_ name: String, _ role: String) {
        #expect(ProcessRole.normalized(name) == role)
    }

    @Test func aPumaWorkerIsShownWithoutTheMastersPidItsTitleCarries() {
        #expect(
            ProcessRole.shown("puma: cluster worker 1: 5125 [20261205060140]")
                == "puma: cluster worker 1 [20261205060140]")
        #expect(ProcessRole.shown("puma 5.6.5 (tcp://0.0.0.0:3000) [app]") == "puma 5.6.5 (tcp://0.0.0.0:3000) [app]")
        #expect(ProcessRole.shown("unicorn worker[2] -c config/unicorn.rb") == "unicorn worker[2] -c config/unicorn.rb")
    }

    @Test func herokuDynosOfOneTypeShareARole() {
        #expect(ProcessRole.normalizedHost("web.2") == "web.*")
        #expect(ProcessRole.normalizedHost("worker.11") == "worker.*")
        #expect(ProcessRole.normalizedHost("vm") == "vm")
        #expect(ProcessRole.normalizedHost("10.0.0.1") == "10.0.0.1")
    }

    @Test func aDynoRestartedByADeployKeepsItsRole() {
        // Two instances of web.1 (a new instance id at each restart) and one of web.2
        func dyno(_ host: String, _ id: String) -> MemorySeries {
            MemorySeries(source: "rss_samples", host: host, pid: nil, process: "heroku.58203117.\(id)", samples: [])
        }
        let before = dyno("web.1", "1f581149-765e-4ba2-ab79-2f300777ace4")
        let after = dyno("web.1", "bfbb7f4c-11a6-48de-b0ae-8b4ae5d97d40")
        let other = dyno("web.2", "3da9c3d5-15d4-44cd-ae42-e224f6b4767a")
        // Then all three are the role web.*, and each keeps its own label
        #expect(before.role == "web.*/heroku.58203117")
        #expect(Set([before.role, after.role, other.role]).count == 1)
        #expect(after.label == "web.1 dyno bfbb7f4c")
    }
}

/// Requests counted per sample interval against the kept rise, where the logs hold no per-request RSS.
struct IntervalCountTests {
    @Test func endpointWhoseRequestsFollowTheKeptRiseIsNamedWithItsMemoryPerRequest() throws {
        // Given a process sampled every 10 s whose floor rises 2 MB for every /imports request in the interval,
        // while /home is requested steadily, both logged as router lines (no per-request RSS)
        let incident = try SyntheticIncident()
        var rss = 100_000.0
        var samples: [(Double, Double)] = [(0, rss)]
        var requests: [(Double, String)] = []
        for i in 1...40 {
            let imports = (i * 7) % 4  // 0…3 imports in the interval, deterministic
            for k in 0..<imports { requests.append((Double(i) * 10 - 9 + Double(k), "/imports")) }
            for k in 0..<6 { requests.append((Double(i) * 10 - 8 + Double(k), "/home")) }
            rss += Double(imports) * 2_048 + 100 * SyntheticIncident.noise(i)
            samples.append((Double(i) * 10, rss))
        }
        try incident.samples(samples, pid: nil, process: "web", host: "web.1")
        try incident.db.write { conn in
            try conn.execute(
                sql: """
                    INSERT INTO artifacts (path, name, format, ingested_at)
                    VALUES ('router', 'router.log', 'heroku', '2026-11-22T00:00:00.000Z')
                    """)
            let id = conn.lastInsertedRowID
            for (n, r) in requests.enumerated() {
                let at = SyntheticIncident.t0.adding(milliseconds: Int64(r.0 * 1000)).iso8601
                try conn.execute(
                    sql: """
                        INSERT INTO requests (artifact_id, line, ts_start, ts_end, host, path, endpoint)
                        VALUES (?, ?, ?, ?, 'web.1', ?, ?)
                        """, arguments: [id, n + 1, at, at, r.1, r.1])
            }
        }
        // When analysed
        _ = try Analysis.run(on: incident.db)
        // Then /imports is named from the intervals, with about 2 MB kept per request, and /home is not
        let suspects = try incident.db.suspects()
        let imports = try #require(suspects.first { $0.name == "/imports" })
        #expect(imports.kind == "endpoint")
        #expect(imports.reason.contains("kept per request"))
        #expect(imports.reason.contains("about 2.00 MB kept per request"), "\(imports.reason)")
        #expect(!suspects.contains { $0.name == "/home" })
    }

    @Test func jobClassWhoseRunsFollowTheKeptRiseIsNamedWithItsMemoryPerRun() throws {
        // Given a job process sampled every 10 s whose floor rises 3 MB for every LedgerSyncJob run that ended in
        // the interval, while MailJob runs twice in every interval and keeps nothing
        let incident = try SyntheticIncident()
        var rss = 120_000.0
        var samples: [(Double, Double)] = [(0, rss)]
        var runs: [(Double, Double, String)] = []
        for i in 1...40 {
            let ledger = (i * 5) % 3  // 0…2 runs in the interval, deterministic
            for k in 0..<ledger {
                let start = Double(i) * 10 - 9 + Double(k) * 3
                runs.append((start, start + 1, "LedgerSyncJob"))
            }
            for k in 0..<2 {
                let start = Double(i) * 10 - 8 + Double(k) * 4
                runs.append((start, start + 0.5, "MailJob"))
            }
            rss += Double(ledger) * 3_072 + 100 * SyntheticIncident.noise(i)
            samples.append((Double(i) * 10, rss))
        }
        try incident.samples(samples, pid: 42, process: "sidekiq")
        try incident.jobs(runs, pid: 42)
        // When analysed
        _ = try Analysis.run(on: incident.db)
        // Then LedgerSyncJob is named, with about 3 MB kept per run, and MailJob is not
        let suspects = try incident.db.suspects()
        let ledger = try #require(suspects.first { $0.name == "LedgerSyncJob" }, "\(suspects.map(\.name))")
        #expect(ledger.kind == "job_class")
        #expect(!suspects.contains { $0.name == "MailJob" })
        if ledger.reason.contains("Intervals with more runs of") {
            #expect(ledger.reason.contains("about 3.00 MB kept per run"), "\(ledger.reason)")
        }
    }
}

extension VerdictRuleTests {
    @Test func theOneRareJobAcrossTheStepOfASparseSeriesIsNamedThoughItMissedSmallRises() throws {
        // Given a worker sampled every 20 s that creeps up 28, 12 and 9 MB in its first three intervals, then
        // doubles (+354 MB) while the one run of ExportJob spans the step, while WebhookJob runs all along
        let incident = try SyntheticIncident()
        let rssMB: [Double] = [177, 205, 217, 226, 580, 610, 631]
        try incident.samples(
            rssMB.enumerated().map { (Double($0.offset) * 20, $0.element * 1024) }, pid: 7, process: "worker")
        var runs: [(Double, Double, String)] = [(64, 90, "ExportJob")]
        for k in 0..<60 { runs.append((Double(k) * 2 + 0.5, Double(k) * 2 + 0.8, "WebhookJob")) }
        try incident.jobs(runs, pid: 7)

        // When analysed
        _ = try Analysis.run(on: incident.db)

        // Then ExportJob is named, hedged on the resolution, and WebhookJob is not
        let suspects = try incident.db.suspects()
        let export = try #require(suspects.first { $0.name == "ExportJob" }, "\(suspects.map(\.name))")
        #expect(export.kind == "job_class")
        #expect(!export.isConfident)
        #expect(!suspects.contains { $0.name == "WebhookJob" })
    }
}

extension VerdictRuleTests {
    @Test func aProcessThatClimbedInHeapStepsThenHeldIsAHedgedLeadOnlyWhenNothingStillGrows() throws {
        // Given an OTP node whose gen_server climbs 17 → 72 MB in heap-size steps, holds there, is restarted by
        // its supervisor and climbs the same way, beside a stable 47 MB process and a batcher's transients
        let (db, _) = try VerdictIncidentTests.analysed("h7-beam-lane-restart")

        // Then it is named, hedged, with both lives added up and its flat second half said
        let suspects = try db.suspects()
        let first = try #require(suspects.first)
        #expect(first.name.contains("trip_matcher"))
        #expect(!first.isConfident)
        #expect(first.reason.contains("held flat through the second half of its samples"))
        #expect(first.reason.contains("in its other lives (a restart"))
        #expect(!suspects.contains { $0.name.contains("plate_registry") })

        // And where a process still grows, one that loaded its table at boot and held it is not named
        let (mailbox, _) = try VerdictIncidentTests.analysed("h4-beam-mailbox")
        #expect(try !mailbox.suspects().contains { $0.name.contains("tariff_table") })
    }
}

extension VerdictRuleTests {
    @Test func profilesWithoutAPidSpeakForTheOneGrowingProcess() throws {
        // Given a jemalloc service whose profiles are named by time only (`quotad-20261206T153616Z.heap`): its
        // bounded cache filled, then RSS crept up 27 MB after two big transients while the profiles stayed flat
        let (db, _) = try VerdictIncidentTests.analysed("h6-jemalloc-warm-cache")

        // Then the profiles are the process's retained view: the slow rise after the warm-up is the allocator's
        #expect(try db.suspects().isEmpty)
        let ruledOut = try #require(try db.ruledOut().first { $0.name.contains("quotad") })
        #expect(ruledOut.reason.contains("the heap profiles hold"), "\(ruledOut.reason)")
        #expect(ruledOut.reason.contains("more through its last third"))
    }
}

extension VerdictRuleTests {
    @Test func aHeavyJobWhoseObjectsGCStatSawFreedIsRuledOutAsGarbage() throws {
        // Given a Ruby job process where NightlyReportJob's run raised RSS in a step that stayed, while GC.stat's
        // old objects rose during it and fell back after a major GC
        let (db, _) = try VerdictIncidentTests.analysed("lost-mtime")

        // Then it is not a suspect but ruled out, with the objects' rise and fall as the reason
        #expect(try !db.suspects().contains { $0.name == "NightlyReportJob" })
        let ruledOut = try #require(try db.ruledOut().first { $0.name == "NightlyReportJob" })
        #expect(ruledOut.reason.contains("GC.stat shows what they made was freed"), "\(ruledOut.reason)")
        #expect(ruledOut.reason.contains("fell back to"))
    }
}

extension VerdictRuleTests {
    @Test func aWorkerRecycledWhileHoldingOneBigRiseIsNeitherDivergentNorNamed() throws {
        // Given three flat unicorn workers sampled every 2 s for 120 s, and a fourth, flat at 19 MB, that rises to
        // 279 MB over its last 14 s (one big report) and is recycled by a request-count killer at 70 s
        let incident = try SyntheticIncident()
        for pid in 1...3 {
            try incident.samples(
                (0..<60).map { (Double($0) * 2, 20_000 + 200 * SyntheticIncident.noise($0 + pid)) }, pid: pid,
                process: "unicorn", file: "samples-\(pid).txt")
        }
        let recycled = (0..<36).map { i -> (Double, Double) in
            let t = Double(i) * 2
            let rise = t < 56 ? 0 : min(1, (t - 56) / 14) * 260 * 1024
            return (t, 19 * 1024 + rise + 100 * SyntheticIncident.noise(i))
        }
        try incident.samples(recycled, pid: 4, process: "unicorn", file: "samples-4.txt")

        // When analysed
        _ = try Analysis.run(on: incident.db)

        // Then whether it would have kept the rise is unknown: no divergent sibling, nothing named
        #expect(try incident.db.trends().allSatisfy { !$0.divergent })
        #expect(try incident.db.suspects().isEmpty)
    }
}

struct AllocatingWorkTests {
    @Test(arguments: [
        ("remember_session", ["remember", "session"]),
        ("app/controllers/sessions_controller.rb", ["session"]),
        ("/api/v2/carts/:id", ["cart"]),
        ("PriceSyncJob", ["price", "sync"]),
        ("Larder::CatalogIndexJob", ["larder", "catalog"]),
        ("lib/larder/jobs/catalog_index_job.rb", ["larder", "catalog"]),
        ("/categories/:id/entries", ["category"]),
        ("HTTPClient#get", ["httpclient"]),
    ])
    func namesAreReducedToTheWordsOfWhatTheyServe(_ name: String, _ words: [String]) {
        #expect(NameTokens.of(name) == Set(words))
    }

    @Test func retainedSiteIsTiedToTheEndpointItsCodeIsNamedAfterWithObjectsPerRequest() throws {
        let (db, _) = try VerdictIncidentTests.analysed("garbage-leak")
        let suspects = try db.suspects()
        #expect(suspects.map(\.name).prefix(2) == ["app.rb:72", "/sessions/:id"])
        let tie = try #require(suspects.dropFirst().first)
        #expect(!tie.isConfident)
        #expect(tie.reason.contains("shares “session” with the code that allocated"))
        // 40 strings were planted per request (the dumps' times are a copy's here: the whole segment is compared).
        let each = try #require(
            tie.reason.firstMatch(of: /about ([0-9]+) retained objects per request/).flatMap { Int($0.1) })
        #expect((30...50).contains(each))
    }
}

struct VerdictParagraphTests {
    @Test func aNodeSampledByPidstatAndErlangMemoryIsOneGrowingProcessWithBothSourcesNamed() throws {
        let (db, _) = try VerdictIncidentTests.analysed("beam-deploy")
        let verdict = try #require(try db.verdict())
        #expect(verdict.hasPrefix("Memory grew in 1 process: beam.smp pid "), "\(verdict)")
        #expect(verdict.contains("; as erlang:total: step"))
    }
}

/// How a heap diff's sites are judged before one is named.
struct HeapSiteRuleTests {
    private func site(_ key: String, counts: [Int], memsizes: [Int] = []) -> HeapWindowResult.Group {
        HeapWindowResult.Group(
            grouping: .site, key: key, rank: 1, objects: 1, memsize: 1, counts: counts, sampleAddress: nil,
            retentionPath: nil, memsizes: memsizes)
    }

    @Test func librarySiteGrowingInStepWithAnAppSiteWasMadeForIt() {
        // Given JSON.generate's strings (1 → 4 → 8) and an app log's lines (25 → 100 → 200): 25 lines per string
        let library = site("/usr/lib/ruby/3.1.0/json/common.rb:312", counts: [1, 4, 8])
        let app = site("app/models/attempt_log.rb:11", counts: [25, 100, 200])
        // Then they grew in step; a site that grew by another multiple at the last snapshot did not
        #expect(SuspectBuilder.growInStep(library, app))
        #expect(!SuspectBuilder.growInStep(library, site("app/other.rb:3", counts: [25, 100, 130])))
        #expect(!SuspectBuilder.growInStep(library, site("app/flat.rb:3", counts: [25, 25, 25])))
    }

    @Test func sitesOfOneFileHeldByOneClassAreOneStructure() {
        // Given three lines of an audit middleware whose objects RequestAudit holds, one line of the same file held
        // by a request in flight, and a line of another file held by the same class
        func held(_ key: String, _ memsize: Int, by path: String) -> HeapWindowResult.Group {
            HeapWindowResult.Group(
                grouping: .site, key: key, rank: 1, objects: 10, memsize: memsize, counts: [5, 15],
                sampleAddress: nil, retentionPath: path + " → String @ " + key)
        }
        let byClass = "ROOT vm → Object (class) → RequestAudit (class) → Hash"
        var sites = [
            held("app/middleware/request_audit.rb:18", 446_000, by: byClass + " → Hash"),
            held("app/middleware/request_audit.rb:16", 440_000, by: byClass),
            held("app/middleware/request_audit.rb:21", 9_000, by: "ROOT vm → Ractor → Thread → Hash"),
            held("app/middleware/request_audit.rb:13", 97_000, by: byClass + " → Hash"),
            held("lib/router.rb:19", 1_500, by: byClass + " → Hash"),
        ]
        var notes: [String: String] = [:]

        // When the sites of one holder fold
        SuspectBuilder.foldSitesOfOneHolder(&sites, notes: &notes, isLibrary: { _ in false })

        // Then the class's three lines of that file are one site, and the others stay apart
        #expect(
            sites.map(\.key) == [
                "app/middleware/request_audit.rb:18", "app/middleware/request_audit.rb:21", "lib/router.rb:19",
            ])
        #expect(sites[0].memsize == 983_000)
        #expect(sites[0].objects == 30)
        #expect(
            notes["app/middleware/request_audit.rb:18"]?.contains("lines 16, 13 of the same file, held by RequestAudit")
                == true)
    }

    @Test func aCappedCacheThatFilledLevelsOffThoughItsCountStillCreeps() {
        // Given an LRU capped at 260 entries, dumped at 25, 55 and 90% of a run (36 s and 42 s apart), and a leak
        var lru = site("app/jobs/fares/quote_refresh_job.rb:7", counts: [5_447, 9_893, 10_101])
        lru.memsizes = [1_950_000, 3_550_000, 3_570_000]
        lru.gapSeconds = [36, 42]
        var leak = site("app/models/audit.rb:9", counts: [1_000, 2_100, 3_300], memsizes: [10_000, 21_000, 33_000])
        leak.gapSeconds = [36, 42]

        // Then the cache levelled off at the last dump and is not rising; the leak keeps its pace
        #expect(lru.levelledAtTheLast)
        #expect(!lru.rising)
        #expect(SuspectBuilder.stoppedAtTheLast(lru))
        #expect(leak.rising)
        #expect(!SuspectBuilder.stoppedAtTheLast(leak))
    }

    @Test func siteWhoseBytesRiseAtEverySnapshotIsRisingWhateverItsCount() {
        // Given a memo that swaps its strings for longer ones: 135 → 108 → 162 objects, 1.45 → 2.86 → 4.29 MB
        let memo = site("lib/geo.rb:32", counts: [135, 108, 162], memsizes: [1_520_000, 3_000_000, 4_500_000])
        #expect(memo.rising)
        // And one that neither rises in count nor in bytes is not
        #expect(!site("lib/pool.rb:8", counts: [40, 38, 41], memsizes: [9_000, 8_800, 9_100]).rising)
    }
}

/// How changes next to the same growth are told apart.
struct ChangeFoldingTests {
    private func change(_ kind: String, at seconds: Int64, id: Int64, confident: Bool)
        -> (event: ChangeSuspects.ChangeEvent, draft: SuspectDraft)
    {
        let event = ChangeSuspects.ChangeEvent(
            id: id, ms: seconds * 1000, host: "web-2", kind: kind, message: "\(kind) \(id)", artifactID: 1,
            line: Int(id), format: "oncall-notes")
        let draft = SuspectDraft(
            kind: .change, name: "\(kind): \(kind) \(id)", score: 40, confident: confident, explainedKB: 1000,
            reason: (confident ? "" : "Possibly: ") + "the \(kind) came before growth", sql: "SELECT \(id)",
            evidence: [], basis: .change, segments: [0])
        return (event, draft)
    }

    @Test func aConfigChangeAndADeployBeforeOneGrowthAreTwoChangesAndTheLaterLeads() {
        // Given a config change noted 29 s before a deploy, both right before the same growth
        let found = [change("config", at: 0, id: 1, confident: true), change("deploy", at: 29, id: 2, confident: true)]
        let suspects = ChangeSuspects.oneChange(found, evidenceRows: 6)
        // Then they stay two suspects: the deploy confident, the earlier config change possible at most
        #expect(suspects.count == 2)
        let deploy = try? #require(suspects.first { $0.name.hasPrefix("deploy") })
        let config = try? #require(suspects.first { $0.name.hasPrefix("config") })
        #expect(deploy?.confident == true)
        #expect(config?.confident == false)
        #expect(config?.reason.contains("another change came after it") == true)
    }

    @Test func twoReleasesAMinuteApartAreTwoChangesAndANoteNamingBothTiesItsTwo() {
        // Given a config-only release v86, then the deploy of 9d41e7a and its release v87, and a note naming both
        var v86 = change("release", at: 0, id: 1, confident: false)
        v86.event.message = "Release v86 created by user mara@example.com"
        var deploy = change("deploy", at: 27, id: 2, confident: false)
        deploy.event.message = "Deploy 9d41e7a by user jonas@example.com"
        var v87 = change("release", at: 27, id: 3, confident: false)
        v87.event.message = "Release v87 created by user jonas@example.com"
        var note = change("deploy", at: 60, id: 4, confident: false)
        note.event.message = "v87 deployed (9d41e7a: ETA caching); dynos restarting"
        v86.event.format = "heroku"
        deploy.event.format = "heroku"
        v87.event.format = "heroku"
        let suspects = ChangeSuspects.oneChange([v86, deploy, v87, note], evidenceRows: 6)
        // Then v86 is a change of its own, and the deploy, v87 and the note are one
        #expect(suspects.count == 2)
        #expect(suspects.map(\.name) == ["release: release 1", "deploy: deploy 2"])
        #expect(suspects.contains { $0.reason.contains("also recorded as") && $0.reason.contains("v87") })
        #expect(ChangeSuspects.releaseNames(in: note.event.message) == ["v87", "9d41e7a"])
        #expect(ChangeSuspects.releaseNames(in: "Set SEARCH_TIMEOUT_MS config vars").isEmpty)
    }

    @Test func aNoteStampedToTheMinuteTakesTheTimeItsLoggedChangeGives() {
        // Given the on-call's "05:35 release 5.0.2 installed", the runtime's log of it at 05:35:30, and a note of
        // another release in a minute the log does not cover
        var note = change("deploy", at: 300, id: 1, confident: false).event
        note.message = "release brackwater 5.0.2 installed (relup)"
        var logged = change("deploy", at: 330, id: 2, confident: false).event
        logged.message = "release_handler: installed release brackwater 5.0.2"
        logged.format = "erlang-logger"
        var other = change("deploy", at: 360, id: 3, confident: false).event
        other.message = "deploy v88"
        var config = change("config", at: 300, id: 4, confident: false).event
        config.message = "config reload"
        // Then the note of 5.0.2 moves to 05:35:30; the note of v88 and the config note keep their minute
        let timed = ChangeSuspects.notesAtTheirLoggedTime([note, logged, other, config])
        #expect(timed.map(\.ms) == [330_000, 330_000, 360_000, 300_000])
        // And a note that names another release than the log's keeps its own minute
        other.ms = 300_000
        logged.message = "release v87 deployed"
        #expect(ChangeSuspects.notesAtTheirLoggedTime([other, logged]).map(\.ms) == [300_000, 330_000])
    }

    @Test func aRollbackStaysWithTheDeployItUndidThoughItNamesAnotherRelease() {
        // Given the deploy of e7d2f90, then the rollback to a41c0de a few minutes later
        var deploy = change("deploy", at: 0, id: 1, confident: true)
        deploy.event.message = "deploy e7d2f90 (release 20261207)"
        var rollback = change("rollback", at: 240, id: 2, confident: false)
        rollback.event.message = "rollback to a41c0de"
        // Then they are one change
        #expect(ChangeSuspects.oneChange([deploy, rollback], evidenceRows: 6).count == 1)
    }

    @Test func aReleaseAndTheDeployNoteOfItAreOneChange() {
        // Given the release logged by the runtime and the deploy the on-call notes wrote a minute later
        var release = change("release", at: 0, id: 1, confident: false)
        release.event.format = "erlang-logger"
        let found = [release, change("deploy", at: 60, id: 2, confident: true)]
        // Then they are one suspect, named by the logged release, confident because one part is
        let suspects = ChangeSuspects.oneChange(found, evidenceRows: 6)
        #expect(suspects.count == 1)
        #expect(suspects.first?.name == "release: release 1")
        #expect(suspects.first?.confident == true)
        #expect(suspects.first?.reason.contains("also recorded as") == true)
    }
}
