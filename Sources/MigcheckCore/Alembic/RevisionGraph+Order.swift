extension RevisionGraph {
    /// Revision ids in the order `alembic history` prints them (newest first).
    ///
    /// This is the order of Alembic's `_topological_sort` over `revisions`, walking down from
    /// `heads` (see ``TopologicalWalk``).
    func topologicalOrder(of revisions: Set<String>, heads: [String]) -> [String] {
        var todo = [Bool](repeating: false, count: order.count)
        for id in revisions { if let i = position[id] { todo[i] = true } }
        let starts = heads.compactMap { position[$0] }
        return topologicalOrder(todo: todo, heads: starts).map { order[$0] }
    }

    /// ``topologicalOrder(of:heads:)`` on load-order indices.
    func topologicalOrder(todo: [Bool], heads: [Int]) -> [Int] {
        guard parentIndices.count == order.count else { return [] }
        var walk = TopologicalWalk(graph: self, todo: todo, heads: heads)
        return walk.run()
    }

    /// Every revision, newest first, as `alembic history` walks them.
    func historyOrder() -> [String] {
        guard parentIndices.count == order.count else { return [] }
        let starts = realHeads.compactMap { position[$0] }
        var todo = [Bool](repeating: false, count: order.count)
        var stack = starts
        while let i = stack.popLast() {
            guard !todo[i] else { continue }
            todo[i] = true
            stack.append(contentsOf: parentIndices[i])
        }
        return topologicalOrder(todo: todo, heads: starts).map { order[$0] }
    }

    /// Revisions oldest first: every revision after all of its parents and dependencies.
    func upgradeOrder() -> [String] { historyOrder().reversed() }

    /// Resolves a revision argument: a full id, a unique prefix, or a branch label.
    func resolve(_ argument: String) throws(RevisionLookupError) -> String {
        if nodes[argument] != nil { return argument }
        if let owner = labelOwners[argument] { return owner }
        let matches = order.filter { $0.hasPrefix(argument) }
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty { throw RevisionLookupError(message: "No such revision or branch '\(argument)'") }
        throw RevisionLookupError(message: "Multiple revisions start with '\(argument)': \(matches.joined(separator: ", "))")
    }
}

/// A revision argument that names no revision, or several.
public struct RevisionLookupError: Error, CustomStringConvertible, Sendable {
    /// Alembic's wording of the problem.
    public var message: String
    public var description: String { message }
}
