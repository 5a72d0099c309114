import Foundation

/// The revisions a branch adds relative to its base branch (`roundtrip --changed`): those of the
/// working tree that are not at the comparison's historical commit, which `check` resolves the
/// same way (merge base with the base branch, the first parent on the base itself, the CI event's
/// commits, or `--since`).
public struct ChangedRevisions: Sendable, Equatable {
    /// The added revision ids.
    var revisions: Set<String>
    /// What they were compared with, for messages: `origin/main (merge base 1a2b3c4)`.
    var base: String

    /// Creates the set directly.
    init(revisions: Set<String>, base: String) {
        self.revisions = revisions
        self.base = base
    }

    /// The revisions of `project` (read from the working tree) missing at `comparison.historical`;
    /// every revision when nothing is historical yet or the environment did not exist there.
    init(_ project: LoadedProject, comparison: GitComparison) throws {
        let all = Set(project.graph.order)
        let described = comparison.historicalReason
        guard let historical = comparison.historical else {
            self.init(revisions: all, base: described)
            return
        }
        let tree = try GitTree(comparison.repository, commit: historical)
        guard let environment = GitChecks.environment(project.environment, in: tree) else {
            self.init(revisions: all, base: described)
            return
        }
        let old = Set(try RevisionLoader.load(environment, from: tree).files.compactMap(\.revision))
        self.init(revisions: all.subtracting(old), base: described)
    }

    /// Resolves the comparison for `--changed` as `check` does: the CI event's plan when there is
    /// one, else `base` (`--base`), `configuredBase`, then the usual candidates; with `fetch`,
    /// missing history is fetched first.
    public static func resolve(
        _ project: LoadedProject, repository: Repository, base: String?, plan: CIPlan?, configuredBase: String?, fetch: Bool,
        note: (String) -> Void
    ) throws -> ChangedRevisions {
        let request = GitGuard.Request(target: .workdir, base: base, failClosed: true, plan: plan, fetch: fetch)
        let comparison = try GitGuard.resolveFetching(request, in: repository, configuredBase: configuredBase, fetch: fetch, note: note)
        return try ChangedRevisions(project, comparison: comparison)
    }
}
