@main struct Bench {
    static func main() throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "analyze" { try AnalysisBench.run(Array(arguments.dropFirst())) }
        if arguments.first == "analyze-db", arguments.count > 1 { try AnalysisBench.analyzeExisting(arguments[1]) }
    }
}
