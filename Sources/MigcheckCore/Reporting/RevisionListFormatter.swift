import Foundation

/// Renders the revision lists of `heads`, `history` and `branches`: Alembic's text (through
/// ``AlembicTextFormat``) and migcheck's JSON (`{"revisions":[...]}`, sorted keys).
public enum RevisionListFormatter {
    /// One revision in the JSON list.
    struct Item: Encodable {
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

        init(_ node: RevisionGraph.Node) {
            revision = node.id
            downRevisions = node.downRevisions
            dependsOn = node.dependencies
            branchLabels = node.labels.sorted()
            path = node.file.path
            message = node.file.doc
            isHead = node.isRealHead
            isEffectiveHead = node.isHead && !node.isRealHead
            isBranchPoint = node.isBranchPoint
            isMergePoint = node.isMergePoint
            children = node.nextRevisions
        }
    }

    /// The `branches --format json` object: Alembic's branch points and, in a git repository,
    /// the branches that add revisions.
    struct BranchesReport: Encodable {
        var revisions: [Item]
        var git: BranchAnalysis?
    }

    /// The Alembic-compatible text formatter for a project.
    public static func textFormat(_ project: LoadedProject) -> AlembicTextFormat {
        let root = project.tree.rootPath
        return AlembicTextFormat(graph: project.graph) { RelativePath.join(root, $0) }
    }

    /// `{"revisions":[...]}` for the given ids, in order.
    public static func json(_ ids: [String], project: LoadedProject) -> String {
        encode(["revisions": items(ids, project: project)])
    }

    /// `branches` text: Alembic's branch points, then the git section when it has anything to say.
    public static func branchesText(_ project: LoadedProject, verbose: Bool, git: BranchAnalysis?) -> String {
        var text = textFormat(project).branches(verbose: verbose)
        if let git, !git.branches.isEmpty || !git.skipped.isEmpty { text += "\n" + git.text() }
        return text
    }

    /// `branches` JSON: the branch points as `revisions` and the analysis as `git`, if any.
    public static func branchesJSON(_ project: LoadedProject, git: BranchAnalysis?) -> String {
        let graph = project.graph
        let points = graph.historyOrder().filter { graph.nodes[$0]!.isBranchPoint }
        return encode(BranchesReport(revisions: items(points, project: project), git: git))
    }

    private static func items(_ ids: [String], project: LoadedProject) -> [Item] {
        ids.map { Item(project.graph.nodes[$0]!) }
    }

    /// Pretty, sorted, slashes unescaped, with a final newline.
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
