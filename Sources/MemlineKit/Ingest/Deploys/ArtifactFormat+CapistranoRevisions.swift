import Foundation

extension ArtifactFormat {
    /// Capistrano's `revisions.log`, one line per deploy, the release named by its UTC time.
    public static let capistranoRevisions = ArtifactFormat(
        name: "capistrano-revisions",
        summary: "Capistrano's revisions.log: `Branch main (at 4c81e0a) deployed as release 20261206223040 by ana` "
            + "lines are deploy events at the release's time (UTC, as Capistrano names releases); a rollback line "
            + "names the release it went back to, not when, so it is skipped with that reason",
        example: "Branch main (at 4c81e0a) deployed as release 20261206223040 by joel",
        detect: { head in
            let lines = head.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            let read = lines.filter { CapistranoRevisionLine($0) != nil }.count
            return read >= 1 && read * 2 >= lines.count ? 60 : 0
        },
        makeParser: { CapistranoRevisionsParser(context: $0) }
    )
}

/// One line of `revisions.log`: a deploy (`Branch B (at REV) deployed as release YYYYMMDDHHMMSS by USER`) or a
/// rollback (`USER rolled back to release YYYYMMDDHHMMSS`).
struct CapistranoRevisionLine {
    enum Kind { case deploy, rollback }

    var kind: Kind
    var branch: String?
    var revision: String?
    /// The release's directory name: its UTC time, `YYYYMMDDHHMMSS`.
    var release: String
    var user: String?

    init?(_ text: String) {
        let line = text.trimmingCharacters(in: .whitespaces)
        if let m = line.firstMatch(of: #/^(?:Branch (\S+) )?\(at ([^)]*)\) deployed as release (\d{14}) by (.+)$/#) {
            kind = .deploy
            branch = m.1.map(String.init)
            revision = String(m.2)
            release = String(m.3)
            user = String(m.4)
        } else if let m = line.firstMatch(of: #/^(\S+) rolled back to release (\d{14})$/#) {
            kind = .rollback
            user = String(m.1)
            release = String(m.2)
        } else {
            return nil
        }
    }

    /// The time a release name spells, read as UTC; nil when it is no date.
    var releaseTime: Timestamp? {
        let digits = release.compactMap { $0.wholeNumberValue }
        guard digits.count == 14 else { return nil }
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + $1 } }
        let (year, month, day) = (number(0..<4), number(4..<6), number(6..<8))
        let (hour, minute, second) = (number(8..<10), number(10..<12), number(12..<14))
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        return Timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }
}

/// Reads `revisions.log` into `deploy` events: time from the release name, details branch, revision, release, user.
struct CapistranoRevisionsParser: TextLineParser {
    let context: ParseContext

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        if line.text.trimmingCharacters(in: .whitespaces).isEmpty { return }
        guard let revision = CapistranoRevisionLine(line.text) else {
            return try sink.skip(
                line: line.number,
                reason: "expected `Branch B (at REV) deployed as release YYYYMMDDHHMMSS by USER`", text: line.text)
        }
        guard revision.kind == .deploy else {
            return try sink.skip(
                line: line.number,
                reason: "a rollback line names the release it went back to, not when it happened: "
                    + "add its time with an on-call note (`HH:MM rollback to …`)", text: line.text)
        }
        guard let ts = revision.releaseTime else {
            return try sink.skip(
                line: line.number, reason: "release \(revision.release) is not a date (YYYYMMDDHHMMSS)",
                text: line.text)
        }
        var details = EventDetails()
        details.add("branch", revision.branch)
        details.add("revision", revision.revision)
        details.add("release", revision.release)
        details.add("user", revision.user)
        try sink.emit(
            .event(
                Event(
                    line: line.number, ts: ts, host: context.host, kind: "deploy",
                    message: line.text.trimmingCharacters(in: .whitespaces), details: details.text)))
    }
}
