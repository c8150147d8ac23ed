/// Names the gem or library a Ruby source path belongs to, for grouping heap objects by gem.
///
/// ```swift
/// RubyLibrary.name(forPath: "/app/vendor/bundle/ruby/2.1.0/gems/newrelic_rpm-3.9.6/lib/new_relic/agent.rb")
/// // "newrelic_rpm 3.9.6"
/// ```
public enum RubyLibrary {
    /// `name version` for a file inside `…/gems/name-version/…`, `name (git)` for a Bundler git checkout,
    /// `stdlib` for Ruby's own library (`…/lib/ruby/3.1.0/…`), `ruby` for `<internal:…>` core files,
    /// `eval` for `(eval)`/`(irb)`, else `app`.
    public static func name(forPath path: String) -> String {
        if path.hasPrefix("<internal:") { return "ruby" }
        if path.hasPrefix("(") { return "eval" }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        // The last `gems` directory wins: vendor/bundle/ruby/3.1.0/gems/foo-1.0/lib/…
        if let gems = parts.lastIndex(of: "gems"), gems + 1 < parts.count, gems + 2 < parts.count {
            let dir = parts[gems + 1]
            let isBundlerGit = gems > 0 && parts[gems - 1] == "bundler"
            let (name, version) = splitVersion(dir)
            if isBundlerGit { return "\(name) (git)" }
            if let version { return "\(name) \(version)" }
            return String(name)
        }
        if let ruby = parts.lastIndex(of: "ruby"), ruby > 0, parts[ruby - 1] == "lib", ruby + 1 < parts.count {
            let next = parts[ruby + 1]
            if next.first?.isNumber == true { return "stdlib" }
            if next == "vendor_ruby" || next == "site_ruby" {
                // Debian packages gems as /usr/lib/ruby/vendor_ruby/<name>/…; site_ruby/<version>/<name>/…
                var k = ruby + 2
                if k < parts.count, parts[k].first?.isNumber == true { k += 1 }
                if k + 1 < parts.count {
                    return "\(parts[k].split(separator: ".").first ?? parts[k]) (\(next))"
                }
                return String(next)
            }
        }
        return "app"
    }

    /// `newrelic_rpm-3.9.6` → (`newrelic_rpm`, `3.9.6`); the version starts at the first `-` before a digit,
    /// so `net-http-0.3.2` → (`net-http`, `0.3.2`) and `nokogiri-1.13.1-x86_64-linux` keeps its platform.
    static func splitVersion(_ dir: Substring) -> (Substring, Substring?) {
        var i = dir.startIndex
        while i < dir.endIndex {
            if dir[i] == "-" {
                let next = dir.index(after: i)
                if next < dir.endIndex, dir[next].isNumber { return (dir[..<i], dir[next...]) }
            }
            i = dir.index(after: i)
        }
        return (dir, nil)
    }
}
