import Testing

@testable import MemlineKit

struct ErlangTermReaderTests {
    private func read(_ text: String, dialect: ErlangTermReader.Dialect = .erlang) throws -> [ErlangTerm] {
        var reader = ErlangTermReader(dialect: dialect)
        var terms: [ErlangTerm] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            terms += try reader.feed(String(line), line: i + 1).map(\.term)
        }
        #expect(!reader.isOpen)
        return terms
    }

    @Test func readsEveryErlangTermShape() throws {
        let terms = try read(
            #"[{a,'quoted atom',"str",<<1,2,...>>,<<"bin"/utf8>>,<0.123.0>,#{k => v,1 => [x|y]},-12,16#ff,1.5e3,"#
                + #"#Fun<erl_eval.6.1>,#Ref<0.1.2.3>,#Port<0.5>,[],{}},...]"#)
        #expect(
            terms == [
                .list(
                    [
                        .tuple([
                            .atom("a"), .atom("quoted atom"), .string("str"),
                            .binary([.integer(1), .integer(2), .elided]),
                            .binary([.string("bin")]), .pid("<0.123.0>"),
                            .map([
                                .tuple([.atom("k"), .atom("v")]),
                                .tuple([.integer(1), .list([.atom("x")], tail: .atom("y"))]),
                            ]),
                            .integer(-12), .integer(255), .float(1500), .opaque("#Fun<erl_eval.6.1>"),
                            .opaque("#Ref<0.1.2.3>"), .opaque("#Port<0.5>"), .list([], tail: nil), .tuple([]),
                        ]),
                        .elided,
                    ], tail: nil)
            ])
    }

    @Test func aTermPrintedWithErlangsFullStopIsRead() throws {
        // `io:format("~p.~n", [Term])`, the form `file:consult` reads, on one line and over several
        #expect(
            try read("[{memory,1234},{message_queue_len,5}].") == [
                .list(
                    [.tuple([.atom("memory"), .integer(1234)]), .tuple([.atom("message_queue_len"), .integer(5)])],
                    tail: nil)
            ])
        #expect(
            try read("[{a,1},\n {b,2}]. ") == [
                .list([.tuple([.atom("a"), .integer(1)]), .tuple([.atom("b"), .integer(2)])], tail: nil)
            ])
    }

    @Test func readsElixirInspectOutput() throws {
        // Keyword lists, #PID, :atoms, quoted atoms and keys, aliases, %{} maps, structs, charlists, #Function
        let terms = try read(
            """
            [
              registered_name: :mailbox_hoarder, current_function: {ProcTop, :hoard, 0},
              links: [#PID<0.96.0>], "$ancestors": [XXX.Route.Supervisor, #PID<0.1747.0>],
              messages: [{:log, :"app.request", <<0, 1, ...>>}, ...],
              max_heap_size: %{error_logger: true, size: 0}, s: %MapSet{map: %{}}, c: 'abc',
              jump: #Function<8.15449617/1 in :rand.mk_alg/1>, seed: [92689310913950825 | 4906624003405292]
            ]
            """, dialect: .elixir)
        let term = try #require(terms.first)
        #expect(term.isProplist)
        #expect(term.value(for: "registered_name") == .atom("mailbox_hoarder"))
        #expect(term.value(for: "current_function")?.mfa == "ProcTop:hoard/0")
        #expect(term.value(for: "links") == .list([.pid("<0.96.0>")], tail: nil))
        #expect(term.value(for: "$ancestors") == .list([.atom("XXX.Route.Supervisor"), .pid("<0.1747.0>")], tail: nil))
        #expect(
            term.value(for: "messages")
                == .list(
                    [
                        .tuple([.atom("log"), .atom("app.request"), .binary([.integer(0), .integer(1), .elided])]),
                        .elided,
                    ],
                    tail: nil))
        #expect(
            term.value(for: "max_heap_size")
                == .map([.tuple([.atom("error_logger"), .atom("true")]), .tuple([.atom("size"), .integer(0)])]))
        #expect(
            term.value(for: "s")
                == .map([.tuple([.atom("__struct__"), .atom("MapSet")]), .tuple([.atom("map"), .map([])])]))
        #expect(term.value(for: "c") == .charlist("abc"))
        #expect(term.value(for: "jump") == .opaque("#Function<8.15449617/1 in :rand.mk_alg/1>"))
        #expect(
            term.value(for: "seed") == .list([.integer(92_689_310_913_950_825)], tail: .integer(4_906_624_003_405_292)))
    }

    @Test func termsSpanLinesAndElisionsEndLists() throws {
        let terms = try read(
            """
            [{message_queue_len,39800},
             {messages,[{log,'app.request',
                             <<0,0,0,...>>},
                        {log,...},
                        {...}|...]}]
            """)
        let term = try #require(terms.first)
        guard case .list(let messages, let tail) = try #require(term.value(for: "messages")) else {
            Issue.record("messages is not a list")
            return
        }
        #expect(messages.count == 3)
        #expect(messages[1] == .tuple([.atom("log"), .elided]))
        #expect(messages[2] == .tuple([.elided]))
        #expect(tail == .elided)
        #expect(term.value(for: "message_queue_len")?.intValue == 39800)
    }

    @Test func boundsMemoryOnHugeContainers() throws {
        // Given a mailbox far longer than the element limit
        var reader = ErlangTermReader(dialect: .erlang)
        reader.maxElements = 100
        _ = try reader.feed("[{message_queue_len,5000},{messages,[", line: 1)
        for i in 0..<5000 { _ = try reader.feed("{log,\(i)},", line: i + 2) }
        let done = try reader.feed("{log,last}]}]", line: 5002)
        // Then the list keeps 100 messages and one elision, and counts what it dropped
        let complete = try #require(done.first)
        guard case .list(let messages, _) = try #require(complete.term.value(for: "messages")) else { return }
        #expect(messages.count == 101)
        #expect(messages.last == .elided)
        #expect(complete.dropped == 4901)
    }

    @Test func reportsUnbalancedAndUnterminatedTerms() {
        var reader = ErlangTermReader(dialect: .erlang)
        #expect(throws: ErlangTermReader.Failure.self) { try reader.feed("[{a,b]]", line: 3) }
        reader.reset()
        #expect(throws: ErlangTermReader.Failure.self) { try reader.feed("[\"unterminated", line: 4) }
        reader.reset()
        #expect(throws: ErlangTermReader.Failure.self) { try reader.feed("]", line: 5) }
    }
}
