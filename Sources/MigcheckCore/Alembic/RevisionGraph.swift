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

    /// Nodes by id.
    private(set) var nodes: [String: Node] = [:]
    /// Revision ids in load order.
    private(set) var order: [String] = []
    /// Position of each id in load order.
    private(set) var position: [String: Int] = [:]
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
    /// The structure is computed on integer-indexed arrays (copying `Node` values out of a
    /// dictionary in hot loops costs more than the rest of the work) and stored once at the end.
    /// Every step is linear in revisions plus edges, or close to it (see ``GraphBuild``).
    init(files: [RevisionFile]) {
        var build = GraphBuild(files: files)
        build.mapBranchLabels()
        build.resolveEdges()
        build.linkChildren()
        store(build)
        let components = Self.stronglyConnected(count: build.count) { build.down[$0] + build.deps[$0] }
        for component in components {
            let sorted = component.map { build.ids[$0] }.sorted()
            problems.append(
                GraphProblem(
                    rule: .cycle, revision: sorted[0], field: .revision, involved: sorted,
                    message: "cycle detected in revisions (\(sorted.joined(separator: ", ")))",
                    path: nodes[sorted[0]]?.file.path))
        }
        if !components.isEmpty { return }
        rank = build.topologicalRank()
        let normalized = build.normalizedDependencies(rank: rank)
        for i in 0..<build.count where !normalized[i].isEmpty {
            nodes[build.ids[i]]!.normalizedDependencies = normalized[i].map { build.ids[$0] }
        }
        parentIndices = (0..<build.count).map { i in dedupeIndices(build.down[i] + normalized[i]) }
        propagateLabels()
    }

    /// Stores the built structure: nodes, load order, heads, bases, labels and problems.
    private mutating func store(_ build: GraphBuild) {
        let count = build.count, ids = build.ids
        labelOwners = build.owners
        order = ids
        position = build.index
        heads = (0..<count).filter { build.next[$0].isEmpty }.map { ids[$0] }
        realHeads = (0..<count).filter { build.allNext[$0].isEmpty }.map { ids[$0] }
        bases = (0..<count).filter { build.down[$0].isEmpty && build.fileOf[$0].downRevisions.isEmpty }.map { ids[$0] }
        var built: [String: Node] = [:]
        built.reserveCapacity(count)
        for i in 0..<count {
            let file = build.fileOf[i]
            var node = Node(
                id: ids[i], file: file, downRevisions: build.down[i].map { ids[$0] },
                dependencies: file.dependsOn, ownLabels: file.branchLabels)
            node.resolvedDependencies = build.deps[i].map { ids[$0] }
            node.nextRevisions = build.next[i].map { ids[$0] }
            node.allNextRevisions = build.allNext[i].map { ids[$0] }
            built[ids[i]] = node
        }
        nodes = built
        problems = build.problems
        for i in problems.indices where problems[i].path == nil {
            problems[i].path = built[problems[i].revision]?.file.path
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

    /// Ancestors of `ids` (inclusive) through down_revision only, or also normalized dependencies.
    func ancestors(of ids: [String], includeDependencies: Bool = true) -> Set<String> {
        reach(from: ids) { id in
            guard let node = self.nodes[id] else { return [] }
            return includeDependencies ? node.normalizedDownRevisions : node.downRevisions
        }
    }

    /// Descendants of `ids` (inclusive) through down_revision edges.
    func descendants(of ids: [String]) -> Set<String> {
        reach(from: ids) { self.nodes[$0]?.nextRevisions ?? [] }
    }

    /// Branch labels apply to all descendants and up to the nearest branch or merge point.
    private mutating func propagateLabels() {
        for id in order where !nodes[id]!.ownLabels.isEmpty {
            let labels = Set(nodes[id]!.ownLabels)
            var last = id
            var seen: Set<String> = []
            var todo = [id]
            while let current = todo.popLast() {
                guard seen.insert(current).inserted else { continue }
                nodes[current]!.labels.formUnion(labels)
                last = current
                for next in nodes[current]!.nextRevisions.reversed() { todo.append(next) }
            }
            var parent: String? = last
            while let p = parent, let node = nodes[p], !node.isRealBranchPoint, !node.isMergePoint {
                nodes[p]!.labels.formUnion(labels)
                parent = node.downRevisions.first
            }
        }
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
