import Foundation

extension GitChecks {
    /// What the history rules need while they walk the changes since the historical commit.
    struct HistoryContext {
        /// The environment being checked (the target's files).
        var project: LoadedProject
        /// The environment as the historical commit's config reads it.
        var oldEnvironment: AlembicEnvironment
        /// The historical commit's tree.
        var historicalTree: GitTree
        /// The comparison (repository, historical commit and why).
        var comparison: GitComparison
        /// The environment's settings (allowed edits, comment changes).
        var settings: MigcheckSettings

        /// The environment's display name, for findings.
        var environmentName: String { project.environment.name }
        /// Where the revisions already are, for messages (`origin/main (merge base …)`).
        var since: String { comparison.historicalReason }
    }

    /// edited-, deleted- and moved-migration: every revision file of the historical commit that
    /// the target changed, deleted or moved.
    static func historyFindings(
        _ project: LoadedProject, target: GitTarget, comparison: GitComparison,
        settings: MigcheckSettings
    ) throws -> [Finding] {
        guard let historical = comparison.historical else { return [] }
        let repository = comparison.repository
        let historicalTree = try GitTree(repository, commit: historical)
        guard let oldEnvironment = environment(project.environment, in: historicalTree) else { return [] }
        let locations = Set(oldEnvironment.versionLocations + project.environment.versionLocations).filter { !$0.hasPrefix("/") }.sorted()
        guard !locations.isEmpty, let diffTarget = comparison.pinned(target) else { return [] }
        let context = HistoryContext(
            project: project, oldEnvironment: oldEnvironment, historicalTree: historicalTree, comparison: comparison,
            settings: settings)
        return try repository.diff(from: historical, to: diffTarget, paths: locations).compactMap { try finding(for: $0, context) }
    }

    /// The finding for one changed file, or `nil` when the change is allowed or concerns no
    /// historical revision.
    static func finding(for change: FileChange, _ context: HistoryContext) throws -> Finding? {
        guard change.status != .added, change.status != .copied,
            isVersionFile(change.oldPath, of: context.oldEnvironment),
            let oldBlob = try change.oldBlob ?? context.historicalTree.blobID(change.oldPath)
        else { return nil }
        let oldData = try context.comparison.repository.blob(oldBlob)
        guard let id = revisionID(oldData, path: change.oldPath) else { return nil }
        let tree = context.project.tree
        switch change.status {
        case .renamed:
            guard let newData = try tree.read(change.newPath) else { return nil }
            if revisionID(newData, path: change.newPath) != id {
                // Rename detection paired the file with a similar new revision: a deletion plus an addition.
                return try deletionFinding(id, change, oldData, context)
            }
            return movedFinding(id, change, oldData, newData, context)
        case .deleted:
            return try deletionFinding(id, change, oldData, context)
        case .modified, .typeChanged:
            guard let newData = try tree.read(change.newPath) else { return nil }
            return editedFinding(id, change, oldData, newData, context)
        case .added, .copied:
            return nil
        }
    }

    /// A historical revision's file is gone: deleted, or moved and changed so much that rename
    /// detection missed it (the revision lives on elsewhere in the target).
    static func deletionFinding(_ id: String, _ change: FileChange, _ oldData: Data, _ context: HistoryContext) throws -> Finding {
        guard let node = context.project.graph.nodes[id] else {
            return Finding(
                rule: .deletedMigration, revision: id, path: change.oldPath, line: nil,
                message: "revision \(id) (\(change.oldPath)) was deleted; it is already on \(context.since)",
                environment: context.environmentName)
        }
        let newData = try context.project.tree.read(node.file.path) ?? Data()
        let described = ContentComparison.describe(old: oldData, new: newData, path: node.file.path)
        return Finding(
            rule: .movedMigration, severity: .error, revision: id, path: node.file.path, line: node.file.lines[.revision],
            message:
                "revision \(id) was moved from \(change.oldPath) to \(node.file.path) and changed (\(described)); it is already on \(context.since)",
            environment: context.environmentName)
    }

    /// A historical revision's file was renamed: out of the versions directory (Alembic no longer
    /// loads it), unchanged (a warning), or changed without an allowance.
    static func movedFinding(_ id: String, _ change: FileChange, _ oldData: Data, _ newData: Data, _ context: HistoryContext)
        -> Finding?
    {
        let env = context.environmentName
        if !isVersionFile(change.newPath, of: context.project.environment) {
            return Finding(
                rule: .deletedMigration, revision: id, path: change.oldPath, line: nil,
                message:
                    "revision \(id) was moved out of the versions directory, from \(change.oldPath) to \(change.newPath); Alembic no longer loads it",
                environment: env)
        }
        if ContentComparison.sameIgnoringLineEndings(oldData, newData) {
            return Finding(
                rule: .movedMigration, severity: .warning, revision: id, path: change.newPath, line: 1,
                message: "revision \(id) was moved from \(change.oldPath) to \(change.newPath) (content unchanged)",
                environment: env)
        }
        if isAllowed(id, newData, context.settings) { return nil }
        return Finding(
            rule: .movedMigration, severity: .error, revision: id, path: change.newPath,
            line: ContentComparison.firstChangedLine(old: oldData, new: newData),
            message:
                "revision \(id) was moved from \(change.oldPath) to \(change.newPath) and changed: \(ContentComparison.describe(old: oldData, new: newData, path: change.newPath)); it is already on \(context.since)",
            environment: env)
    }

    /// A historical revision's file was edited in place, beyond line endings (and comments when
    /// the settings ignore them), without an allowance.
    static func editedFinding(_ id: String, _ change: FileChange, _ oldData: Data, _ newData: Data, _ context: HistoryContext)
        -> Finding?
    {
        if ContentComparison.sameIgnoringLineEndings(oldData, newData) { return nil }
        if context.settings.ignoreCommentChanges, ContentComparison.sameIgnoringComments(oldData, newData) { return nil }
        if isAllowed(id, newData, context.settings) { return nil }
        let historical = context.comparison.historical?.short ?? ""
        return Finding(
            rule: .editedMigration, revision: id, path: change.newPath,
            line: ContentComparison.firstChangedLine(old: oldData, new: newData),
            message:
                "revision \(id) was edited after it reached \(context.since): \(ContentComparison.describe(old: oldData, new: newData, path: change.newPath))",
            hint:
                "Revert the edit (`git checkout \(historical) -- \(change.newPath)`) and write a new revision instead; if the edit is intended, add [[tool.migcheck.allow-edits]] revision = \"\(id)\", blob = \"\(ObjectID.blob(of: newData).hex)\".",
            environment: context.environmentName)
    }
}
