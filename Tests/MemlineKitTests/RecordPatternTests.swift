import Foundation
import Testing

@testable import MemlineKit

/// `--match` as a regular expression over the full command line.
struct RecordPatternTests {
    @Test func patternMatchesAnywhereInTheCommandLineUnlessAnchored() throws {
        let worker = try ProcessPattern("puma: cluster worker [0-9]+")
        #expect(worker.matches("puma: cluster worker 3: 4242 [app]"))
        #expect(worker.matches("puma: cluster worker 12: 4242 [app]"))
        #expect(!worker.matches("puma 6.4.0 (tcp://0.0.0.0:3000) [app]"))
        #expect(!worker.matches("puma: cluster worker : 4242 [app]"))
        let anchored = try ProcessPattern("^sidekiq [0-9.]+ app")
        #expect(anchored.matches("sidekiq 7.2.0 app [0 of 5 busy]"))
        #expect(!anchored.matches("bundle exec sidekiq 7.2.0 app"))
        let anyCase = try ProcessPattern("(?i)unicorn (master|worker\\[[0-9]+\\])")
        #expect(anyCase.matches("Unicorn worker[2] -c config/unicorn.rb"))
        #expect(anyCase.matches("unicorn master -c config/unicorn.rb"))
        #expect(!anyCase.matches("unicorn worker -c config/unicorn.rb"))
    }

    @Test func invalidOrEmptyPatternIsRefusedWithTheReason() {
        #expect(throws: RecordError.invalidPattern("worker [0-9", reason: "expected ']'")) {
            try ProcessPattern("worker [0-9")
        }
        #expect(throws: RecordError.invalidPattern("", reason: "it is empty")) { try ProcessPattern("") }
        #expect(throws: RecordError.self) { try Recorder(target: .match("(unclosed")) }
        let message = RecordError.invalidPattern("worker [0-9", reason: "expected ']'").localizedDescription
        #expect(message.hasPrefix("--match 'worker [0-9' is not a regular expression (expected ']')"))
    }

    @Test func commandLineArgumentsAreJoinedBySpacesBeforeMatching() throws {
        // Given a proc root whose process 4242 has three NUL-separated arguments (and a trailing NUL)
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = root.appendingPathComponent("4242")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("ruby\0bin/rails\0server\0".utf8).write(to: dir.appendingPathComponent("cmdline"))
        let status = try String(contentsOfFile: Fixtures.path("linux/proc_status_sleep.txt"), encoding: .utf8)
        try Data(status.utf8).write(to: dir.appendingPathComponent("status"))
        // When a recorder anchored on the whole command line samples it
        let recorder = try Recorder(target: .match("^ruby bin/rails server$"), procRoot: root.path)
        let batch = recorder.sample(at: Timestamp(milliseconds: 1_000))
        // Then the process is followed with its command line as read
        #expect(batch.samples.map(\.pid) == [4242])
        #expect(recorder.tracked[4242]?.cmdline == "ruby bin/rails server")
        // And a pattern that needs the NULs, or only the command name, does not match
        let nul = try Recorder(target: .match("rails\0server"), procRoot: root.path)
        #expect(nul.sample(at: Timestamp(milliseconds: 1_000)).samples.isEmpty)
        let name = try Recorder(target: .match("^sleep$"), procRoot: root.path)
        #expect(name.sample(at: Timestamp(milliseconds: 1_000)).samples.isEmpty)
    }

    @Test func recorderFollowsOnlyLiveProcessesThePatternMatches() throws {
        // Given two workers and a master of one marker
        let marker = "memline-pattern-test-\(UUID().uuidString.prefix(8))"
        let workers = try [
            Child.python("time.sleep(60)", marker + " worker 1"),
            Child.python("time.sleep(60)", marker + " worker 22"),
        ]
        let master = try Child.python("time.sleep(60)", marker + " master")
        defer { for child in workers + [master] { child.stop() } }
        // When sampled with a pattern for the workers
        let recorder = try Recorder(target: .match(marker + " worker [0-9]+$"))
        var seen: Set<Int> = []
        let deadline = Date().addingTimeInterval(30)
        while seen.count < 2, Date() < deadline {
            seen.formUnion(recorder.sample(at: Timestamp(date: Date())).samples.compactMap(\.pid))
            Thread.sleep(forTimeInterval: 0.02)
        }
        // Then both workers and nothing else are followed
        #expect(seen == Set(workers.map(\.pid)))
        #expect(Set(recorder.tracked.keys) == Set(workers.map(\.pid)))
    }
}
