/// Everything a postmortem shows, built from the database alone.
///
/// Templates render this model; every field is documented in docs/TEMPLATES.md. Text that came
/// from artifacts is raw here and escaped by the renderer for the target format.
public struct ReportModel: Sendable {
    public struct Fact: Sendable {
        public var label: String
        public var value: String
    }

    public struct TimelineItem: Sendable {
        public var time: String
        public var kind: String
        public var text: String
        public var source: String
        public var anchor: String
    }

    public struct ProcessRow: Sendable {
        public var name: String
        public var samples: String
        public var firstMB: String
        public var peakMB: String
        public var lastMB: String
        public var growthMB: String
        public var trend: String
        public var span: String
        public var source: String
    }

    public struct Evidence: Sendable {
        public var source: String
        public var text: String
    }

    public struct Suspect: Sendable {
        public var rank: Int
        public var anchor: String
        public var kind: String
        public var name: String
        public var score: String
        public var confidence: String
        public var reason: String
        public var evidence: [Evidence]
        public var moreEvidence: String?
        public var sql: String
    }

    public struct Table: Sendable {
        public var title: String
        public var anchor: String
        public var note: String?
        public var columns: [String]
        public var rows: [[String]]
        public var moreRows: String?
        public var sql: String
        // Derived for templates (Mustache sees stored properties only).
        public var header: [Cell]
        public var body: [Row]
        public var markdownRule: String

        public init(
            title: String, anchor: String, note: String?, columns: [String], rows: [[String]], moreRows: String?,
            sql: String
        ) {
            self.title = title
            self.anchor = anchor
            self.note = note
            self.columns = columns
            self.rows = rows.map { $0.map { ReportText.capped($0) } }
            self.moreRows = moreRows
            self.sql = sql
            header = columns.map { Cell(text: $0) }
            body = self.rows.map { Row(cells: $0.map { Cell(text: $0) }) }
            markdownRule = "|" + String(repeating: " --- |", count: columns.count)
        }
    }

    public struct Row: Sendable { public var cells: [Cell] }
    public struct Cell: Sendable { public var text: String }

    public struct ArtifactRow: Sendable {
        public var id: String
        public var name: String
        public var format: String
        public var sha256: String
        public var rows: String
        public var skipped: String
        public var span: String
    }

    /// A run of the verdict's text; `anchor` links it to a suspect.
    public struct VerdictPiece: Sendable {
        public var text: String
        public var anchor: String?
    }

    /// A red herring the evidence ruled out.
    public struct RuledOutRow: Sendable {
        public var kind: String
        public var name: String
        public var reason: String
    }

    public var title: String
    public var generatedAt: String
    public var zone: String
    public var period: String
    /// The verdict paragraph, in pieces: a piece with an anchor links to that suspect's evidence.
    public var verdict: [VerdictPiece] = []
    public var summary: [String]
    public var impact: [Fact]
    public var timeline: [TimelineItem]
    public var moreTimeline: String?
    public var mermaidLines: [String]
    public var chartSVG: String
    public var chartFile: String
    public var hasMemory: Bool
    public var processes: [ProcessRow]
    public var suspects: [Suspect]
    public var noSuspectNote: String?
    /// Candidates the evidence ruled out (the red herrings), with why.
    public var ruledOut: [RuledOutRow] = []
    /// Further evidence tables (spikes, trends, endpoints, worst requests, heap, GC…), present only when they have rows.
    public var tables: [Table]
    public var artifacts: [ArtifactRow]
    public var reproduce: [String]
    public var includesValues: Bool
}
