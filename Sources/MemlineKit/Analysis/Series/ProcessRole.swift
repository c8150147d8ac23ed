/// The role siblings share: a process name with its worker index normalised, so `unicorn worker[2]`,
/// `puma: cluster worker 3: 4242 [app]`, `sidekiq 6.4.1 app [0 of 5 busy]` and Heroku's `web.2` compare with their
/// siblings (`worker[*]`, `cluster worker *: * [app]`, `[* of 5 busy]`, `web.*`).
enum ProcessRole {
    static func normalized(_ name: String) -> String {
        var s = name.replacing(#/\[[0-9]+\]/#, with: "[*]")
        s = s.replacing(#/\b(cluster worker|worker|Worker)[ =.#-]?[0-9]+\b/#) { "\($0.output.1) *" }
        s = s.replacing(#/\[[0-9]+ of ([0-9]+) busy\]/#) { "[* of \($0.output.1) busy]" }
        return s.replacing(#/: [0-9]+ \[/#, with: ": * [")
    }

    /// A process name as sentences show it: a Puma worker's title without the master's pid it carries
    /// (`puma: cluster worker 1: 5125 [app]` → `puma: cluster worker 1 [app]`), which would read as its own.
    static func shown(_ name: String) -> String {
        name.replacing(#/^(puma: cluster worker [0-9]+): [0-9]+ \[/#) { "\($0.output.1) [" }
    }

    /// A Heroku dyno name (`web.2`, `worker.1`) as its process type (`web.*`); other hosts as they are.
    static func normalizedHost(_ host: String) -> String {
        host.replacing(#/^([a-z][a-z0-9_-]*)\.[0-9]+$/#) { "\($0.output.1).*" }
    }
}
