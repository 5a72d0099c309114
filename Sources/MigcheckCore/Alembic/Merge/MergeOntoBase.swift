import Foundation

/// `migcheck merge --onto-base`: the merge revision for a branch whose head diverged from the
/// base branch's head (the diverged-from-base finding), written before the base is merged in.
public enum MergeOntoBase {
    /// What to do.
    public enum Outcome: Sendable {
        /// Merging with the base leaves one head: nothing to do.
        case alreadySingle(base: GitBase)
        /// The working tree itself has several heads: a plain `migcheck merge` is the fix.
        case localHeads
        /// Merge `parents` (this branch's head first, then the base's), planned in `project`,
        /// whose graph is this branch's revisions plus the base's.
        case merge(project: LoadedProject, parents: [String], base: GitBase, comparison: GitComparison)
    }

    /// Compares the working tree's revisions with the base branch tip's.
    ///
    /// - Parameters:
    ///   - baseRef: `--base REF`; else `configuredBase` (`base` in [tool.migcheck]), else the usual candidates.
    public static func prepare(_ project: LoadedProject, repository: Repository, baseRef: String?, configuredBase: String?) throws
        -> Outcome
    {
        if project.graph.heads.count > 1 { return .localHeads }
        let comparison = try GitComparisonResolver.resolve(
            repository, target: .workdir, base: baseRef, configuredBase: configuredBase, since: nil)
        guard let divergence = try GitChecks.divergence(project, target: .workdir, comparison: comparison) else {
            return .alreadySingle(base: comparison.base)
        }
        var combined = project
        combined.graph = divergence.graph
        return .merge(project: combined, parents: divergence.heads.map(\.revision), base: comparison.base, comparison: comparison)
    }

    /// The heads of this branch's revisions (re-read from `project`) together with the base tip's,
    /// and the base revisions the working tree does not have yet.
    public static func headsAfterMerging(_ project: LoadedProject, comparison: GitComparison) throws -> (
        heads: [String], missingLocally: [String]
    ) {
        guard let base = try GitChecks.baseProject(for: project.environment, comparison: comparison) else {
            return (project.graph.heads, [])
        }
        let ids = Set(project.files.compactMap(\.revision))
        let paths = Set(project.files.map(\.path))
        let baseOnly = base.files.filter { file in file.revision.map { !ids.contains($0) } ?? false && !paths.contains(file.path) }
        let graph = RevisionGraph(files: project.files + baseOnly)
        return (graph.heads, baseOnly.compactMap(\.revision))
    }
}
