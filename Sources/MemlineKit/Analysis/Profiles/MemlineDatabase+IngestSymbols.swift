import Foundation
import GRDB

extension MemlineDatabase {
    /// The file names of the programs the stored heap profiles mapped (`pagesrv` for `/opt/app/bin/pagesrv`).
    public func profiledProgramNames() throws -> Set<String> {
        try read { db in
            var names = Set<String>()
            for p in try Self.heapProfiles(db) {
                if let main = try Self.mainProgram(db, profileID: p.id) {
                    names.insert((main as NSString).lastPathComponent)
                }
            }
            return names
        }
    }

    /// Symbolizes every stored profile with each binary, as `ingest --binary` does: the profiles name a path that
    /// may not exist here (built elsewhere, copied), so the binary is matched by its file name.
    /// - Returns: one summary per binary that matched a profiled program.
    /// - Throws: `ProfileError.noSymbolizer` when no symbolizer is installed, or a binary that cannot be read.
    public func symbolizeProfiles(withBinaries binaries: [String]) throws -> [(binary: String, SymbolizeSummary)] {
        let programs = try profiledProgramNames()
        var out: [(binary: String, SymbolizeSummary)] = []
        for binary in binaries where programs.contains((binary as NSString).lastPathComponent) {
            out.append((binary, try symbolizeProfiles([], binary: binary)))
        }
        return out
    }

    /// Whether a file is an ELF executable or shared object (its first four bytes), so a program found beside
    /// the profiles while walking a folder can symbolize them.
    public static func isELF(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let magic = (try? handle.read(upToCount: 4)) ?? Data()
        return magic == Data([0x7F, 0x45, 0x4C, 0x46])
    }
}
