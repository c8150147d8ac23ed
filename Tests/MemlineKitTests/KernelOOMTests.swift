import Foundation
import MemlineKit
import Testing

struct KernelOOMTests {
    /// Every capture of the same three cgroup-v1 OOM kills (Debian 12, kernel 6.18), with the times each layout gives.
    static let absoluteForms: [(file: String, times: [String], host: String?)] = [
        (
            "kernel/kernel_oom_memcg_v1_dmesg_T.txt",
            ["2026-11-22T01:42:26.000Z", "2026-11-22T01:42:39.000Z", "2026-11-22T01:42:39.000Z"], nil
        ),
        (
            "kernel/kernel_oom_memcg_v1_journalctl_k_short_iso.txt",
            ["2026-11-22T01:42:57.000Z", "2026-11-22T01:42:57.000Z", "2026-11-22T01:42:57.000Z"], "vm"
        ),
        (
            "kernel/kernel_oom_memcg_v1_journalctl_k_short_precise.txt",
            ["2026-11-22T01:42:57.074Z", "2026-11-22T01:42:57.075Z", "2026-11-22T01:42:57.076Z"], "vm"
        ),
        (
            "kernel/kernel_oom_memcg_v1_journalctl_k_short.txt",
            ["2026-11-22T01:42:57.000Z", "2026-11-22T01:42:57.000Z", "2026-11-22T01:42:57.000Z"], "vm"
        ),
        // The journal imported the ring buffer late; the kernel's own time is recovered from the monotonic stamps.
        (
            "kernel/kernel_oom_memcg_v1_journalctl_k_json.jsonl.gz",
            ["2026-11-22T01:42:26.939Z", "2026-11-22T01:42:39.724Z", "2026-11-22T01:42:40.358Z"], "vm"
        ),
    ]

    static let relativeForms = [
        "kernel/kernel_oom_memcg_v1_dmesg.txt", "kernel/kernel_oom_memcg_v1_dmesg_r.txt",
        "kernel/kernel_oom_memcg_v1_dmesg_x.txt", "kernel/kernel_oom_memcg_v1_dmesg_J.json.gz",
    ]

    /// Year of the short forms: the file's, as its mtime says.
    static let context2026 = ParseContext(
        sourceName: "k", modified: Timestamp.parseISO("2026-11-22T02:00:00Z"))

    @Test(arguments: absoluteForms.map(\.file) + relativeForms)
    func detectsEveryLayoutAsKernelOOM(file: String) throws {
        let head = try Fixtures.lines(file).prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: head)?.name == "kernel-oom")
    }

    @Test(arguments: absoluteForms)
    func oneEventPerKillWithTheFiguresOfTheKillLine(form: (file: String, times: [String], host: String?)) throws {
        let sink = try Fixtures.parse(form.file, as: .kernelOOM, context: Self.context2026)
        #expect(sink.skipped.isEmpty)
        #expect(sink.events.map(\.kind) == ["oom", "oom", "oom"])
        #expect(sink.events.map(\.pid) == [18654, 18719, 18720])
        #expect(sink.events.map(\.process) == ["ruby", "python3", "ruby"])
        #expect(sink.events.map(\.line) == [82, 165, 247])
        #expect(sink.events.map(\.ts.iso8601) == form.times)
        #expect(sink.events.map(\.host) == [form.host, form.host, form.host])
        let first = try #require(sink.events.first?.details)
        #expect(
            first.hasPrefix(
                "{\"total_vm_kb\":168040,\"anon_rss_kb\":97536,\"file_rss_kb\":5152,\"shmem_rss_kb\":0,\"uid\":0,"
                    + "\"pgtables_kb\":360,\"oom_score_adj\":0,\"rss_kb\":102688,\"invoked_by\":\"ruby\","
                    + "\"gfp_mask\":\"0xcc0(GFP_KERNEL)\",\"order\":0,\"invoker_oom_score_adj\":0,\"cgroup_usage_kb\":98304,"
                    + "\"cgroup_limit_kb\":98304,\"cgroup_failcnt\":301,\"constraint\":\"CONSTRAINT_MEMCG\","
                    + "\"oom_memcg\":\"/oomdemo\",\"task_memcg\":\"/oomdemo\",\"global\":false"))
        #expect(sink.events[1].details?.contains("\"oom_score_adj\":500") == true)
        #expect(sink.events[1].message.hasPrefix("Memory cgroup out of memory: Killed process 18719 (python3) "))
    }

    @Test(arguments: relativeForms)
    func relativeDmesgTimesAreRefusedWithoutABootTime(file: String) throws {
        #expect(throws: IngestError.self) {
            _ = try Fixtures.parse(file, as: .kernelOOM)
        }
    }

    @Test(arguments: relativeForms)
    func relativeDmesgTimesArePlacedFromTheBootTimeGivenAsAt(file: String) throws {
        // Boot time of that VM: dmesg -T says 748.4 s after boot was 01:42:26.
        let boot = try #require(Timestamp.parseISO("2026-11-22T01:29:58.000Z"))
        let sink = try Fixtures.parse(file, as: .kernelOOM, context: ParseContext(sourceName: "d", at: boot))
        #expect(
            sink.events.map(\.ts.iso8601) == [
                "2026-11-22T01:42:26.417Z", "2026-11-22T01:42:39.203Z", "2026-11-22T01:42:39.837Z",
            ])
        #expect(sink.events.map(\.pid) == [18654, 18719, 18720])
        #expect(sink.events.first?.details?.hasSuffix("\"global\":false,\"kernel_time_s\":748.417306}") == true)
    }

    @Test func journalExportWithoutOOMHasNoRows() throws {
        let sink = try Fixtures.parse("kernel/lnav_logfile_journald.json", as: .kernelOOM)
        #expect(sink.records.isEmpty)
        #expect(sink.skipped.isEmpty)
    }

    @Test func globalOOMInSyslogWithOldKillLinesAndOtherPrograms() throws {
        let text = """
            Mar 12 09:10:01 web-1 CRON[811]: (root) CMD (run-parts /etc/cron.hourly)
            Mar 12 09:10:02 web-1 kernel: [ 9101.000001] ruby invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0
            Mar 12 09:10:02 web-1 kernel: [ 9101.000100] Out of memory: Kill process 2417 (ruby) score 912 or sacrifice child
            Mar 12 09:10:02 web-1 kernel: [ 9101.000200] Killed process 2417 (ruby) total-vm:1268712kB, anon-rss:520144kB, file-rss:0kB
            Mar 12 09:10:03 web-1 kernel: [ 9102.000000] oom_reaper: reaped process 2417 (ruby), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB
            garbage line
            """
        let sink = RowCollector()
        var parser = ArtifactFormat.kernelOOM.makeParser(
            ParseContext(sourceName: "syslog", modified: Timestamp.parseISO("2024-03-12T10:00:00Z")))
        try parser.parseAll(Line.lines(of: text), into: sink)
        #expect(sink.events.count == 1)
        let event = try #require(sink.events.first)
        #expect(event.ts == Timestamp.parseISO("2024-03-12T09:10:02Z"))
        #expect(event.host == "web-1")
        #expect(event.pid == 2417)
        #expect(
            event.details == "{\"total_vm_kb\":1268712,\"anon_rss_kb\":520144,\"file_rss_kb\":0,\"rss_kb\":520144,"
                + "\"invoked_by\":\"ruby\",\"gfp_mask\":\"0x201da\",\"order\":0,\"invoker_oom_score_adj\":0,\"score\":912,"
                + "\"global\":true,\"kernel_time_s\":9101.0002}")
        #expect(sink.skipped.map(\.line) == [6])
    }

    @Test func anOOMWithoutAKillIsStillAnEvent() throws {
        let text = """
            [Tue Mar 12 09:10:02 2024] ruby invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0
            [Tue Mar 12 09:10:02 2024] Out of memory and no killable processes...
            """
        let sink = RowCollector()
        var parser = ArtifactFormat.kernelOOM.makeParser(ParseContext(sourceName: "d"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        #expect(sink.events.map(\.line) == [1])
        #expect(sink.events.first?.details?.hasSuffix("\"killed\":false}") == true)
    }
}
