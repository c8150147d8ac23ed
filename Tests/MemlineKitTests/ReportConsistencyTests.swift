import Foundation
import Testing

@testable import MemlineKit

/// The report never contradicts itself: one row per process, figures of that row's series, the same words in the
/// Mermaid timeline as in the table, SQL only in code blocks.
struct ReportConsistencyTests {
    /// The recorded leak incident (pidstat and per-request RSS lines for the same four workers), analysed.
    static func leakIncident() throws -> (MemlineDatabase, ReportModel) {
        let db = try MemlineDatabase.inMemory()
        for name in ["pidstat.txt.gz", "performance.log.gz", "sidekiq.log.gz", "gc_stat.jsonl.gz"] {
            _ = try db.ingest(path: Fixtures.path("demo/\(name)"))
        }
        _ = try Analysis.run(on: db)
        return (db, try ReportBuilder(database: db, options: ReportOptions()).build())
    }

    @Test func twoSourcesOfOneProcessAreOneRowWhoseTrendAgreesWithItsGrowth() throws {
        // Given workers measured by pidstat and by their own per-request RSS lines
        let (_, model) = try Self.leakIncident()
        // When the report lists processes
        let names = model.processes.map(\.name)
        // Then each process is one row, naming both sources
        #expect(Set(names).count == names.count, "\(names)")
        let worker = try #require(model.processes.first { $0.name.contains("16211") })
        #expect(worker.source == "performance.log.gz, pidstat.txt.gz")
        // And a row carrying a leak trend grew (its figures belong to the series the trend was computed on)
        for row in model.processes where row.trend.hasPrefix("leak") {
            #expect(row.growthMB.hasPrefix("+"), "\(row.name): \(row.growthMB) beside \(row.trend)")
        }
    }

    @Test func signedEndpointFiguresAreExplainedAndSQLStaysInCodeBlocks() throws {
        // Given the report of the leak incident
        let (_, model) = try Self.leakIncident()
        let endpoints = try #require(model.tables.first { $0.anchor == "endpoint-growth" })
        // Then the signed column says what it is, and the note explains why it can be negative
        #expect(endpoints.columns.contains("net change MB"))
        #expect(endpoints.note?.contains("negative when memory was freed") == true)
        // And no prose holds SQL: every query is in the table's code block
        for table in model.tables {
            #expect(table.note?.range(of: #"\bSELECT\b"#, options: .regularExpression) == nil, "\(table.title)")
        }
        #expect(endpoints.sql.contains(MemlineDatabase.worstRequestsSQL))
    }

    @Test func numbersAreGroupedOneWay() {
        // Given figures of every size, When formatted for the report, Then thousands are grouped and MB has a decimal
        #expect(ReportBuilder.mb(3_973_529.6) == "3,880.4")
        #expect(ReportBuilder.signedMB(-1_283_584) == "-1,253.5")
        #expect(ReportBuilder.number(40964) == "40,964")
        #expect(ReportBuilder.number(38206.8) == "38,206.8")
        #expect(ReportBuilder.signedNumber(1.4) == "+1.4")
        #expect(ReportBuilder.number(1e300) == "1e+300")
    }

    @Test func mermaidTimelineCarriesTheTableTextWithinMermaidsGrammar() throws {
        // Given the report of the leak incident, whose timeline holds `{:url=>"redis://…"}`, colons and parentheses
        let (_, model) = try Self.leakIncident()
        #expect(!model.mermaidLines.isEmpty)
        for (line, item) in zip(model.mermaidLines, model.timeline) {
            // When Mermaid reads the line (entity codes first, as its encodeEntities does)
            let parts = try #require(MermaidTimelineGrammar.split(line), "not a timeline line: \(line)")
            // Then period and event match the timeline grammar's tokens
            #expect(MermaidTimelineGrammar.isPeriod(parts.period), "\(parts.period)")
            #expect(MermaidTimelineGrammar.isEvent(parts.event), "\(parts.event)")
            // And once drawn, they read exactly as the table's row
            #expect(MermaidTimelineGrammar.decoded(parts.period) == item.time)
            #expect(MermaidTimelineGrammar.decoded(parts.event) == "\(item.kind) · \(item.text)")
        }
    }

    @Test(arguments: [
        "a: b", "50% (of 4) #1; done", "%% not a comment", "<b>&amp;</b>", "{:url=>\"redis://x:1/0\"}", "tab\there",
        "esc \u{1B}[2J bell \u{07}", "ends with colon:",
    ])
    func hostileTextStaysOneMermaidEvent(text: String) throws {
        // Given text from a log, When escaped for a timeline line
        let line = "2026-11-22 02:21:00 UTC".mermaidEscaped + " : " + text.mermaidEscaped
        // Then Mermaid's grammar reads one period and one event, and the event draws as the text (controls shown)
        let parts = try #require(MermaidTimelineGrammar.split(line))
        #expect(MermaidTimelineGrammar.isEvent(parts.event))
        #expect(!line.contains("%%"))
        let shown = ControlCharacters.neutralised(text, keepingLayout: false)
        #expect(MermaidTimelineGrammar.decoded(parts.event) == shown.trimmingCharacters(in: .whitespaces))
    }

    @Test func exportedTimelineCarriesTrendsSpikesEventsAndSuspects() throws {
        // Given the analysed leak incident
        let (db, _) = try Self.leakIncident()
        // When the timeline is exported for Grafana
        let entries = try ReportBuilder(database: db, options: ReportOptions()).exportedTimeline()
        let grafana = TimelineExport.render(entries, as: .grafana)
        // Then it holds what the report's timeline shows, and the suspects
        let kinds = Set(entries.map(\.kind))
        for kind in ["start", "leak", "spike", "peak", "suspect"] { #expect(kinds.contains(kind), "no \(kind)") }
        #expect(grafana.contains("/reports/:id"))
        #expect(entries.map(\.ts) == entries.map(\.ts).sorted())
    }
}

extension String {
    fileprivate var mermaidEscaped: String { MarkdownText.mermaid(self) }
}

/// The tokens of Mermaid's `timeline` grammar (`packages/mermaid/src/diagrams/timeline/parser/timeline.jison`), after
/// `mermaidAPI.encodeEntities` has replaced entity codes (`#58;`): a period is `[^#:\n;]+`, an event follows `: `
/// and is `(?:[^:\n]|:(?!\s))+`; `%%` starts a comment anywhere.
enum MermaidTimelineGrammar {
    /// Entity codes as Mermaid finds them before parsing.
    static let entity = #"#\w+;"#

    static func encoded(_ s: String) -> String {
        s.replacingOccurrences(of: entity, with: "E", options: .regularExpression)
    }

    static func split(_ line: String) -> (period: String, event: String)? {
        let encodedLine = encoded(line)
        guard !encodedLine.contains("%%"), let colon = line.range(of: " : ") else { return nil }
        let period = String(line[..<colon.lowerBound])
        let event = String(line[colon.upperBound...])
        // The separator Mermaid sees is the first `:` of the encoded line.
        guard encoded(period).firstIndex(of: ":") == nil else { return nil }
        return (period, event)
    }

    static func isPeriod(_ s: String) -> Bool {
        encoded(s).range(of: #"^[^#:\n;]+$"#, options: .regularExpression) != nil
    }

    static func isEvent(_ s: String) -> Bool {
        encoded(s).range(of: #"^(?:[^:\n]|:(?!\s))+$"#, options: .regularExpression) != nil
    }

    /// The text Mermaid draws: entity codes turned back into characters.
    static func decoded(_ s: String) -> String {
        let named = ["lt": "<", "gt": ">", "amp": "&", "quot": "\""]
        var out = ""
        var rest = Substring(s)
        while let match = rest.range(of: entity, options: .regularExpression) {
            out += rest[..<match.lowerBound]
            let code = String(rest[match].dropFirst().dropLast())
            if let n = UInt32(code), let scalar = Unicode.Scalar(n) {
                out.unicodeScalars.append(scalar)
            } else {
                out += named[code] ?? "#\(code);"
            }
            rest = rest[match.upperBound...]
        }
        return out + rest
    }
}
