extension RevisionGraph {
    /// Revision ids in the order `alembic history` prints them (newest first).
    ///
    /// This is Alembic's `_topological_sort` over `revisions`, walking down from `heads`.
    public func topologicalOrder(of revisions: Set<String>, heads: [String]) -> [String] {
        var todo = revisions
        var currentHeads = Array(Set(heads.filter { todo.contains($0) })).sorted { position[$0]! < position[$1]! }
        var ancestorsByIndex = currentHeads.map { ancestors(of: [$0]) }
        var output: [String] = []
        output.reserveCapacity(revisions.count)
        var candidateIndex = 0
        while !currentHeads.isEmpty {
            let candidate = currentHeads[candidateIndex]
            // Index-based so no copy of the array (and of the sets in it) is held while they mutate.
            var blocked = false
            for checkIndex in ancestorsByIndex.indices
            where checkIndex != candidateIndex && ancestorsByIndex[checkIndex].contains(candidate) {
                candidateIndex = checkIndex
                blocked = true
                break
            }
            if blocked { continue }
            if todo.remove(candidate) != nil { output.append(candidate) }
            let node = nodes[candidate]!
            let headsToAdd = node.normalizedDownRevisions.filter { todo.contains($0) && !currentHeads.contains($0) }
            if headsToAdd.isEmpty {
                currentHeads.remove(at: candidateIndex)
                ancestorsByIndex.remove(at: candidateIndex)
                candidateIndex = max(candidateIndex - 1, 0)
            } else if node.normalizedDependencies.isEmpty && node.downRevisions.count == 1 {
                currentHeads[candidateIndex] = headsToAdd[0]
                ancestorsByIndex[candidateIndex].remove(candidate)
            } else {
                currentHeads[candidateIndex] = headsToAdd[0]
                currentHeads.append(contentsOf: headsToAdd.dropFirst())
                ancestorsByIndex[candidateIndex] = ancestors(of: [headsToAdd[0]])
                ancestorsByIndex.append(contentsOf: headsToAdd.dropFirst().map { ancestors(of: [$0]) })
            }
        }
        return output
    }

    /// Every revision, newest first, as `alembic history` walks them.
    public func historyOrder() -> [String] {
        topologicalOrder(of: ancestors(of: realHeads), heads: realHeads)
    }

    /// Revisions oldest first: every revision after all of its parents and dependencies.
    public func upgradeOrder() -> [String] { historyOrder().reversed() }

    /// Resolves a revision argument: a full id, a unique prefix, or a branch label.
    public func resolve(_ argument: String) throws(RevisionLookupError) -> String {
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
