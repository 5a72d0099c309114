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

    /// The parents as Alembic prints them: `<base>`, or the ids joined by commas.
    private func downRevisionText(_ i: Int) -> String {
        let down = graph.nodes.down[i]
        if down.isEmpty { return "<base>" }
        return down.count == 1 ? graph.nodes.ids[down[0]] : down.map { graph.nodes.ids[$0] }.joined(separator: ", ")
    }

    /// The load-order index of `id`, which must be in the graph.
    private func index(_ id: String) -> Int {
        guard let i = graph.nodes.position[id] else { preconditionFailure("revision \(id) is not in the graph") }
        return i
    }

    /// Alembic's `Script._head_only`.
    ///
    /// Reads the graph's index arrays directly (`history` calls this for every revision;
    /// assembling a ``RevisionGraph/Node`` each time cost a tenth of the command).
    func headOnly(
        _ id: String, includeBranches: Bool = false, includeDoc: Bool = false,
        includeParents: Bool = false, treeIndicators: Bool = true
    ) -> String {
        let i = index(id)
        let file = graph.nodes.fileIndex[i]
        var text = id
        if includeParents {
            let dependencies = graph.nodes.files[file].dependsOn
            if !dependencies.isEmpty {
                text = "\(downRevisionText(i)) (\(dependencies.joined(separator: ", "))) -> \(text)"
            } else {
                text = "\(downRevisionText(i)) -> \(text)"
            }
        }
        if includeBranches, !graph.nodes.labels.isEmpty, !graph.nodes.labels[i].isEmpty {
            text += " (\(graph.nodes.labels[i].sorted().joined(separator: ", ")))"
        }
        let isHead = graph.nodes.next[i].isEmpty, isRealHead = graph.nodes.allNext[i].isEmpty
        if isRealHead { text += " (head)" }
        if isHead, !isRealHead { text += " (effective head)" }
        if treeIndicators {
            if graph.nodes.next[i].count > 1 { text += " (branchpoint)" }
            if graph.nodes.down[i].count > 1 { text += " (mergepoint)" }
        }
        if includeDoc { text += ", \(RevisionFile.doc(graph.nodes.files[file].docstring))" }
        return text
    }

    /// Alembic's `Script.log_entry` (verbose output); ends with a newline, as Alembic's does.
    func logEntry(_ id: String) -> String {
        let i = index(id)
        let nodes = graph.nodes
        let file = nodes.files[nodes.fileIndex[i]]
        let isBranchPoint = nodes.next[i].count > 1, isMergePoint = nodes.down[i].count > 1
        var entry = "Rev: \(id)"
        if nodes.next[i].isEmpty { entry += " (head)" }
        if isBranchPoint { entry += " (branchpoint)" }
        if isMergePoint { entry += " (mergepoint)" }
        entry += "\n"
        entry += isMergePoint ? "Merges: \(downRevisionText(i))\n" : "Parent: \(downRevisionText(i))\n"
        if !file.dependsOn.isEmpty { entry += "Also depends on: \(file.dependsOn.joined(separator: ", "))\n" }
        if isBranchPoint { entry += "Branches into: \(nodes.next[i].map { nodes.ids[$0] }.joined(separator: ", "))\n" }
        if !nodes.labels.isEmpty, !nodes.labels[i].isEmpty {
            entry += "Branch names: \(nodes.labels[i].sorted().joined(separator: ", "))\n"
        }
        entry += "Path: \(absolutePath(file.path))\n"
        let longDoc = file.longDoc
        let body = longDoc.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)" }.joined(separator: "\n")
        entry += "\n\(longDoc.isEmpty ? "" : body)\n"
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
