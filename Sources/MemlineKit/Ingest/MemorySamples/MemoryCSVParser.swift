import Foundation

/// Reads a generic CSV of memory samples: a header naming the columns, then one sample per row.
///
/// The header is required and must name a time (`ts`, `time` or `timestamp`) and an RSS
/// (`rss_kb`, `rss_bytes` or `rss_mb`); `pid`, `process`, `host`, `vsz_*`, `swap_*` and `limit_*`
/// are optional, other columns are ignored. The delimiter is `,` (or `;` or tab when the header
/// uses one). Quoted fields follow RFC 4180, line breaks inside quotes included. A row with a bad
/// number or time is skipped with a reason naming the column; a repeated header (files
/// concatenated) starts a new table.
struct MemoryCSVParser: TextLineParser {
    /// The longest record kept while waiting for a closing quote.
    static let maxRecordBytes = 1 << 20

    let context: ParseContext
    private var splitter = CSVSplitter(delimiter: UInt8(ascii: ","))
    private var columns: [(index: Int, field: MemorySampleField, label: String)]?
    private var headerCount = 0
    private var timeIndex = 0
    private var timeLabel = "column ts"
    private var rssLabel = "column rss_kb"
    private var pending: (line: Int, text: String)?

    init(context: ParseContext) {
        self.context = context
    }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        var record = line.text
        var number = line.number
        if let open = pending {
            record = open.text + "\n" + line.text
            number = open.line
            pending = nil
        }
        var fields: [CSVSplitter.Field]?
        var header: [(Int, MemorySampleField, String)]?
        try record.withUTF8 { u in
            if columns == nil {
                if ASCIIScan.trimmed(u, 0..<u.count).isEmpty || u.first == UInt8(ascii: "#") { return }
                header = readHeader(u)
                if header == nil {
                    try sink.skip(
                        line: number,
                        reason: "expected a CSV header naming at least ts (or time/timestamp) and rss_kb "
                            + "(or rss_bytes/rss_mb)", text: line.text)
                }
                return
            }
            fields = splitter.split(u)
        }
        if let header {
            adopt(header)
            return
        }
        guard columns != nil else { return }
        guard let fields else {
            if record.utf8.count > MemoryCSVParser.maxRecordBytes {
                try sink.skip(line: number, reason: "unterminated quoted field", text: String(record.prefix(500)))
            } else {
                pending = (number, record)
            }
            return
        }
        try readRow(record, fields: fields, line: number, into: sink)
    }

    mutating func finish(into sink: any RowSink) throws {
        if let open = pending {
            try sink.skip(
                line: open.line, reason: "unterminated quoted field at the end of the file (truncated?)",
                text: open.text)
            pending = nil
        }
    }

    /// The mapped columns of a header line, trying `,`, `;` and tab; nil unless it names a time and an RSS.
    private mutating func readHeader(_ u: UnsafeBufferPointer<UInt8>) -> [(Int, MemorySampleField, String)]? {
        for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")] {
            let candidate = CSVSplitter(delimiter: delimiter)
            guard let fields = candidate.split(u), fields.count >= 2 else { continue }
            var mapped: [(Int, MemorySampleField, String)] = []
            for (index, field) in fields.enumerated() {
                let name = field.string(in: u)
                if let f = MemorySampleField.named(name), !mapped.contains(where: { $0.1 == f }) {
                    mapped.append((index, f, name.trimmingCharacters(in: .whitespaces)))
                }
            }
            if mapped.contains(where: { $0.1 == .time }), mapped.contains(where: { $0.1.isRSS }) {
                splitter = candidate
                headerCount = fields.count
                return mapped
            }
        }
        return nil
    }

    private mutating func adopt(_ header: [(Int, MemorySampleField, String)]) {
        columns = header.map { (index: $0.0, field: $0.1, label: "column \($0.2)") }
        timeIndex = columns?.first { $0.field == .time }?.index ?? 0
        timeLabel = columns?.first { $0.field == .time }?.label ?? timeLabel
        rssLabel = columns?.first { $0.field.isRSS }?.label ?? rssLabel
    }

    private mutating func readRow(_ record: String, fields: [CSVSplitter.Field], line: Int, into sink: any RowSink)
        throws
    {
        guard let columns else { return }
        var text = record
        var builder = MemorySampleBuilder()
        var problem: String?
        var repeatedHeader: [(Int, MemorySampleField, String)]?
        text.withUTF8 { u in
            if fields.count == 1, ASCIIScan.trimmed(u, fields[0].range).isEmpty, fields[0].unescaped == nil {
                problem = ""
                return
            }
            // A time cell starts with a digit; a letter there may be the header again (files concatenated).
            if timeIndex < fields.count, let lead = fields[timeIndex].range.first, lead < u.count,
                !ASCIIScan.isDigit(u[lead]), MemorySampleField.named(fields[timeIndex].string(in: u)) == .time
            {
                repeatedHeader = readHeader(u)
                if repeatedHeader != nil { return }
            }
            guard fields.count >= headerCount else {
                problem = "expected \(headerCount) fields as in the header, found \(fields.count)"
                return
            }
            for column in columns {
                let field = fields[column.index]
                let reason = field.withBytes(in: u) {
                    builder.set(column.field, label: column.label, text: $0, zone: context.zone)
                }
                if let reason {
                    problem = reason
                    return
                }
            }
        }
        if let repeatedHeader {
            adopt(repeatedHeader)
            return
        }
        if let problem {
            if !problem.isEmpty { try sink.skip(line: line, reason: problem, text: record) }
            return
        }
        switch builder.build(line: line, timeLabel: timeLabel, rssLabel: rssLabel, host: context.host, pid: context.pid)
        {
        case .success(let sample): try sink.emit(.rssSample(sample))
        case .failure(let failure): try sink.skip(line: line, reason: failure.reason, text: record)
        }
    }
}
