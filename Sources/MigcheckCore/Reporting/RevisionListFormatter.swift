import Foundation
import MigcheckCore

/// JSON and text renderings of revision lists for `heads`, `branches` and `history`.
enum RevisionJSON {
    private struct Item: Encodable {
        var revision: String
        var downRevisions: [String]
        var dependsOn: [String]
        var branchLabels: [String]
        var path: String
        var message: String
        var isHead: Bool
        var isEffectiveHead: Bool
        var isBranchPoint: Bool
        var isMergePoint: Bool
        var children: [String]

        enum CodingKeys: String, CodingKey {
            case revision, path, message, children
            case downRevisions = "down_revisions"
            case dependsOn = "depends_on"
            case branchLabels = "branch_labels"
            case isHead = "head"
            case isEffectiveHead = "effective_head"
            case isBranchPoint = "branchpoint"
            case isMergePoint = "mergepoint"
        }
    }

    /// The Alembic-compatible text formatter for a project.
    static func textFormat(_ project: LoadedProject) -> AlembicTextFormat {
        let root = project.tree.rootPath
        return AlembicTextFormat(graph: project.graph) { RelativePath.join(root, $0) }
    }

    /// `{"revisions":[...]}` for the given ids, in order.
    static func render(_ ids: [String], project: LoadedProject) -> String {
        let items = ids.map { id -> Item in
            let node = project.graph.nodes[id]!
            return Item(
                revision: id, downRevisions: node.downRevisions, dependsOn: node.dependencies,
                branchLabels: node.labels.sorted(), path: node.file.path, message: node.file.doc,
                isHead: node.isRealHead, isEffectiveHead: node.isHead && !node.isRealHead,
                isBranchPoint: node.isBranchPoint, isMergePoint: node.isMergePoint, children: node.nextRevisions)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(["revisions": items])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
