/// A structural problem in the revision graph, found while building it.
struct GraphProblem: Sendable, Hashable {
    /// The rule it breaks: `missing-parent`, `duplicate-revision`, `duplicate-branch-label`,
    /// `cycle` or `invalid-revision-id`.
    var rule: Rule
    /// The revision the problem is reported on.
    var revision: String
    /// The variable of that revision's file the problem concerns (its line is the one reported).
    var field: RevisionVariable
    /// Every revision involved (for cycles, all of them).
    var involved: [String]
    /// One sentence describing it.
    var message: String
    /// The file the problem is reported on.
    var path: String? = nil
}

/// The revision graph of an Alembic environment, with Alembic's semantics.
///
/// Nodes are kept in load order (version locations in order, file names sorted), which is the
/// order Alembic's `heads`, `history` and `merge` use.
public struct RevisionGraph: Sendable {
    /// One revision in the graph.
    struct Node: Sendable {
        /// The revision id.
        var id: String
        /// The file the revision comes from.
        var file: RevisionFile
        /// Parents through `down_revision`, in declaration order.
        var downRevisions: [String]
        /// `depends_on` as written.
        var dependencies: [String]
        /// `depends_on` resolved to revision ids.
        var resolvedDependencies: [String] = []
        /// Resolved dependencies that no ancestor already depends on.
        var normalizedDependencies: [String] = []
        /// Branch labels declared on this revision.
        var ownLabels: [String]
        /// Branch labels in effect (propagated), sorted.
        var labels: Set<String> = []
        /// Children through `down_revision`.
        var nextRevisions: [String] = []
        /// Children through `down_revision` or `depends_on`.
        var allNextRevisions: [String] = []

        /// Parents through down_revision and resolved dependencies.
        var allDownRevisions: [String] { dedupe(downRevisions + resolvedDependencies) }
        /// Parents through down_revision and normalized dependencies (Alembic's `_normalized_down_revisions`).
        var normalizedDownRevisions: [String] { dedupe(downRevisions + normalizedDependencies) }
        /// No child through down_revision.
        var isHead: Bool { nextRevisions.isEmpty }
        /// No child at all (Alembic's `_is_real_head`).
        var isRealHead: Bool { allNextRevisions.isEmpty }
        /// No down_revision.
        var isBase: Bool { downRevisions.isEmpty }
        /// More than one child through down_revision.
        var isBranchPoint: Bool { nextRevisions.count > 1 }
        /// More than one child counting dependencies.
        var isRealBranchPoint: Bool { allNextRevisions.count > 1 }
        /// More than one down_revision.
        var isMergePoint: Bool { downRevisions.count > 1 }
    }

    /// Nodes by id (see ``NodeTable``).
    private(set) var nodes = NodeTable()
    /// Revision ids in load order.
    var order: [String] { nodes.ids }
    /// Position of each id in load order.
    var position: [String: Int] { nodes.position }
    /// Branch label → revision id that declares it.
    private(set) var labelOwners: [String: String] = [:]
    /// Heads: revisions with no child through down_revision, in load order (`alembic heads`).
    public private(set) var heads: [String] = []
    /// Real heads: revisions with no child at all (`alembic heads --resolve-dependencies`).
    public private(set) var realHeads: [String] = []
    /// Revisions without down_revision, in load order.
    private(set) var bases: [String] = []
    /// Problems found while building the graph.
    private(set) var problems: [GraphProblem] = []

    /// Whether a problem makes Alembic itself refuse to load the graph.
    var isLoadable: Bool {
        !problems.contains { [.missingParent, .cycle, .duplicateBranchLabel, .invalidRevisionID].contains($0.rule) }
    }

    /// Normalized parents (down_revision, then normalized dependencies) by load-order index.
    private(set) var parentIndices: [[Int]] = []
    /// A topological rank: every revision ranks above its parents and dependencies.
    private(set) var rank: [Int] = []

    /// Builds the graph from files in load order; files without a revision id are skipped.
    ///
    /// The structure is computed on integer-indexed arrays and kept in them (``NodeTable``): a
    /// `Node` is assembled only when looked up. `files` is kept as given, not copied. Every step
    /// is linear in revisions plus edges, or close to it (see ``GraphBuild``).
    init(files: [RevisionFile]) {
        var build = GraphBuild(files: files)
        build.mapBranchLabels()
        build.resolveEdges()
        build.linkChildren()
        store(build)
        let ranked = build.topologicalRank()
        rank = ranked.rank
        // Kahn's algorithm ranks every revision exactly when there is no cycle: the search for
        // the cycles themselves runs only when it did not.
        if !ranked.complete {
            let components = Self.stronglyConnected(count: build.count) { i in
                build.deps[i].isEmpty ? build.down[i] : build.down[i] + build.deps[i]
            }
            for component in components {
                let sorted = component.map { build.ids[$0] }.sorted()
                problems.append(
                    GraphProblem(
                        rule: .cycle, revision: sorted[0], field: .revision, involved: sorted,
                        message: "cycle detected in revisions (\(sorted.joined(separator: ", ")))",
                        path: build.path(build.index[sorted[0]]!)))
            }
            if !components.isEmpty {
                rank = []
                return
            }
        }
        let normalized = build.normalizedDependencies(rank: rank)
        parentIndices = (0..<build.count).map { i in
            normalized[i].isEmpty ? build.down[i] : dedupeIndices(build.down[i] + normalized[i])
        }
        nodes.normalized = normalized
        propagateLabels()
    }

    /// Stores the built structure: nodes, load order, heads, bases, labels and problems.
    private mutating func store(_ build: GraphBuild) {
        let count = build.count, ids = build.ids
        labelOwners = build.owners
        heads = (0..<count).filter { build.next[$0].isEmpty }.map { ids[$0] }
        realHeads = (0..<count).filter { build.allNext[$0].isEmpty }.map { ids[$0] }
        bases = (0..<count).filter { build.down[$0].isEmpty && build.files[build.fileIndex[$0]].downRevisions.isEmpty }.map { ids[$0] }
        nodes = NodeTable(
            ids: ids, position: build.index, files: build.files, fileIndex: build.fileIndex, down: build.down,
            deps: build.deps, next: build.next, allNext: build.allNext)
        problems = build.problems
        for i in problems.indices where problems[i].path == nil {
            if let index = build.index[problems[i].revision] { problems[i].path = build.path(index) }
        }
    }

    /// Every node reachable from `starts` (inclusive) through `edges`.
    func reach(from starts: [String], _ edges: (String) -> [String]) -> Set<String> {
        var seen: Set<String> = []
        var todo = starts
        while let id = todo.popLast() {
            guard seen.insert(id).inserted else { continue }
            for next in edges(id) where !seen.contains(next) { todo.append(next) }
        }
        return seen
    }

    /// Every revision reachable from `starts` (inclusive) through `edges` between load-order
    /// indices (no `Node` is assembled); ids that are not in the graph are kept, with no edges.
    func reachIndices(from starts: [String], _ edges: (Int) -> [Int]) -> Set<String> {
        var result: Set<String> = []
        var seen = [Bool](repeating: false, count: nodes.count)
        var todo: [Int] = []
        for id in starts {
            if let i = position[id] { todo.append(i) } else { result.insert(id) }
        }
        while let i = todo.popLast() {
            guard !seen[i] else { continue }
            seen[i] = true
            result.insert(nodes.ids[i])
            for next in edges(i) where !seen[next] { todo.append(next) }
        }
        return result
    }

    /// Ancestors of `ids` (inclusive) through down_revision only, or also normalized dependencies.
    func ancestors(of ids: [String], includeDependencies: Bool = true) -> Set<String> {
        // Normalized parents are `parentIndices`, computed unless the graph has a cycle (then
        // there are no normalized dependencies and they are the down_revisions).
        let normalized = includeDependencies && parentIndices.count == nodes.count
        return reachIndices(from: ids) { normalized ? parentIndices[$0] : nodes.down[$0] }
    }

    /// Descendants of `ids` (inclusive) through down_revision edges.
    func descendants(of ids: [String]) -> Set<String> {
        reachIndices(from: ids) { nodes.next[$0] }
    }

    /// Branch labels apply to all descendants and up to the nearest branch or merge point.
    private mutating func propagateLabels() {
        var labels: [Set<String>] = []
        for i in 0..<nodes.count where !nodes.files[nodes.fileIndex[i]].branchLabels.isEmpty {
            if labels.isEmpty { labels = [Set<String>](repeating: [], count: nodes.count) }
            let own = Set(nodes.files[nodes.fileIndex[i]].branchLabels)
            var last = i
            var seen: Set<Int> = []
            var todo = [i]
            while let current = todo.popLast() {
                guard seen.insert(current).inserted else { continue }
                labels[current].formUnion(own)
                last = current
                for next in nodes.next[current].reversed() { todo.append(next) }
            }
            var parent: Int? = last
            while let p = parent, nodes.allNext[p].count <= 1, nodes.down[p].count <= 1 {
                labels[p].formUnion(own)
                parent = nodes.down[p].first
            }
        }
        nodes.labels = labels
    }
}

func dedupe(_ items: [String]) -> [String] {
    var seen: Set<String> = []
    return items.filter { seen.insert($0).inserted }
}

/// `items` without repeats, first occurrence kept.
func dedupeIndices(_ items: [Int]) -> [Int] {
    if items.count < 2 { return items }
    var seen: Set<Int> = []
    return items.filter { seen.insert($0).inserted }
}
