import Foundation
import Testing

@testable import MigcheckCore

/// The revision reader against Python on the forms of issue #13 items 2 and 4: names bound in
/// blocks, attributes and subscripts; CR line endings, continuations in strings, `\N{…}`,
/// UTF-16 and unexpected indents. Every case is also compiled by Python (one process).
@Suite struct RevisionFileParserOracleTests {
    static let tail = "down_revision = None\n"

    /// (name, source, what migcheck must read) — `nil` expects a problem (a `parse-error`).
    static let cases: [(String, [UInt8], [String: VariableView]?)] = [
        (
            "class body on the header line", bytes("revision = 'a'\nclass C: revision = 'zzz'\n" + tail),
            ["revision": .string("a"), "down_revision": .list([])]
        ),
        (
            "class body after a semicolon", bytes("revision = 'a'\nclass C: x = 1; revision = 'zzz'\n" + tail),
            ["revision": .string("a"), "down_revision": .list([])]
        ),
        (
            "class body indented", bytes("revision = 'a'\nclass C:\n    revision = 'zzz'\n    if x:\n        down_revision = 'q'\n" + tail),
            ["revision": .string("a"), "down_revision": .list([])]
        ),
        (
            "if False on the header line", bytes("revision = 'a'\ndown_revision = None\nif False: down_revision = 'x'\n"),
            ["revision": .string("a"), "down_revision": .nonLiteral]
        ),
        (
            "def on one line", bytes("revision = 'a'\n" + tail + "def f(): revision = 'y'\n"),
            ["revision": .string("a"), "down_revision": .list([])]
        ),
        (
            "while 0", bytes("revision = 'a'\n" + tail + "while 0: depends_on = 'x'\n"),
            ["revision": .string("a"), "down_revision": .list([]), "depends_on": .nonLiteral]
        ),
        (
            "with", bytes("revision = 'a'\n" + tail + "with x: branch_labels = ('b',)\n"),
            ["revision": .string("a"), "down_revision": .list([]), "branch_labels": .nonLiteral]
        ),
        (
            "try block", bytes("try:\n    revision = 'a'\nexcept ImportError:\n    pass\n" + tail),
            ["revision": .nonLiteral, "down_revision": .list([])]
        ),
        ("if True block", bytes("if True:\n    revision = 'a'\n" + tail), ["revision": .nonLiteral, "down_revision": .list([])]),
        (
            "else branch, nested if", bytes("revision = 'a'\n" + tail + "if x:\n    pass\nelse:\n    if y:\n        depends_on = 'z'\n"),
            ["revision": .string("a"), "down_revision": .list([]), "depends_on": .nonLiteral]
        ),
        (
            "def inside an if",
            bytes("revision = 'a'\n" + tail + "if x:\n    def f():\n        depends_on = 'z'\n    class K: branch_labels = 'l'\n"),
            ["revision": .string("a"), "down_revision": .list([])]
        ),
        (
            "a later module assignment wins", bytes("if x:\n    revision = 'b'\nrevision = 'a'\n" + tail),
            ["revision": .string("a"), "down_revision": .list([])]
        ),
        (
            "attribute and subscript targets",
            bytes("revision = 'a'\n" + tail + "obj.down_revision = 'x'\nd[revision] = 'y'\nd['depends_on'] = 1\n"),
            ["revision": .string("a"), "down_revision": .list([])]
        ),
        (
            "tuple pattern target", bytes("revision = 'a'\nx, down_revision = 'p', 'q'\n"),
            ["revision": .string("a"), "down_revision": .nonLiteral]
        ),
        (
            "augmented assignment", bytes("revision = 'a'\n" + tail + "revision += 'b'\n"),
            ["revision": .nonLiteral, "down_revision": .list([])]
        ),
        (
            "lambda default is no target", bytes("revision = 'a'\n" + tail + "f = lambda depends_on='x': 0\n"),
            ["revision": .string("a"), "down_revision": .list([])]
        ),
        (
            "keyword argument is no target", bytes("revision = 'a'\n" + tail + "if x:\n    f(depends_on='x')\n"),
            ["revision": .string("a"), "down_revision": .list([])]
        ),
        (
            "CR-only line endings", bytes("\"\"\"doc\rRevision ID: a\r\"\"\"\rrevision = 'a'\r# c\rdown_revision = ('b',\r  'c')\r"),
            ["revision": .string("a"), "down_revision": .list(["b", "c"])]
        ),
        (
            "backslash continuation in a string, CRLF", bytes("revision = 'a\\\r\nb'\r\ndown_revision = None\r\n"),
            ["revision": .string("ab"), "down_revision": .list([])]
        ),
        (
            "backslash continuation in a string, CR", bytes("revision = 'a\\\rb'\rdown_revision = None\r"),
            ["revision": .string("ab"), "down_revision": .list([])]
        ),
        (
            "raw string continuation, CR", bytes("revision = r'a\\\rb'\rdown_revision = None\r"),
            ["revision": .string("a\\\nb"), "down_revision": .list([])]
        ),
        (
            "\\N escapes", bytes("revision = '\\N{LATIN SMALL LETTER A}\\N{snowman}\\N{LF}b'\n" + tail),
            ["revision": .string("a\u{2603}\nb"), "down_revision": .list([])]
        ),
        ("unknown \\N name", bytes("revision = '\\N{NO SUCH THING}'\n" + tail), nil),
        ("truncated \\x", bytes("revision = '\\x4'\n" + tail), nil),
        ("UTF-16 with BOM", [0xFF, 0xFE] + "revision = 'a'\ndown_revision = None\n".utf8.flatMap { [$0, 0] }, nil),
        ("UTF-16 without BOM", "revision = 'a'\ndown_revision = None\n".utf8.flatMap { [0, $0] }, nil),
        ("Latin-1 bytes", bytes("revision = 'caf") + [0xE9] + bytes("'\n" + tail), nil),
        ("unexpected indent", bytes("revision = 'a'\n  down_revision = None\n"), nil),
        ("unexpected indent after a one-line def", bytes("revision = 'a'\n" + tail + "def f(): pass\n    x = 1\n"), nil),
        ("unindent mismatch", bytes("revision = 'a'\n" + tail + "if x:\n    y = 1\n  z = 2\n"), nil),
        ("block without a body", bytes("revision = 'a'\n" + tail + "if x:\ny = 1\n"), nil),
        // Found by the fuzz test (RevisionReaderFuzzTests):
        (
            "an annotation is no target", bytes("revision = 'a'\n" + tail + "with x: dex: depends_on = None\n"),
            ["revision": .string("a"), "down_revision": .list([])]
        ),
        (
            "a grouped target in a block", bytes("revision = 'a'\n" + tail + "if x:\n    (((branch_labels )))= []\n"),
            ["revision": .string("a"), "down_revision": .list([]), "branch_labels": .nonLiteral]
        ),
        (
            "a continuation in the indentation, def",
            bytes("revision = 'a'\n" + tail + "def f():\n    x = 1\r\\\r\n    revision = 'inner'\n"),
            ["revision": .string("a"), "down_revision": .list([])]
        ),
        (
            "a continuation in the indentation, if", bytes("revision = 'a'\n" + tail + "if x:\n\\\n    depends_on = 'q'\n"),
            ["revision": .string("a"), "down_revision": .list([]), "depends_on": .nonLiteral]
        ),
        (
            "parentheses that only group", bytes("revision = (('a'))\ndown_revision = ((('b',)))\ndepends_on = (None)\n"),
            ["revision": .string("a"), "down_revision": .list(["b"]), "depends_on": .list([])]
        ),
        (
            "a parenthesised name target", bytes("(((revision))) = 'a'\n(down_revision) = None\n"),
            ["revision": .string("a"), "down_revision": .list([])]
        ),
        (
            "Latin-1 bytes in a comment only",
            bytes("# caf") + [0xE9] + bytes("\nrevision = 'a'  # \u{2603}") + [0xFF] + bytes("\n" + tail),
            ["revision": .string("a"), "down_revision": .list([])]
        ),
        ("form feed resets the column", bytes("revision = 'a'\n  \u{0C}" + tail), ["revision": .string("a"), "down_revision": .list([])]),
    ]

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func agreesWithPythonOnEveryCase() throws {
        let verdicts = try RevisionOracle.verdicts(Self.cases.map(\.1))
        for ((name, source, expected), verdict) in zip(Self.cases, verdicts) {
            let file = RevisionFileParser.parse(path: "versions/case.py", data: Data(source))
            if let expected {
                #expect(verdict.syntaxError == nil, "\(name): Python: \(verdict.syntaxError ?? "")")
                #expect(file.problem == nil, "\(name): \(file.problem?.message ?? "")")
                #expect(RevisionOracle.view(file) == expected, "\(name)")
                #expect(verdict.variables == expected, "\(name): Python reads \(verdict.variables)")
            } else {
                #expect(verdict.syntaxError != nil, "\(name): Python accepts it")
                #expect(RevisionOracle.unreadable(file), "\(name): migcheck read it")
            }
        }
    }

    /// Found by the fuzz test: stripping thousands of nested parentheses took seconds.
    @Test func deeplyNestedParenthesesAreLinear() {
        let source =
            "revision = 'a'\ndown_revision = " + String(repeating: "(", count: 20_000) + "'b'"
            + String(repeating: ")", count: 20_000) + "\n"
        let started = Date()
        let file = RevisionFileParser.parse(path: "v/a.py", data: Data(source.utf8))
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(file.downRevisions == ["b"])
    }

    @Test func messagesNameTheProblem() {
        let utf16 = RevisionFileParser.parse(path: "v/a.py", data: Data(Self.cases.first { $0.0 == "UTF-16 with BOM" }!.1))
        #expect(utf16.problem?.message.contains("UTF-16") == true)
        let indent = RevisionFileParser.parse(path: "v/a.py", data: Data("revision = 'a'\n  down_revision = None\n".utf8))
        #expect(indent.problem == RevisionFileProblem(message: "unexpected indent", line: 2))
        let name = RevisionFileParser.parse(path: "v/a.py", data: Data("x = 1\nrevision = '\\N{NOPE}'\n".utf8))
        #expect(name.problem?.line == 2)
        #expect(name.problem?.message.contains("NOPE") == true)
        let block = RevisionFileParser.parse(
            path: "v/a.py", data: Data("revision = 'a'\ndown_revision = None\nif x: depends_on = 'q'\n".utf8))
        #expect(
            block.nonLiterals == [
                NonLiteralValue(variable: "depends_on", expression: "<assigned inside a module-level `if` block>", line: 3)
            ])
    }
}
