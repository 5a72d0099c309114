/// Renders revisions in the exact text Alembic's `heads`, `branches` and `history` print.
public struct AlembicTextFormat: Sendable {
    /// The graph being printed.
    var graph: RevisionGraph
    /// Turns a tree path into the absolute path Alembic shows in verbose output.
    var absolutePath: @Sendable (String) -> String

    /// Creates a formatter.
    init(graph: RevisionGraph, absolutePath: @escaping @Sendable (String) -> String) {
        self.graph = graph
        self.absolutePath = absolutePath
    }

    private func downRevisionText(_ node: RevisionGraph.Node) -> String {
        node.downRevisions.isEmpty ? "<base>" : node.downRevisions.joined(separator: ", ")
    }

    /// Alembic's `Script._head_only`.
    func headOnly(
        _ id: String, includeBranches: Bool = false, includeDoc: Bool = false,
        includeParents: Bool = false, treeIndicators: Bool = true
    ) -> String {
        let node = graph.nodes[id]!
        var text = id
        if includeParents {
            if !node.dependencies.isEmpty {
                text = "\(downRevisionText(node)) (\(node.dependencies.joined(separator: ", "))) -> \(text)"
            } else {
                text = "\(downRevisionText(node)) -> \(text)"
            }
        }
        if includeBranches, !node.labels.isEmpty {
            text += " (\(node.labels.sorted().joined(separator: ", ")))"
        }
        if node.isRealHead { text += " (head)" }
        if node.isHead, !node.isRealHead { text += " (effective head)" }
        if treeIndicators {
            if node.isBranchPoint { text += " (branchpoint)" }
            if node.isMergePoint { text += " (mergepoint)" }
        }
        if includeDoc { text += ", \(node.file.doc)" }
        return text
    }

    /// Alembic's `Script.log_entry` (verbose output); ends with a newline, as Alembic's does.
    func logEntry(_ id: String) -> String {
        let node = graph.nodes[id]!
        var entry = "Rev: \(id)"
        if node.isHead { entry += " (head)" }
        if node.isBranchPoint { entry += " (branchpoint)" }
        if node.isMergePoint { entry += " (mergepoint)" }
        entry += "\n"
        entry += node.isMergePoint ? "Merges: \(downRevisionText(node))\n" : "Parent: \(downRevisionText(node))\n"
        if !node.dependencies.isEmpty { entry += "Also depends on: \(node.dependencies.joined(separator: ", "))\n" }
        if node.isBranchPoint { entry += "Branches into: \(node.nextRevisions.joined(separator: ", "))\n" }
        if !node.labels.isEmpty { entry += "Branch names: \(node.labels.sorted().joined(separator: ", "))\n" }
        entry += "Path: \(absolutePath(node.file.path))\n"
        let body = node.file.longDoc.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)" }.joined(separator: "\n")
        entry += "\n\(node.file.longDoc.isEmpty ? "" : body)\n"
        return entry
    }

    /// `alembic heads [-v] [--resolve-dependencies]`.
    public func heads(verbose: Bool, resolveDependencies: Bool) -> String {
        let ids = resolveDependencies ? graph.realHeads : graph.heads
        return ids.map { (verbose ? logEntry($0) : headOnly($0, includeBranches: true, treeIndicators: false)) + "\n" }.joined()
    }

    /// `alembic branches [-v]`.
    func branches(verbose: Bool) -> String {
        var out = ""
        for id in graph.historyOrder() where graph.nodes[id]!.isBranchPoint {
            let node = graph.nodes[id]!
            let head = verbose ? logEntry(id) : headOnly(id, includeBranches: true)
            let pad = String(repeating: " ", count: id.count)
            let children = node.nextRevisions.map { "\(pad) -> \(headOnly($0, includeBranches: true, includeDoc: verbose))" }
            out += "\(head)\n\(children.joined(separator: "\n"))\n\n"
        }
        return out
    }

    /// `alembic history [-v]` over `ids` (already in history order).
    public func history(_ ids: [String], verbose: Bool) -> String {
        ids.map { (verbose ? logEntry($0) : headOnly($0, includeBranches: true, includeDoc: true, includeParents: true)) + "\n" }.joined()
    }
}

extension RevisionGraph {
    /// The revisions `alembic history -r lower:upper` shows, newest first.
    ///
    /// Each side may be empty, `base`, `heads`, `head`, a full or partial id, or a branch label.
    public func history(range: String?) throws(RevisionLookupError) -> [String] {
        guard let range else { return historyOrder() }
        guard let colon = range.firstIndex(of: ":") else {
            throw RevisionLookupError(message: "History range requires [start]:[end], [start]:, or :[end]")
        }
        let lowerArg = range[..<colon].trimmingCharacters(in: .whitespaces)
        let upperArg = range[range.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        var targets: [String]
        switch upperArg {
        case "", "heads": targets = realHeads
        case "head":
            guard heads.count <= 1 else {
                throw RevisionLookupError(
                    message:
                        "Multiple head revisions are present for given argument 'head'; please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads"
                )
            }
            targets = heads
        default: targets = [try resolve(upperArg)]
        }
        var needed = ancestors(of: targets)
        if lowerArg != "" && lowerArg != "base" {
            let lower = try resolve(lowerArg)
            guard needed.contains(lower) else {
                throw RevisionLookupError(
                    message:
                        "Requested range \(lowerArg):\(upperArg.isEmpty ? "heads" : upperArg) does not refer to ancestor/descendant revisions along the same branch"
                )
            }
            needed.subtract(ancestors(of: [lower]))
            needed.insert(lower)
            needed.formIntersection(descendants(of: [lower]))
        }
        return topologicalOrder(of: needed, heads: targets)
    }
}
