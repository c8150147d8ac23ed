import Foundation
import Testing

@testable import MemlineKit

/// On-call notes (`HH:MM text` under a dated header) become annotation events.
struct OnCallNotesTests {
    private func parse(_ text: String, context: ParseContext = ParseContext(sourceName: "notes.txt")) throws
        -> RowCollector
    {
        let sink = RowCollector()
        var parser = ArtifactFormat.onCallNotes.makeParser(context)
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    @Test func eachTimedLineIsAnEventDatedByTheHeaderAndKindedByItsWords() throws {
        // Given notes under `# on-call notes 2026-12-06 UTC`, one time approximate, one note wrapped
        let sink = try Fixtures.parse("oncall-notes/notes.txt", as: .onCallNotes)

        // Then every timed line is one event, at its time on the header's day
        #expect(sink.skipped.isEmpty)
        #expect(
            sink.events.map { "\($0.ts.iso8601) \($0.kind)" } == [
                "2026-12-06T09:05:00.000Z note", "2026-12-06T09:08:00.000Z deploy",
                "2026-12-06T09:10:12.000Z note", "2026-12-06T09:10:15.000Z note",
                "2026-12-06T09:10:19.000Z restart", "2026-12-06T09:20:00.000Z change",
                "2026-12-06T09:31:00.000Z rollback", "2026-12-06T09:45:00.000Z note",
            ])
        // And the `~` time is marked approximate, and a wrapped line continues its note
        #expect(sink.events[1].details == #"{"approximate":true}"#)
        #expect(sink.events[3].message == "worker 1 crashed with SIGABRT, see the [BUG] report in unicorn.stderr.log")
        #expect(sink.events.map(\.line) == [4, 5, 6, 7, 9, 10, 11, 12])
    }

    @Test func theHeadersZoneAppliesAndMidnightRollsToTheNextDay() throws {
        // Given notes dated `2026-12-06 (Europe/Berlin)` that run past midnight
        let sink = try Fixtures.parse("oncall-notes/notes_berlin_two_days.txt", as: .onCallNotes)
        // Then Berlin's winter offset (+01:00) applies and 00:04 is the next day
        #expect(
            sink.events.map(\.ts.iso8601) == [
                "2026-12-06T22:50:00.000Z", "2026-12-06T22:58:00.000Z", "2026-12-06T23:04:00.000Z",
            ])
        #expect(sink.events.map(\.kind) == ["deploy", "note", "restart"])
    }

    @Test func atAndTZDateNotesThatHaveNoHeader() throws {
        // Given notes without a header, read with --at 2026-12-06 and --tz +09:00
        let zone = try #require(ZoneRule(parsing: "+09:00"))
        let at = try #require(Timestamp.parseISO("2026-12-06T08:00:00+09:00", zone: zone))
        let sink = try parse(
            "10:00 deploy 2.4.1\n10:30 restart web\n",
            context: ParseContext(sourceName: "notes.txt", zone: zone, at: at))
        // Then the notes fall on that day in that zone
        #expect(sink.events.map(\.ts.iso8601) == ["2026-12-06T01:00:00.000Z", "2026-12-06T01:30:00.000Z"])
    }

    @Test func aHeaderDateInWordsWithoutItsYearTakesTheIncidentsYear() throws {
        // Given notes headed `ropewalk memory - on-call notes (Mon 7 Dec, NST)`, read beside files of 7 December 2026
        var context = ParseContext(sourceName: "oncall-notes.txt")
        context.day = Timestamp.daysFromCivil(year: 2026, month: 12, day: 7)
        let text = "ropewalk memory - on-call notes (Mon 7 Dec, NST)\n\n11:12  pager: RSS swinging\n"
        let sink = try parse(text, context: context)
        // Then the note is on that day, in Newfoundland's offset (-03:30)
        #expect(sink.events.map(\.ts.iso8601) == ["2026-12-07T14:42:00.000Z"])
        // And a date across the new year takes the year nearer the incident
        context.day = Timestamp.daysFromCivil(year: 2027, month: 1, day: 1)
        #expect(
            try parse("#oncall  Thu 31 Dec (UTC)\n23:50 pager\n", context: context).events.first?.ts.iso8601
                == "2026-12-31T23:50:00.000Z")
        // Without the incident's day, a date without a year dates nothing; with its year it needs none
        #expect(try parse(text).events.isEmpty)
        #expect(
            try parse("notes, 7 December 2026 UTC\n09:05 deploy\n").events.first?.ts.iso8601
                == "2026-12-07T09:05:00.000Z")
        #expect(NotesHeader("the cache may 2 be cold", near: context.day) == nil)
    }

    @Test func notesDatedInWordsUnderATitleNamingTheZoneAreRead() throws {
        // Given recorded notes titled `(Adelaide time)`, each note starting `08 Dec 07:52`, beside files of 7 December
        // (UTC)
        var context = ParseContext(sourceName: "oncall-notes.txt")
        context.day = Int(try #require(Timestamp.parseISO("2026-12-07")).milliseconds / 86_400_000)
        let sink = try Fixtures.parse(
            "verdicts/h30-node-stenmoor-audit-capture-flag-pending-audit-beside-blamed-v2-31-deploy-catalog-export/"
                + "oncall-notes.txt", as: .onCallNotes, context: context)
        // Then each note is at its time in Adelaide's summer offset (+10:30) on the day it prints
        #expect(sink.skipped.isEmpty)
        #expect(sink.events.map(\.ts.iso8601) == ["2026-12-07T21:22:00.000Z", "2026-12-07T21:24:00.000Z"])
        #expect(sink.events.first?.message.hasPrefix("node RSS 45 MB at 07:47") == true)
    }

    @Test(arguments: [
        ("Dec 7 21:16  web.2 went up", 12, 7, 21 * 3600 + 16 * 60), ("8 Dec 10:04 beam.smp RSS", 12, 8, 36_240),
        ("Tue 8 Dec ~01:25 paged", 12, 8, 5100), ("Mon, Dec 7, 11:59 v6.4.0 out", 12, 7, 43_140),
    ])
    func aNoteMayStartWithItsDayInWords(text: String, month: Int, day: Int, second: Int) throws {
        let note = try #require(NoteLine(text))
        #expect(note.date == NoteLine.MonthDay(month: month, day: day) && note.secondOfDay == second)
    }

    @Test func syslogLinesAreNotDatedNotes() {
        // A day in words then a time with seconds is syslog's prefix, not a note
        #expect(NoteLine("Dec  7 21:16:01 web-1 app[123]: started worker") == nil)
    }

    @Test(arguments: [
        ("shop-api-2 / stenmoor-api  (Adelaide time)", 10 * 3600 + 1800),
        ("ashcombe-desk-1 (beam) -- on-call scratchpad, NZ time", 13 * 3600),
        ("wm-app-2 memory - times Central", -6 * 3600), ("notes from Papertrail (times UTC)", 0),
    ])
    func aTitleNamesItsZoneInWords(title: String, offsetInDecember: Int) throws {
        let december = try #require(Timestamp.parseISO("2026-12-08T00:00:00Z"))
        #expect(NotesHeader.zone(in: title)?.offsetSeconds(atUTC: december) == offsetInDecember)
    }

    @Test func aPlaceNotBesideTheWordTimeIsNoZone() {
        #expect(NotesHeader.zone(in: "paged by the Sydney office about web-2") == nil)
    }

    @Test func aHeaderDateOfNumbersWithDashesIsDayFirst() throws {
        // Given notes headed `bf-web-1 geheugen / memory 07-12-2026 (CET)`
        let sink = try parse("bf-web-1 geheugen / memory 07-12-2026 (CET)\n19:02 BF-412 memory alert bf-web-1\n")
        // Then the note is on 7 December, at Central European Time
        #expect(sink.events.map(\.ts.iso8601) == ["2026-12-07T18:02:00.000Z"])
        // And one slashed day first is read the way round nearer the incident's day, not as 12 July
        var context = ParseContext(sourceName: "oncall-notes.txt")
        context.day = Timestamp.daysFromCivil(year: 2026, month: 12, day: 7)
        #expect(
            try parse("scratchpad\n07/12/2026\n\n15:05 worker memory page\n", context: context).events.map(\.ts.iso8601)
                == ["2026-12-07T15:05:00.000Z"])
    }

    @Test func notesWhoseLinesWrapAreStillOnCallNotes() throws {
        // Given real notes whose every note wraps onto indented lines, under a title line
        let path =
            "verdicts/h29-platform-node-larchgate-route-index-rare-job-beside-vehicle-sync-fares-export-r14/"
            + "oncall-notes.txt"
        let lines = try Fixtures.lines(path).map(\.text)
        // Then they are read as on-call notes, each wrapped note one event
        #expect(FormatRegistry.detect(head: lines)?.name == ArtifactFormat.onCallNotes.name)
        let sink = try Fixtures.parse(path, as: .onCallNotes)
        let notes = lines.filter { NoteLine($0) != nil }.count
        #expect(sink.events.count == notes)
        #expect(sink.events.first?.message.contains("That export is the memory problem") == true)
        // And prose with a time here and there, its other lines not indented under a note, is not
        let prose = ["Retro", "10:00 start", "we talked about the cache", "and the deploy", "then lunch", "11:00 end"]
        #expect(FormatRegistry.detect(head: prose)?.name != ArtifactFormat.onCallNotes.name)
    }

    @Test func notesWithoutAnyDateAreSkippedSayingHowToDateThem() throws {
        // Given notes with no header and no --at, and a malformed time
        let sink = try parse("10:00 deploy 2.4.1\n25:99 not a time\n10:30 restart web\n")
        // Then no event is invented and each timed line is skipped with the fix
        #expect(sink.events.isEmpty)
        #expect(sink.skipped.map(\.line) == [1, 3])
        #expect(
            sink.skipped.first?.reason.contains("add a header line such as '# on-call notes 2026-12-06 UTC'") == true)
    }

    @Test(arguments: [
        ("Deployed 2.4.1 to web", NoteKind.deploy), ("release 3.0 out", .deploy), ("rolled back the deploy", .rollback),
        ("Rollback to 2.4.0", .rollback), ("restarted unicorn", .restart), ("config change: pool 10 -> 20", .change),
        ("changed the config of nginx", .change), ("paged by RSS alarm", .note),
        ("cap production deploy: cartwheel 3.9.0 (e7c41d9) to web-3", .deploy),
        ("heroku ps:restart web.2 to stop the R14s", .restart),
        ("rolling back to 3.8.2 (cap production deploy:rollback)", .rollback),
        ("memory alert jobs-1: RSS went from ~12 MB to 157 MB since the 2.31.0 deploy", .note),
        ("paged: web-2 container memory 82% (puma workers), no deploy since Tuesday's 2.14", .note),
        ("beam memory up since about the deploy, took snapshots", .note),
        ("looking at pidstat on web-1, ops asked to hold further deploys", .note),
        ("kill -URG 27495 (sidekiq) for heap dump 1, ALLOC_TRACE=1 has been on since the restart", .note),
        ("paged: web-1 unicorn workers RSS alarm (warning), restarts would hide it", .note),
        ("audit_shipper: mailbox drained, 57 batches shipped", .note),
        ("bay_image_stager: batch 1 shipped to archive: 87 images, 121 MB", .note),
        ("shipped 4.2.1 to the gateways", .deploy), ("deployer: shipped r512", .deploy),
        ("workers' RSS up ~2x since the deploy this morning", .note),
        ("(from #fares) Ines set fare_matrix_memo: true in shared/config/flags.yml", .change),
        ("set WEB_CONCURRENCY=3 on the web dynos", .change), ("tried to set up the profiler", .note),
        ("no one set GC_HEAP_GROWTH_FACTOR=1.1 yet", .note),
        ("still climbing. rolling back to v3.13.0 tomorrow morning (DF-521), reconcile job paused", .note),
        ("suspect CL-130. will roll back to v2.6.4 if it keeps up overnight", .note), ("asked to restart web-2", .note),
        ("flipper: feature=manifest_audit_trail operation=enable gate_name=boolean thing=true", .change),
        ("enabled the audit_trail flag for all tenants", .change), ("disabled tracemalloc", .note),
    ])
    func kindComesFromTheWords(text: String, kind: NoteKind) {
        #expect(NoteKind.classify(text) == kind)
    }

    @Test func detectsNotesByShapeButNotPidstatRows() throws {
        // Given the notes fixture and a pidstat report (its rows start with a time too)
        let notes = try Fixtures.lines("oncall-notes/notes.txt").map(\.text)
        let pidstat = try Fixtures.lines("linux/pidstat_r_24h_sigterm.txt").map(\.text)
        // Then each is detected as what it is
        #expect(FormatRegistry.detect(head: notes)?.name == "oncall-notes")
        #expect(ArtifactFormat.detectOnCallNotes(head: pidstat) == 0)
    }

    @Test func noOtherFixtureIsTakenForNotes() throws {
        // Given every other fixture
        let base = Fixtures.path("")
        var checked = 0
        for path in try ArtifactPaths.expand(base)
        where !path.contains("/oncall-notes/")
            && !(path.contains("/verdicts/")
                && (path.contains("notes") || path.contains("oncall") || path.hasSuffix("/deploy.log")))
        {
            // Then none is detected as notes
            let head = try Fixtures.lines(String(path.dropFirst(base.count + 1))).prefix(50).map(\.text)
            #expect(FormatRegistry.detect(head: Array(head))?.name != "oncall-notes", "\(path)")
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test func notesOfTheRecordedIncidentsAreDetectedAsNotes() throws {
        // Given the on-call notes written beside the recorded verdict incidents
        let base = Fixtures.path("")
        let notes = try ArtifactPaths.expand(Fixtures.path("verdicts")).filter {
            $0.hasSuffix("notes.txt") || $0.hasSuffix("notes.md")
        }
        #expect(notes.count >= 5)
        for path in notes {
            // Then each that notes its times at the start of lines is detected as notes by its shape (prose bullets
            // with times inside their sentences are not this format)
            let head = try Fixtures.lines(String(path.dropFirst(base.count + 1))).prefix(50).map(\.text)
            guard head.filter({ NoteLine($0) != nil }).count >= 2 else { continue }
            #expect(FormatRegistry.detect(head: Array(head))?.name == "oncall-notes", "\(path)")
        }
    }
}
