import Foundation
@_exported import MigcheckTestSupport

@testable import MigcheckCore

extension ScratchDirectory {
    /// The tree as seen from `seconds` later: files written now are outside the parse cache's
    /// racy window without waiting for it.
    func tree(secondsLater seconds: Int) -> DiskTree {
        var tree = DiskTree(root: url)
        tree.now = { DiskTree.systemSeconds() + seconds }
        return tree
    }
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
