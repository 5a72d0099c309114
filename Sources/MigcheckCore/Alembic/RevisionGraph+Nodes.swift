extension RevisionGraph {
    /// The graph's revisions by id, each ``Node`` assembled when it is looked up.
    ///
    /// The revisions are kept in load order as index arrays and the files as loaded (shared with
    /// the caller's array, not copied): a dictionary of 100,000 stored `Node` values, each a copy
    /// of its file plus six arrays of ids, cost more to build and to fault in than the rest of the
    /// graph, while commands look up only the nodes they print.
    struct NodeTable: Sendable {
        /// Revision ids in load order.
        var ids: [String] = []
        /// Load-order index of each id.
        var position: [String: Int] = [:]
        /// The files the graph was built from.
        var files: [RevisionFile] = []
        /// For each revision, the index in `files` of the file it comes from (the last one, for a
        /// duplicate id).
        var fileIndex: [Int] = []
        /// Present parents through down_revision, in declaration order.
        var down: [[Int]] = []
        /// Resolved dependencies, without repeats.
        var deps: [[Int]] = []
        /// Resolved dependencies that no ancestor already depends on; empty when the graph has a
        /// cycle (they are not computed then).
        var normalized: [[Int]] = []
        /// Children through down_revision.
        var next: [[Int]] = []
        /// Children through down_revision or depends_on.
        var allNext: [[Int]] = []
        /// Branch labels in effect (propagated), by revision; empty until labels are propagated.
        var labels: [Set<String>] = []

        /// The number of revisions.
        var count: Int { ids.count }

        /// The node of revision `id`, or `nil` when the graph has no such revision.
        subscript(id: String) -> Node? {
            guard let i = position[id] else { return nil }
            return self[index: i]
        }

        /// The node at load-order index `i`.
        subscript(index i: Int) -> Node {
            let file = files[fileIndex[i]]
            var node = Node(
                id: ids[i], file: file, downRevisions: names(down[i]), dependencies: file.dependsOn, ownLabels: file.branchLabels)
            node.resolvedDependencies = names(deps[i])
            node.normalizedDependencies = normalized.isEmpty ? [] : names(normalized[i])
            node.labels = labels.isEmpty ? [] : labels[i]
            node.nextRevisions = names(next[i])
            node.allNextRevisions = names(allNext[i])
            return node
        }

        /// The ids of load-order indices.
        private func names(_ indices: [Int]) -> [String] {
            indices.isEmpty ? [] : indices.map { ids[$0] }
        }
    }
}
