import Foundation
import Testing

@testable import MigcheckCore

@Suite struct RevisionFileParserTests {
    func parse(_ text: String, name: String = "abc_rev.py") -> RevisionFile {
        RevisionFileParser.parse(path: "versions/\(name)", data: Data(text.utf8))
    }

    @Test func readsAnnotatedModernForm() {
        let file = parse(
            """
            \"\"\"add users

            Revision ID: a1
            Revises: a0
            \"\"\"
            from typing import Sequence, Union
            revision: str = "a1"
            down_revision: Union[str, Sequence[str], None] = 'a0'
            branch_labels: Union[str, Sequence[str], None] = None
            depends_on: Union[str, Sequence[str], None] = None

            def upgrade() -> None:
                op.create_table("users")

            def downgrade() -> None:
                op.drop_table("users")
            """)
        #expect(file.revision == "a1")
        #expect(file.downRevisions == ["a0"])
        #expect(file.doc == "add users")
        #expect(file.upgrade == .doesSomething)
        #expect(file.downgrade == .doesSomething)
        #expect(file.problem == nil)
    }

    @Test func readsMultiLineTuplesCommentsContinuationsAndSemicolons() {
        let file = parse(
            """
            # -*- coding: utf-8 -*-
            # Copyright header
            import sqlalchemy as sa
            \"\"\"not the docstring: imports come first\"\"\"
            revision = u'b2'; branch_labels = ['core',]
            down_revision = (
                "a1",  # first parent
                'a2' \\
            )
            depends_on = \\
                "x9"
            def upgrade(): pass
            def downgrade():
                \"\"\"Docstring only.\"\"\"
                ...
            """)
        #expect(file.revision == "b2")
        #expect(file.downRevisions == ["a1", "a2"])
        #expect(file.branchLabels == ["core"])
        #expect(file.dependsOn == ["x9"])
        #expect(file.docstring == nil)
        #expect(file.headerLine == 4)
        #expect(file.headerRevisionID == nil)
        #expect(file.upgrade == .empty)
        #expect(file.downgrade == .empty)
    }

    @Test func ignoresLookalikesInsideStringsAndFunctions() {
        let file = parse(
            """
            \"\"\"msg
            revision = 'fake'
            \"\"\"
            revision = 'real'
            down_revision = None
            def helper():
                revision = 'inner'
            x = '''
            down_revision = 'nope'
            '''
            """)
        #expect(file.revision == "real")
        #expect(file.downRevisions.isEmpty)
    }

    @Test func handlesBOMCRLFAndTabs() {
        let text =
            "\u{FEFF}\"\"\"crlf\"\"\"\r\nrevision = 'c3'\r\ndown_revision = 'b2'\r\ndef upgrade():\r\n\top.execute('x')\r\ndef downgrade():\r\n\traise NotImplementedError()\r\n"
        let file = parse(text)
        #expect(file.revision == "c3")
        #expect(file.downRevisions == ["b2"])
        #expect(file.doc == "crlf")
        #expect(file.upgrade == .doesSomething)
        #expect(file.downgrade == .raises)
    }

    @Test func reportsNonLiteralValuesWithLines() {
        let file = parse(
            """
            revision = 'd4'
            down_revision = 'c3'
            branch_labels = (cli.EXPAND_BRANCH,)
            """)
        #expect(file.revision == "d4")
        #expect(file.nonLiterals.count == 1)
        #expect(file.nonLiterals.first?.variable == "branch_labels")
        #expect(file.nonLiterals.first?.line == 3)
    }

    @Test func legacyHexFileNameGivesTheId() {
        let file = parse("down_revision = None\n", name: "1a2b3c.py")
        #expect(file.revision == "1a2b3c")
        #expect(file.revisionFromFileName)
        let stray = parse("x = 1\n", name: "helpers.py")
        #expect(stray.revision == nil)
    }

    @Test func unterminatedStringIsAProblemNotACrash() {
        let file = parse("revision = 'e5\ndown_revision = None\n")
        #expect(file.problem != nil)
        #expect(file.problem?.line == 1)
    }

    /// The one body classifier: no-ops, raising-only bodies, and everything else.
    @Test(arguments: [
        ("pass", FunctionBody.empty),
        ("\"\"\"doc\"\"\"\n    ...", .empty),
        ("if context.is_offline_mode(): return\n    pass", .empty),
        ("if offline:\n        return\n    if other:\n        pass\n    pass", .empty),
        ("return None", .empty),
        ("raise RuntimeError(\"Cannot undelete data!\")", .raises),
        ("raise Exception()", .raises),
        ("\"\"\"Irreversible.\"\"\"\n    raise NotImplementedError", .raises),
        ("if offline: return\n    raise ValueError('x')", .raises),
        ("op.drop_table('t')\n    raise NotImplementedError()", .doesSomething),
        ("if offline:\n        raise ValueError('x')\n    pass", .doesSomething),
        ("if offline: op.drop_table('t')", .doesSomething),
        ("if offline:\n        return\n    else:\n        op.drop_table('t')", .doesSomething),
    ])
    func classifiesBodies(body: String, expected: FunctionBody) {
        let file = parse("revision = 'z'\ndown_revision = None\n\ndef downgrade():\n    \(body)\n")
        #expect(file.downgrade == expected, "\(body)")
        let oneLine = parse("revision = 'z'\ndown_revision = None\ndef downgrade(): raise RuntimeError('no')\n")
        #expect(oneLine.downgrade == .raises)
    }

    @Test func irreversibleMarker() {
        let file = parse("# migcheck: irreversible\nrevision = 'f6'\n")
        #expect(file.markedIrreversible)
    }
}

@Suite struct OneLineDefinitionTests {
    @Test func statementsAfterASemicolonOnADefLineAreInTheBody() {
        let file = RevisionFileParser.parse(
            path: "v/a.py", data: Data("revision = 'a'\ndef upgrade(): pass; op.create_table('t')\ndef downgrade(): pass\n".utf8))
        #expect(file.upgrade == .doesSomething)
        #expect(file.downgrade == .empty)
    }

    /// `doc` and `longDoc` as Alembic computes them (`__doc__.strip()`, then the part before
    /// the first blank line), on the byte fast path and the non-ASCII fallback.
    @Test(arguments: [
        ("  \n msg\n\nlong body \n", "msg", "msg\n\nlong body"),
        ("\t one line\u{0B}", "one line", "one line"),
        ("a\r\n\nb", "a\r", "a\r\n\nb"),
        ("\u{A0}é x\n\ny é\u{2003}", "é x", "é x\n\ny é"),
        ("   ", "", ""),
    ])
    func docAndLongDocMatchAlembic(_ docstring: String, doc: String, longDoc: String) {
        var file = RevisionFileParser.parse(path: "v/a.py", data: Data("revision = 'a'\ndown_revision = None\n".utf8))
        file.docstring = docstring
        #expect(file.doc == doc)
        #expect(file.longDoc == longDoc)
    }
}
