/// A structural problem in the revision graph, found while building it.
public struct GraphProblem: Sendable, Hashable {
    /// The rule it breaks: `missing-parent`, `duplicate-revision`, `duplicate-branch-label`,
    /// `cycle` or `invalid-revision-id`.
    public var rule: Rule
    /// The revision the problem is reported on.
    public var revision: String
    /// The variable of that revision's file the problem concerns (its line is the one reported).
    public var field: RevisionVariable
    /// Every revision involved (for cycles, all of them).
    public var involved: [String]
    /// One sentence describing it.
    public var message: String
    /// The file the problem is reported on.
    public var path: String? = nil
}

/// The revision graph of an Alembic environment, with Alembic's semantics.
///
/// Nodes are kept in load order (version locations in order, file names sorted), which is the
/// order Alembic's `heads`, `history` and `merge` use.
public struct RevisionGraph: Sendable {
    /// One revision in the graph.
    public struct Node: Sendable {
        /// The revision id.
        public var id: String
        /// The file the revision comes from.
        public var file: RevisionFile
        /// Parents through `down_revision`, in declaration order.
        public var downRevisions: [String]
        /// `depends_on` as written.
        public var dependencies: [String]
        /// `depends_on` resolved to revision ids.
        public var resolvedDependencies: [String] = []
        /// Resolved dependencies that no ancestor already depends on.
        public var normalizedDependencies: [String] = []
        /// Branch labels declared on this revision.
        public var ownLabels: [String]
        /// Branch labels in effect (propagated), sorted.
        public var labels: Set<String> = []
        /// Children through `down_revision`.
        public var nextRevisions: [String] = []
        /// Children through `down_revision` or `depends_on`.
        public var allNextRevisions: [String] = []

        /// Parents through down_revision and resolved dependencies.
        public var allDownRevisions: [String] { dedupe(downRevisions + resolvedDependencies) }
        /// Parents through down_revision and normalized dependencies (Alembic's `_normalized_down_revisions`).
        public var normalizedDownRevisions: [String] { dedupe(downRevisions + normalizedDependencies) }
        /// No child through down_revision.
        public var isHead: Bool { nextRevisions.isEmpty }
        /// No child at all (Alembic's `_is_real_head`).
        public var isRealHead: Bool { allNextRevisions.isEmpty }
        /// No down_revision.
        public var isBase: Bool { downRevisions.isEmpty }
        /// More than one child through down_revision.
        public var isBranchPoint: Bool { nextRevisions.count > 1 }
        /// More than one child counting dependencies.
        public var isRealBranchPoint: Bool { allNextRevisions.count > 1 }
        /// More than one down_revision.
        public var isMergePoint: Bool { downRevisions.count > 1 }
    }

    /// Nodes by id.
    public private(set) var nodes: [String: Node] = [:]
    /// Revision ids in load order.
    public private(set) var order: [String] = []
    /// Position of each id in load order.
    private(set) var position: [String: Int] = [:]
    /// Branch label → revision id that declares it.
    public private(set) var labelOwners: [String: String] = [:]
    /// Heads: revisions with no child through down_revision, in load order (`alembic heads`).
    public private(set) var heads: [String] = []
    /// Real heads: revisions with no child at all (`alembic heads --resolve-dependencies`).
    public private(set) var realHeads: [String] = []
    /// Revisions without down_revision, in load order.
    public private(set) var bases: [String] = []
    /// Problems found while building the graph.
    public private(set) var problems: [GraphProblem] = []

    /// Whether a problem makes Alembic itself refuse to load the graph.
    public var isLoadable: Bool {
        !problems.contains { [.missingParent, .cycle, .duplicateBranchLabel, .invalidRevisionID].contains($0.rule) }
    }

    /// Builds the graph from files in load order; files without a revision id are skipped.
    ///
    /// The structure is computed on integer-indexed arrays (copying `Node` values out of a
    /// dictionary in hot loops costs more than the rest of the work) and stored once at the end.
    public init(files: [RevisionFile]) {
        var ids: [String] = []
        var index: [String: Int] = [:]
        var fileOf: [RevisionFile] = []
        ids.reserveCapacity(files.count)
        index.reserveCapacity(files.count)
        for file in files {
            guard let id = file.revision, file.problem == nil else { continue }
            if let invalid = Self.invalidReason(id) {
                problems.append(
                    GraphProblem(
                        rule: .invalidRevisionID, revision: id, field: .revision, involved: [id],
                        message: "revision id '\(id)' \(invalid)"))
            }
            if file.downRevisions.contains(id) {
                // Alembic refuses such a revision outright (LoopDetected); keep the file named.
                problems.append(
                    GraphProblem(
                        rule: .cycle, revision: id, field: .revision, involved: [id],
                        message: "revision \(id) names itself as its down_revision", path: file.path))
                continue
            }
            if let existing = index[id] {
                problems.append(
                    GraphProblem(
                        rule: .duplicateRevision, revision: id, field: .revision, involved: [id],
                        message:
                            "revision \(id) is defined in \(fileOf[existing].path) and again in \(file.path); Alembic silently keeps the last one"
                    ))
                fileOf[existing] = file
            } else {
                index[id] = ids.count
                ids.append(id)
                fileOf.append(file)
            }
        }
        let count = ids.count
        // Branch labels share the namespace of revision ids.
        var owners: [String: String] = [:]
        for i in 0..<count {
            for label in fileOf[i].branchLabels {
                if let other = owners[label] ?? (index[label] != nil ? label : nil) {
                    problems.append(
                        GraphProblem(
                            rule: .duplicateBranchLabel, revision: ids[i], field: .branchLabels, involved: [ids[i], other],
                            message: "branch label '\(label)' of revision \(ids[i]) is already used by revision \(other)"))
                } else {
                    owners[label] = ids[i]
                }
            }
        }
        // Resolve dependencies (exact ids or branch labels, as Alembic's map lookup does) and parents.
        var down = [[Int]](repeating: [], count: count)
        var deps = [[Int]](repeating: [], count: count)
        for i in 0..<count {
            for dep in fileOf[i].dependsOn {
                if let j = index[dep] ?? owners[dep].flatMap({ index[$0] }) {
                    guard j != i else {
                        // A one-revision cycle, which strongly connected components do not show.
                        problems.append(
                            GraphProblem(
                                rule: .cycle, revision: ids[i], field: .dependsOn, involved: [ids[i]],
                                message: "revision \(ids[i]) depends on itself ('\(dep)'); Alembic refuses it (DependencyLoopDetected)"))
                        continue
                    }
                    if !deps[i].contains(j) { deps[i].append(j) }
                } else {
                    problems.append(
                        GraphProblem(
                            rule: .missingParent, revision: ids[i], field: .dependsOn, involved: [ids[i]],
                            message: "revision \(ids[i]) depends on '\(dep)', which is not a revision id or branch label in this project"))
                }
            }
            for parent in fileOf[i].downRevisions {
                guard let j = index[parent] else {
                    problems.append(
                        GraphProblem(
                            rule: .missingParent, revision: ids[i], field: .downRevision, involved: [ids[i]],
                            message: "revision \(ids[i]) names down_revision '\(parent)', which is not present"))
                    continue
                }
                down[i].append(j)
            }
        }
        var next = [[Int]](repeating: [], count: count)
        var allNext = [[Int]](repeating: [], count: count)
        for i in 0..<count {
            for j in down[i] where !next[j].contains(i) { next[j].append(i) }
            for j in down[i] + deps[i] where !allNext[j].contains(i) { allNext[j].append(i) }
        }
        labelOwners = owners
        order = ids
        position = index
        heads = (0..<count).filter { next[$0].isEmpty }.map { ids[$0] }
        realHeads = (0..<count).filter { allNext[$0].isEmpty }.map { ids[$0] }
        bases = (0..<count).filter { down[$0].isEmpty && fileOf[$0].downRevisions.isEmpty }.map { ids[$0] }
        var built: [String: Node] = [:]
        built.reserveCapacity(count)
        for i in 0..<count {
            var node = Node(
                id: ids[i], file: fileOf[i], downRevisions: down[i].map { ids[$0] },
                dependencies: fileOf[i].dependsOn, ownLabels: fileOf[i].branchLabels)
            node.resolvedDependencies = deps[i].map { ids[$0] }
            node.nextRevisions = next[i].map { ids[$0] }
            node.allNextRevisions = allNext[i].map { ids[$0] }
            built[ids[i]] = node
        }
        nodes = built
        for i in problems.indices where problems[i].path == nil {
            problems[i].path = built[problems[i].revision]?.file.path
        }
        let components = Self.stronglyConnected(count: count) { down[$0] + deps[$0] }
        for component in components {
            let sorted = component.map { ids[$0] }.sorted()
            problems.append(
                GraphProblem(
                    rule: .cycle, revision: sorted[0], field: .revision, involved: sorted,
                    message: "cycle detected in revisions (\(sorted.joined(separator: ", ")))",
                    path: built[sorted[0]]?.file.path))
        }
        if !components.isEmpty { return }
        normalizeDependencies()
        propagateLabels()
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
    public func ancestors(of ids: [String], includeDependencies: Bool = true) -> Set<String> {
        reach(from: ids) { id in
            guard let node = self.nodes[id] else { return [] }
            return includeDependencies ? node.normalizedDownRevisions : node.downRevisions
        }
    }

    /// Descendants of `ids` (inclusive) through down_revision edges.
    public func descendants(of ids: [String]) -> Set<String> {
        reach(from: ids) { self.nodes[$0]?.nextRevisions ?? [] }
    }

    private mutating func normalizeDependencies() {
        for id in order where !nodes[id]!.resolvedDependencies.isEmpty {
            var normalized = nodes[id]!.resolvedDependencies
            for ancestor in ancestors(of: [id], includeDependencies: false) where ancestor != id {
                let deps = nodes[ancestor]!.resolvedDependencies
                normalized.removeAll { deps.contains($0) }
            }
            nodes[id]!.normalizedDependencies = normalized
        }
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
