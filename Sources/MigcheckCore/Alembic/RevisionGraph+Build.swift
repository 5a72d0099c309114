/// The working state of ``RevisionGraph/init(files:)``: revisions by load-order index, with
/// their edges as index arrays, and the problems found so far.
///
/// Each step is one pass over the revisions and their edges.
struct GraphBuild {
    /// Revision ids in load order.
    var ids: [String] = []
    /// Load-order index of each id.
    var index: [String: Int] = [:]
    /// The files, as given (never copied).
    let files: [RevisionFile]
    /// For each revision, the index in `files` of the file it comes from (the last one, for a
    /// duplicate id).
    var fileIndex: [Int] = []
    /// Branch label → the revision that declares it.
    var owners: [String: String] = [:]
    /// Parents through down_revision (present ones only), in declaration order.
    var down: [[Int]] = []
    /// Resolved dependencies, without repeats.
    var deps: [[Int]] = []
    /// Children through down_revision.
    var next: [[Int]] = []
    /// Children through down_revision or depends_on.
    var allNext: [[Int]] = []
    /// Problems found so far.
    var problems: [GraphProblem] = []

    /// The number of revisions.
    var count: Int { ids.count }

    /// The path of the file revision `i` comes from.
    func path(_ i: Int) -> String { files[fileIndex[i]].path }

    /// Indexes `files` in load order, skipping files without a revision id; reports invalid ids,
    /// revisions that name themselves as down_revision, and duplicate ids (the last one wins).
    init(files: [RevisionFile]) {
        self.files = files
        ids.reserveCapacity(files.count)
        index.reserveCapacity(files.count)
        fileIndex.reserveCapacity(files.count)
        // Fields are read in place: copying each file out of the array retains a dozen fields.
        for position in files.indices {
            guard let id = files[position].revision, files[position].problem == nil else { continue }
            if let invalid = RevisionGraph.invalidReason(id) {
                problems.append(
                    GraphProblem(
                        rule: .invalidRevisionID, revision: id, field: .revision, involved: [id],
                        message: "revision id '\(id)' \(invalid)"))
            }
            if files[position].downRevisions.contains(id) {
                // Alembic refuses such a revision outright (LoopDetected); keep the file named.
                problems.append(
                    GraphProblem(
                        rule: .cycle, revision: id, field: .revision, involved: [id],
                        message: "revision \(id) names itself as its down_revision", path: files[position].path))
                continue
            }
            if let existing = index[id] {
                problems.append(
                    GraphProblem(
                        rule: .duplicateRevision, revision: id, field: .revision, involved: [id],
                        message:
                            "revision \(id) is defined in \(files[fileIndex[existing]].path) and again in \(files[position].path); Alembic silently keeps the last one"
                    ))
                fileIndex[existing] = position
            } else {
                index[id] = ids.count
                ids.append(id)
                fileIndex.append(position)
            }
        }
    }

    /// Maps branch labels to their revisions; labels share the namespace of revision ids.
    mutating func mapBranchLabels() {
        for i in 0..<count {
            for label in files[fileIndex[i]].branchLabels {
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
    }

    /// Resolves dependencies (exact ids or branch labels, as Alembic's map lookup does) and
    /// parents, reporting the ones that are missing and dependencies on the revision itself.
    mutating func resolveEdges() {
        down = [[Int]](repeating: [], count: count)
        deps = [[Int]](repeating: [], count: count)
        for i in 0..<count {
            for dep in files[fileIndex[i]].dependsOn {
                guard let j = index[dep] ?? owners[dep].flatMap({ index[$0] }) else {
                    problems.append(
                        GraphProblem(
                            rule: .missingParent, revision: ids[i], field: .dependsOn, involved: [ids[i]],
                            message: "revision \(ids[i]) depends on '\(dep)', which is not a revision id or branch label in this project"))
                    continue
                }
                guard j != i else {
                    // A one-revision cycle, which strongly connected components do not show.
                    problems.append(
                        GraphProblem(
                            rule: .cycle, revision: ids[i], field: .dependsOn, involved: [ids[i]],
                            message: "revision \(ids[i]) depends on itself ('\(dep)'); Alembic refuses it (DependencyLoopDetected)"))
                    continue
                }
                if !deps[i].contains(j) { deps[i].append(j) }
            }
            for parent in files[fileIndex[i]].downRevisions {
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
    }

    /// Fills the child lists. A child is added to a parent once, in load order: revisions are
    /// visited in order, so a repeat can only be the parent's last child.
    mutating func linkChildren() {
        next = [[Int]](repeating: [], count: count)
        allNext = [[Int]](repeating: [], count: count)
        for i in 0..<count {
            for j in down[i] where next[j].last != i { next[j].append(i) }
            for j in down[i] where allNext[j].last != i { allNext[j].append(i) }
            for j in deps[i] where allNext[j].last != i { allNext[j].append(i) }
        }
    }

    /// A rank that puts every revision above its parents and dependencies (Kahn's algorithm
    /// over down_revision and depends_on edges), and whether it ranked every revision: it does
    /// exactly when these edges have no cycle.
    func topologicalRank() -> (rank: [Int], complete: Bool) {
        var waiting = [Int](repeating: 0, count: count)
        for i in 0..<count { for child in allNext[i] { waiting[child] += 1 } }
        var ready = (0..<count).filter { waiting[$0] == 0 }
        var rank = [Int](repeating: 0, count: count)
        var nextRank = 0
        while let i = ready.popLast() {
            rank[i] = nextRank
            nextRank += 1
            for child in allNext[i] {
                waiting[child] -= 1
                if waiting[child] == 0 { ready.append(child) }
            }
        }
        return (rank, nextRank == count)
    }

    /// Alembic's `_normalize_depends_on`: each revision's resolved dependencies without those
    /// that an ancestor through down_revision also depends on.
    ///
    /// A dependency declared by one revision only is kept without looking further. For one
    /// declared by several, whether a declaring revision has another one below it is answered by
    /// a search down down_revision edges that remembers every revision it has settled for that
    /// dependency and stops below the lowest-ranked declaring revision.
    func normalizedDependencies(rank: [Int]) -> [[Int]] {
        var holders = [[Int]](repeating: [], count: count)
        for i in 0..<count { for dep in deps[i] { holders[dep].append(i) } }
        var normalized = deps
        // Per node: the dependency whose search last settled it, and whether it reaches a holder.
        var settledFor = [Int](repeating: -1, count: count)
        var reaches = [Bool](repeating: false, count: count)
        var isHolder = [Int](repeating: -1, count: count)
        for dep in 0..<count where holders[dep].count > 1 {
            let lowest = holders[dep].map { rank[$0] }.min()!
            for holder in holders[dep] { isHolder[holder] = dep }
            for holder in holders[dep] {
                let covered = down[holder].contains { parent in
                    reachesHolder(
                        from: parent, dep: dep, lowest: lowest, rank: rank, isHolder: isHolder,
                        settledFor: &settledFor, reaches: &reaches)
                }
                if covered { normalized[holder].removeAll { $0 == dep } }
            }
        }
        return normalized
    }

    /// Whether `start` or one of its ancestors through down_revision declares `dep`
    /// (iterative depth-first search; results are remembered in `settledFor`/`reaches`).
    private func reachesHolder(
        from start: Int, dep: Int, lowest: Int, rank: [Int], isHolder: [Int],
        settledFor: inout [Int], reaches: inout [Bool]
    ) -> Bool {
        var stack: [(node: Int, parent: Int)] = [(start, 0)]
        while let top = stack.last {
            let node = top.node
            if settledFor[node] == dep && top.parent == 0 {
                stack.removeLast()
                continue
            }
            if top.parent == 0 {
                if isHolder[node] == dep || rank[node] < lowest {
                    settledFor[node] = dep
                    reaches[node] = isHolder[node] == dep
                    stack.removeLast()
                    if reaches[node] { return settle(stack, dep: dep, settledFor: &settledFor, reaches: &reaches) }
                    continue
                }
            }
            if top.parent < down[node].count {
                let parent = down[node][top.parent]
                stack[stack.count - 1].parent += 1
                if settledFor[parent] == dep {
                    if reaches[parent] { return settle(stack, dep: dep, settledFor: &settledFor, reaches: &reaches) }
                } else {
                    stack.append((parent, 0))
                }
                continue
            }
            settledFor[node] = dep
            reaches[node] = false
            stack.removeLast()
        }
        return settledFor[start] == dep && reaches[start]
    }

    /// Marks every revision still on the search stack as reaching a holder; returns `true`.
    private func settle(_ stack: [(node: Int, parent: Int)], dep: Int, settledFor: inout [Int], reaches: inout [Bool]) -> Bool {
        for entry in stack {
            settledFor[entry.node] = dep
            reaches[entry.node] = true
        }
        return true
    }
}
