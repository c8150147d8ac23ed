import Testing

@testable import MemlineKit

/// Retention paths start from the roots that say who holds an object.
struct HeapGraphTests {
    @Test func anObjectAConstantHoldsIsShownThroughItNotThroughTheStack() throws {
        // Given a module (10) holding an array (11) that holds a string (12), and the C stack pointing at the array
        var graph = HeapGraph()
        for address in [10, 11, 12] as [Int64] { graph.addNode(address: address) }
        graph.setEdges(from: [0, 1], to: [1, 2])
        graph.search(roots: [(name: "machine_context", address: 11), (name: "vm", address: 10)])
        // Then the string's path starts at the vm root and runs through the module, though the stack is shorter
        let path = try #require(graph.path(to: 2))
        #expect(path.root == "vm")
        #expect(path.nodes == [0, 1, 2])
    }

    @Test func theStackStillHoldsWhatNothingElseReaches() throws {
        // Given a string only the C stack points at
        var graph = HeapGraph()
        for address in [20, 21] as [Int64] { graph.addNode(address: address) }
        graph.setEdges(from: [], to: [])
        graph.search(roots: [(name: "vm", address: 20), (name: "machine_context", address: 21)])
        // Then its path is the stack's
        #expect(try #require(graph.path(to: 1)).root == "machine_context")
    }
}
