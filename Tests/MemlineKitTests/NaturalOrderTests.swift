import Foundation
import Testing

@testable import MemlineKit

/// Files numbered by the program that wrote them are read in their numbers' order.
struct NaturalOrderTests {
    @Test func numbersInNamesCompareAsNumbers() {
        let names = ["coldroom.10.i10.heap", "coldroom.2.i2.heap", "coldroom.1.i1.heap", "coldroom.15.f.heap"]
        #expect(
            names.sorted(by: NaturalOrder.precedes)
                == ["coldroom.1.i1.heap", "coldroom.2.i2.heap", "coldroom.10.i10.heap", "coldroom.15.f.heap"])
        #expect(NaturalOrder.precedes("production.log.9", "production.log.10"))
        #expect(NaturalOrder.precedes("heap", "heap-1"))
        #expect(!NaturalOrder.precedes("b", "a10"))
    }

    @Test func leadingZerosStillOrderAndTiesFallBackToThePlainOrder() {
        #expect(NaturalOrder.precedes("dump-007", "dump-10"))
        #expect(NaturalOrder.precedes("a01", "a1"))
        #expect(!NaturalOrder.precedes("a1", "a01"))
        #expect(!NaturalOrder.precedes("same", "same"))
    }

    @Test func aFolderIsWalkedInNaturalOrder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("natural-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["heap-10.json", "heap-9.json", "heap-100.json"] {
            try "{}".write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let names = try ArtifactPaths.expand(dir.path).map { ($0 as NSString).lastPathComponent }
        #expect(names == ["heap-9.json", "heap-10.json", "heap-100.json"])
    }
}
