/// Builds the JSON object text stored in `events.details`, keys in the order they were added.
///
/// Values are strings, integers, decimals or booleans; nil values are left out, so callers can add
/// optional fields unconditionally. SQLite reads the result with `json_extract(details, '$.key')`.
///
/// ```swift
/// var details = EventDetails()
/// details.add("pid", 18654)
/// details.add("process", "ruby")
/// details.text  // {"pid":18654,"process":"ruby"}
/// ```
struct EventDetails {
    private var body = ""

    var isEmpty: Bool { body.isEmpty }

    /// The object, or nil when nothing was added.
    var text: String? { body.isEmpty ? nil : "{" + body + "}" }

    mutating func add(_ key: String, _ value: String?) {
        guard let value else { return }
        open(key)
        EventDetails.appendQuoted(value, to: &body)
    }

    mutating func add(_ key: String, _ value: Int?) {
        guard let value else { return }
        open(key)
        body += String(value)
    }

    mutating func add(_ key: String, _ value: Double?) {
        guard let value, value.isFinite else { return }
        open(key)
        if value == value.rounded(), abs(value) < 1e15 {
            body += String(Int64(value))
        } else {
            body += String(value)
        }
    }

    mutating func add(_ key: String, _ value: Bool?) {
        guard let value else { return }
        open(key)
        body += value ? "true" : "false"
    }

    /// Adds every member of `other` (already built) after the members added so far.
    mutating func merge(_ other: EventDetails) {
        guard !other.body.isEmpty else { return }
        if !body.isEmpty { body += "," }
        body += other.body
    }

    private mutating func open(_ key: String) {
        if !body.isEmpty { body += "," }
        EventDetails.appendQuoted(key, to: &body)
        body += ":"
    }

    /// Appends `value` as a JSON string literal.
    static func appendQuoted(_ value: String, to out: inout String) {
        out += JSONText.quoted(value)
    }
}
