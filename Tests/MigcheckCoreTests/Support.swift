import Foundation

@testable import MigcheckCore

/// A scratch directory for one test, removed when the test's `defer` calls `remove()`.
struct ScratchDirectory {
    let url: URL

    init() throws {
        url = try TemporaryDirectory(purpose: "test").url
    }

    /// Writes `text` to `path` (relative), creating parent directories.
    @discardableResult
    func write(_ path: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file
    }

    var tree: DiskTree { DiskTree(root: url) }

    /// The tree as seen from `seconds` later: files written now are outside the parse cache's
    /// racy window without waiting for it.
    func tree(secondsLater seconds: Int) -> DiskTree {
        var tree = DiskTree(root: url)
        tree.now = { DiskTree.systemSeconds() + seconds }
        return tree
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A minimal revision file.
func revisionSource(
    _ id: String, down: [String] = [], labels: [String] = [], depends: [String] = [],
    message: String? = nil, upgrade: String = "op.execute('select 1')", downgrade: String = "op.execute('select 2')"
) -> String {
    func tuple(_ items: [String]) -> String {
        switch items.count {
        case 0: return "None"
        case 1: return "'\(items[0])'"
        default: return "(" + items.map { "'\($0)'" }.joined(separator: ", ") + ")"
        }
    }
    return """
        \"\"\"\(message ?? "rev \(id)")

        Revision ID: \(id)
        Revises: \(down.joined(separator: ", "))
        \"\"\"
        from alembic import op

        revision = '\(id)'
        down_revision = \(tuple(down))
        branch_labels = \(tuple(labels))
        depends_on = \(tuple(depends))


        def upgrade():
            \(upgrade)


        def downgrade():
            \(downgrade)

        """
}

/// Builds a graph from (id, down, labels, depends) tuples in load order.
func graph(_ specs: [(String, [String], [String], [String])]) -> RevisionGraph {
    RevisionGraph(
        files: specs.map { spec in
            var file = RevisionFile(path: "versions/\(spec.0).py")
            file.revision = spec.0
            file.downRevisions = spec.1
            file.branchLabels = spec.2
            file.dependsOn = spec.3
            return file
        })
}
