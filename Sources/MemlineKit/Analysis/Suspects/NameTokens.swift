import Foundation

/// The words of a code or route name, for tying what a heap retains to the work that allocates it.
///
/// Applications name their code after what it serves: `remember_session` or `app/controllers/sessions_controller.rb`
/// for `/sessions/:id`, `price_sync_job.rb` for `PriceSyncJob`. Words are split at non-letters and camel-case
/// humps, lowercased and made singular (`sessions` → `session`, `entries` → `entry`); words every application
/// uses (`app`, `controller`, `handle`, `show`, `api`, HTTP verbs…), numbers and words under three letters are
/// left out, so what remains is what the name is about.
enum NameTokens {
    static func of(_ name: String) -> Set<String> {
        var words: [String] = []
        var current = ""
        var previous: Character?
        for ch in name {
            if ch.isLetter {
                // A hump starts a word: priceSync, PriceSync (but not the inner letters of HTTP).
                if ch.isUppercase, let p = previous, p.isLowercase { flush(&current, into: &words) }
                current.append(ch)
            } else {
                flush(&current, into: &words)
            }
            previous = ch
        }
        flush(&current, into: &words)
        return Set(words.map(singular).filter { $0.count >= 3 && !common.contains($0) })
    }

    private static func flush(_ current: inout String, into words: inout [String]) {
        if !current.isEmpty { words.append(current.lowercased()) }
        current = ""
    }

    private static func singular(_ w: String) -> String {
        if w.count > 4, w.hasSuffix("ies") { return String(w.dropLast(3)) + "y" }
        if w.count > 4, w.hasSuffix("sses") || w.hasSuffix("xes") || w.hasSuffix("ches") || w.hasSuffix("shes") {
            return String(w.dropLast(2))
        }
        if w.count > 3, w.hasSuffix("s"), !w.hasSuffix("ss"), !w.hasSuffix("us"), !w.hasSuffix("is") {
            return String(w.dropLast())
        }
        return w
    }

    /// Words of code layout, frameworks and verbs that say nothing about what a name serves.
    static let common: Set<String> = [
        "app", "lib", "src", "srv", "usr", "local", "ruby", "gem", "vendor", "bundle", "main", "block", "class",
        "module", "method", "controller", "job", "worker", "model", "service", "helper", "concern", "middleware",
        "handler", "handle", "perform", "call", "run", "process", "new", "initialize", "init", "index", "show",
        "create", "update", "destroy", "edit", "delete", "get", "post", "put", "patch", "head", "api", "json",
        "html", "xml", "the", "and", "for", "with", "from", "into", "request", "response", "render", "action",
        "build", "make", "work", "small", "big", "task", "store", "add", "set", "push", "insert", "append",
        "load", "save", "fetch", "read", "write", "cache", "memo", "tmp", "default", "base", "application", "rails",
        "rack", "sidekiq", "puma", "unicorn", "thread", "pool", "queue", "loop", "each", "map", "alloc", "malloc",
        "calloc", "realloc", "free", "buffer", "data", "item", "object", "value", "key", "string", "array", "hash",
        "list", "node", "entry",
    ]
}
