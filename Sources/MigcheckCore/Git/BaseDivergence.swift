import Foundation

/// The heads that merging a branch's revisions with the base's would leave.
struct BaseDivergence: Sendable {
    /// One head of the merged graph.
    struct Head: Sendable, Hashable {
        /// The revision id.
        var revision: String
        /// Its file (tree path).
        var path: String
        /// The line of its `revision =` assignment.
        var line: Int?
        /// Whether the head comes from the base branch (else from the target).
        var fromBase: Bool
    }
    /// The heads of the merged graph, target's first.
    var heads: [Head]
    /// The nearest revisions both sides build on (usually one).
    var sharedParents: [String]
    /// The merged graph.
    var graph: RevisionGraph

    /// Merges the target's revision files with the base's (the target's version wins where both have
    /// a file for the same path) and returns the divergence when the result has more than one head
    /// and at least one of them exists only on the base. `nil` otherwise, and when the target alone
    /// already has several heads.
    static func analyze(target: LoadedProject, base: LoadedProject) -> BaseDivergence? {
        analyze(target: target, baseFiles: base.files)
    }

    /// As ``analyze(target:base:)``, given only the base's files that may differ from the target's
    /// (the others are in the target already and change nothing).
    static func analyze(target: LoadedProject, baseFiles: [RevisionFile]) -> BaseDivergence? {
        let targetIDs = Set(target.files.compactMap(\.revision))
        let targetPaths = Set(target.files.map(\.path))
        var files = target.files
        var added = false
        for file in baseFiles where !targetPaths.contains(file.path) {
            guard let id = file.revision, !targetIDs.contains(id) else { continue }
            files.append(file)
            added = true
        }
        // Nothing the target lacks: merging changes no head.
        guard added else { return nil }
        let merged = RevisionGraph(files: files)
        // A target that already has several heads gets multiple-heads; this rule is about the base.
        guard target.graph.heads.count <= 1, merged.isLoadable, merged.heads.count > 1 else { return nil }
        let baseOnly = merged.heads.filter { !targetIDs.contains($0) }
        guard !baseOnly.isEmpty else { return nil }
        let heads = merged.heads.map { id -> Head in
            let file = merged.nodes[id]!.file
            return Head(revision: id, path: file.path, line: file.lines[.revision], fromBase: !targetIDs.contains(id))
        }.sorted { ($0.fromBase ? 1 : 0, $0.revision) < ($1.fromBase ? 1 : 0, $1.revision) }
        return BaseDivergence(heads: heads, sharedParents: nearestCommonAncestors(merged, heads.map(\.revision)), graph: merged)
    }

    /// The common ancestors of `ids` that are not ancestors of another common ancestor.
    static func nearestCommonAncestors(_ graph: RevisionGraph, _ ids: [String]) -> [String] {
        var common: Set<String>?
        for id in ids {
            let ancestors = graph.ancestors(of: [id]).subtracting([id])
            common = common.map { $0.intersection(ancestors) } ?? ancestors
        }
        guard let common, !common.isEmpty else { return [] }
        let parents = common.flatMap { graph.nodes[$0]?.normalizedDownRevisions ?? [] }
        let strictAncestors = graph.ancestors(of: parents)
        let nearest = common.subtracting(strictAncestors)
        return nearest.sorted()
    }
}
