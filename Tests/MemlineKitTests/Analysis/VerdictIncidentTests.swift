import Foundation
import Testing

@testable import MemlineKit

/// The recorded verdict incidents in `Fixtures/verdicts/` (real Ruby, OTP, jemalloc and platform recordings, each
/// planting a culprit beside traps; see each folder's README.md and `expected.json`), ingested folder-style and
/// analysed as a user would: every file memline recognises, then `Analysis.run`.
///
/// Each incident's full ranked verdict is pinned in `Snapshots/verdicts/<name>.txt`; re-record with
/// `MEMLINE_RECORD=1 swift test --filter VerdictIncidentTests`, which also rewrites `Snapshots/verdicts/confusion.md`
/// (the table in docs/ANALYSIS.md).
struct VerdictIncidentTests {
    struct Expected: Decodable {
        struct Name: Decodable {
            var kind: String
            var name: String

            func matches(_ s: SuspectRecord) -> Bool {
                s.kind == kind && s.name.lowercased().contains(name.lowercased())
            }
        }
        var culprit: [Name]
        var traps: [Name]
        /// Programs the analyst passes as `ingest --binary`, relative to the incident folder.
        var binaries: [String]?
    }

    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Snapshots/verdicts")

    static let incidents: [String] = {
        let root = Fixtures.path("verdicts")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: "\(root)/\($0)/expected.json") }.sorted()
    }()

    /// The modification time every incident file is given before it is ingested: a copy made long after.
    static let copiedAt = Date(timeIntervalSince1970: 1_893_456_000)  // 2030-01-01T00:00:00Z

    /// Ingests every file of the folder memline recognises (companions of unknown formats are left out) and analyses.
    static func analysed(_ name: String) throws -> (MemlineDatabase, Expected) {
        let folder = Fixtures.path("verdicts/\(name)")
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: URL(fileURLWithPath: "\(folder)/expected.json")))
        let db = try MemlineDatabase.inMemory()
        let files = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).sorted()
        var found: [String] = []
        let paths = files.filter { file in
            var isDirectory: ObjCBool = false
            return !["expected.json", "README.md"].contains(file)
                && FileManager.default.fileExists(atPath: "\(folder)/\(file)", isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }.map { "\(folder)/\($0)" }
        // Files whose times name no zone are read at the offset the others print, as `memline ingest FOLDER` does.
        let day = IncidentDay.infer(paths: paths)
        let zone = IncidentZone.infer(paths: paths, day: day)
        let process = IncidentProcess.infer(paths: paths)
        for path in paths {
            // A program beside the profiles is used to name their functions, as `memline ingest FOLDER` does.
            if MemlineDatabase.isELF(path) { found.append(path) }
            // Files reach an analyst copied long after the incident: a checkout's or build's copy time must not
            // decide a verdict, so every file carries the same far copy time.
            try FileManager.default.setAttributes([.modificationDate: Self.copiedAt], ofItemAtPath: path)
            var options = IngestOptions()
            options.day = day
            if let zone, zone.wallClockPaths.contains(path) { options.zone = zone.zone }
            if let process, process.unnamedPaths.contains(path) { options.pid = process.pid }
            _ = try? db.ingest(path: path, options: options)
        }
        let binaries = (expected.binaries ?? []).map { "\(folder)/\($0)" } + found
        if !binaries.isEmpty, SymbolTool.find() != nil { _ = try db.symbolizeProfiles(withBinaries: binaries) }
        _ = try Analysis.run(on: db)
        return (db, expected)
    }

    /// The verdict as lines: rank, kind, name, confidence; then what was ruled out.
    static func pinned(_ db: MemlineDatabase) throws -> String {
        var lines = try db.suspects().map { "\($0.id). \($0.kind) \($0.name) (\($0.confidence))" }
        lines += try db.ruledOut().map { "ruled out: \($0.kind) \($0.name)" }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test(arguments: incidents)
    func verdictIsPinnedAndNoTrapIsConfident(_ name: String) throws {
        // Given a recorded incident, ingested as a folder and analysed
        let (db, expected) = try Self.analysed(name)
        let suspects = try db.suspects()
        // Then no trap is named as a confident suspect
        for trap in expected.traps {
            #expect(!suspects.contains { trap.matches($0) && $0.isConfident }, "\(name): trap \(trap.name) confident")
        }
        // And the ranked verdict is the pinned one
        let text = try Self.pinned(db)
        let file = Self.snapshots.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["MEMLINE_RECORD"] != nil {
            try FileManager.default.createDirectory(at: Self.snapshots, withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        } else {
            let pinned = try String(contentsOf: file, encoding: .utf8)
            #expect(text == pinned, "\(name): verdict differs from Snapshots/verdicts/\(name).txt:\n\(text)")
        }
    }

    @Test func confusionTableMatchesTheRecordedVerdicts() throws {
        // Given every recorded incident
        var rows = [
            "| incident | right verdict | culprit first | culprit named | red herring named | nothing named |",
            "| --- | :---: | :---: | :---: | :---: | :---: |",
        ]
        var totals = [0, 0, 0, 0, 0]
        for name in Self.incidents {
            let (db, expected) = try Self.analysed(name)
            let suspects = try db.suspects()
            // When the verdict is read against what was planted
            let healthy = expected.culprit.isEmpty
            let first = suspects.first.map { s in expected.culprit.contains { $0.matches(s) } } ?? false
            let named = suspects.contains { s in expected.culprit.contains { $0.matches(s) } }
            let herring = suspects.contains { s in expected.traps.contains { $0.matches(s) } }
            let nothing = suspects.isEmpty
            // A healthy control is right when nothing is named; it has no culprit to put first.
            let cells: [Bool?] = [
                healthy ? nothing : first, healthy ? nil : first, healthy ? nil : named, herring, nothing,
            ]
            for (i, c) in cells.enumerated() where c == true { totals[i] += 1 }
            rows.append(
                "| \(name)\(healthy ? " (healthy control)" : "") | "
                    + cells.map { $0.map { $0 ? "yes" : "–" } ?? "n/a" }.joined(separator: " | ") + " |")
        }
        rows.append(
            "| **total of \(Self.incidents.count)** | " + totals.map(String.init).joined(separator: " | ") + " |")
        let table = rows.joined(separator: "\n") + "\n"
        // Then the table is the recorded one
        let file = Self.snapshots.appendingPathComponent("confusion.md")
        if ProcessInfo.processInfo.environment["MEMLINE_RECORD"] != nil {
            try FileManager.default.createDirectory(at: Self.snapshots, withIntermediateDirectories: true)
            try table.write(to: file, atomically: true, encoding: .utf8)
        } else {
            #expect(table == (try String(contentsOf: file, encoding: .utf8)), "confusion table differs:\n\(table)")
        }
    }
}
