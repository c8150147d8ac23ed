import Foundation
import Testing

@testable import MemlineKit

/// What reaches a terminal or a report from a log is shown, not obeyed, and nothing is cut without saying so.
struct OutputSafetyTests {
    @Test func tableOutputSaysOnceThatItCutCellsAndHowToSeeThemWhole() {
        // Given rows with two cells over the table's width
        let long = String(repeating: "x", count: 200)
        let result = QueryResult(
            columns: ["url", "n"], rows: [[.text(long), .integer(1)], [.text(long), .integer(2)]])
        // When rendered as a table
        let table = result.rendered(as: .table)
        // Then the cells are cut and the closing line says so once, pointing to --wide and --format json
        #expect(!table.contains(long))
        #expect(
            table.hasSuffix(
                "(2 rows; 2 cells cut at 80 characters: --wide shows them whole, --format json gives every value)\n"))
        // And --wide shows them whole with the usual closing line
        let wide = result.rendered(as: .table, wide: true)
        #expect(wide.contains(long))
        #expect(wide.hasSuffix("(2 rows)\n"))
    }

    @Test func terminalControlCharactersAreNeutralisedInTablesMarkdownAndMermaid() {
        // Given a log message that would clear the screen, retitle the terminal and ring the bell
        let hostile = "GET /x\u{1B}[2J\u{1B}]0;owned\u{07} \u{9B}31m done\u{7F}"
        // When shown as a table cell, in Markdown, and in a Mermaid line
        let table = QueryResult(columns: ["message"], rows: [[.text(hostile)]]).rendered(as: .table)
        let markdown = MarkdownText.escape(hostile)
        let mermaid = MarkdownText.mermaid(hostile)
        // Then no C0 or C1 control character is left, and the escapes are visible as control pictures
        for text in [table, markdown, mermaid] {
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(text)")
            #expect(!text.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) }, "\(text)")
        }
        #expect(table.contains("␛[2J"))
        #expect(ControlCharacters.neutralised("a\tb\nc", keepingLayout: true) == "a\tb\nc")
        #expect(ControlCharacters.neutralised("a\tb\nc", keepingLayout: false) == "a b c")
    }
}
