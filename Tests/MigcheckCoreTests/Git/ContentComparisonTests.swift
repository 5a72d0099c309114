import Foundation
import Testing

@testable import MigcheckCore

/// What counts as an edit and how it is described.
@Suite("Content comparison")
struct ContentComparisonTests {
    let original = """
        \"\"\"add users

        Revision ID: b2
        Revises: a1
        \"\"\"
        from alembic import op

        revision = 'b2'
        down_revision = 'a1'


        def upgrade():
            op.create_table("users")


        def downgrade():
            op.drop_table("users")

        """

    func data(_ s: String) -> Data { Data(s.utf8) }

    @Test func lineEndings() {
        #expect(ContentComparison.sameIgnoringLineEndings(data(original), data(original.replacingOccurrences(of: "\n", with: "\r\n"))))
        #expect(!ContentComparison.sameIgnoringLineEndings(data(original), data(original + "x\n")))
    }

    @Test func commentsDocstringsAndWhitespace() {
        let cosmetic =
            original
            .replacingOccurrences(of: "add users", with: "add the users table")
            .replacingOccurrences(of: "def upgrade():\n", with: "def upgrade():\n    \"\"\"Create it.\"\"\"\n    # why\n")
            .replacingOccurrences(of: "op.create_table(\"users\")", with: "op.create_table( \"users\" )")
            .replacingOccurrences(of: "    op.", with: "        op.")
        #expect(ContentComparison.sameIgnoringComments(data(original), data(cosmetic)))
        let semantic = original.replacingOccurrences(of: "\"users\")\n\n\ndef downgrade", with: "\"people\")\n\n\ndef downgrade")
        #expect(!ContentComparison.sameIgnoringComments(data(original), data(semantic)))
    }

    @Test func describesWhatChanged() {
        let repointed = original.replacingOccurrences(of: "down_revision = 'a1'", with: "down_revision = 'z9'")
        #expect(
            ContentComparison.describe(old: data(original), new: data(repointed), path: "v/b2.py")
                == "down_revision changed from 'a1' to 'z9'")
        let body = original.replacingOccurrences(
            of: "op.create_table(\"users\")", with: "op.create_table(\"users\")\n    op.create_index(\"ix\", \"users\", [\"id\"])")
        #expect(ContentComparison.describe(old: data(original), new: data(body), path: "v/b2.py") == "upgrade() changed (+1/-0 lines)")
        let header = original.replacingOccurrences(of: "add users", with: "add people")
        #expect(ContentComparison.describe(old: data(original), new: data(header), path: "v/b2.py") == "1 line changed")
        #expect(ContentComparison.firstChangedLine(old: data(original), new: data(header)) == 1)
    }
}
