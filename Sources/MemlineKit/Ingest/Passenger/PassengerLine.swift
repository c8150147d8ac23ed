import Foundation

/// One line of Phusion Passenger's log (its own `PassengerLogFile`, or the web server's error log it writes to), as
/// the two layouts Passenger prints:
///
/// - the agent's: `[ N 2026-12-06 12:21:24.1785 20197/T8 age/Cor/CoreMain.cpp:1146 ]: message`: level letter (C, E,
///   W, N, I, D; none before Passenger 5.1, and none on the Ruby side's own lines), local time without a zone (read
///   in `--tz`), the writing process's pid and thread, the source file;
/// - an application process's output, relayed: `App 24144 output: text`, with the app's pid and no time.
enum PassengerLine: Equatable {
    case agent(level: String?, ts: Timestamp?, pid: Int?, message: Substring)
    case appOutput(pid: Int, text: Substring)

    /// Reads `text`; nil when it is neither layout (the web server's own lines, a debug dump's continuation lines).
    init?(_ text: String, zone: ZoneRule) {
        if text.hasPrefix("App ") {
            let afterApp = text.index(text.startIndex, offsetBy: 4)
            guard let output = text.range(of: " output: ", range: afterApp..<text.endIndex) else { return nil }
            let digits = text[afterApp..<output.lowerBound]
            guard let pid = Int(digits) else { return nil }
            self = .appOutput(pid: pid, text: text[output.upperBound...])
            return
        }
        guard text.hasPrefix("[ ") else { return nil }
        let afterBracket = text.index(text.startIndex, offsetBy: 2)
        guard let close = text.range(of: " ]: ", range: afterBracket..<text.endIndex) else { return nil }
        var head = text[afterBracket..<close.lowerBound]
        var level: String?
        if let first = head.first, first.isLetter, head.dropFirst().prefix(while: \.isNumber).count < 2,
            let space = head.firstIndex(of: " ")
        {
            level = String(head[..<space])
            head = head[head.index(after: space)...]
        }
        // `2026-12-06 12:21:24.1785 20197/T8 file`: the date and time are the first two words.
        let words = head.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
        guard words.count >= 3, words[0].count == 10, words[0].dropFirst(4).first == "-" else { return nil }
        let ts = Timestamp.parseISO(words[0] + " " + words[1], zone: zone)
        let pid = Int(words[2].prefix { $0.isNumber })
        self = .agent(level: level, ts: ts, pid: pid, message: text[close.upperBound...])
    }
}
