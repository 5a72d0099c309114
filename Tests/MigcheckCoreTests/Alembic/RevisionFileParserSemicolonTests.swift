import Foundation
import Testing

@testable import MigcheckCore

/// Regression: statements after a `;` are array slices whose indices do not start at 0.
@Suite struct RevisionFileParserSemicolonTests {
    @Test func readsAssignmentsAfterSemicolons() {
        let file = RevisionFileParser.parse(
            path: "versions/b_rev.py",
            data: Data(
                """
                '''branch a'''
                revision = 'b'; down_revision = 'a'
                branch_labels = None; depends_on = ('x',); import os; x = 1
                def upgrade(): op.drop_table('t'); pass
                """.utf8))
        #expect(file.problem == nil)
        #expect(file.revision == "b")
        #expect(file.downRevisions == ["a"])
        #expect(file.dependsOn == ["x"])
        #expect(file.upgrade == .doesSomething)
    }
}
