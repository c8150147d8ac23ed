import Foundation

/// The anchor for heap dumps: the three-snapshot diff an engineer writes in Python without memline, reading each
/// `ObjectSpace.dump_all` file a JSON line at a time. Objects allocated after the first dump and still alive in
/// the last, counted by allocation site.
enum PythonHeapDiff {
    static let script = """
        import collections, json, sys

        def load(path):
            objects = {}
            with open(path) as f:
                for line in f:
                    o = json.loads(line)
                    address = o.get("address")
                    if address:
                        objects[address] = (o.get("file"), o.get("line"), o.get("memsize", 0))
            return objects

        first, second, third = (load(p) for p in sys.argv[1:4])
        sites = collections.Counter()
        for address, (file, line, memsize) in second.items():
            if address not in first and address in third:
                sites[(file, line)] += 1
        for (file, line), count in sites.most_common(10):
            print(count, f"{file}:{line}")
        """

    /// Writes the script into `dir` and returns its path, or nil when there is no `python3` to run it.
    static func write(into dir: String) throws -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let folders = path.split(separator: ":")
        guard folders.contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/python3") }) else {
            return nil
        }
        let file = dir + "/heap_diff.py"
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}
