import Foundation

extension GitGuard {
    /// The target a plan selects: its commit, or `HEAD` when the working tree is clean.
    public static func target(for plan: CIPlan, in repository: Repository) throws -> GitTarget {
        switch plan.target {
        case .commit(let spec): return .commit(spec)
        case .headIfClean:
            guard let head = try repository.head(), repository.workdir != nil else {
                return repository.workdir == nil ? .commit("HEAD") : .workdir
            }
            return try repository.diff(from: head, to: .workdir).isEmpty ? .commit("HEAD") : .workdir
        }
    }

    /// Resolves a plan: the first base candidate present in the repository (the first one named
    /// in the error when none is), and its `since` commit, which must be present: a plan never
    /// falls back to a narrower comparison.
    static func resolve(_ plan: CIPlan, target: GitTarget, in repository: Repository, configuredBase: String?) throws
        -> GitComparison
    {
        var base: String? = nil
        for candidate in plan.baseCandidates where try repository.resolveCommitIfPresent(candidate) != nil {
            base = candidate
            break
        }
        if base == nil, configuredBase == nil, let first = plan.baseCandidates.first {
            // Let the resolver report the missing base with its fix.
            base = first
        }
        if let since = plan.since, try repository.resolveCommitIfPresent(since) == nil {
            throw HistoryUnavailable(
                message:
                    "\(plan.label): \(plan.why) \(String(since.prefix(7))) is not in this clone\(repository.isShallow ? " (shallow clone)" : "")",
                fix:
                    "fetch the history: with actions/checkout set `fetch-depth: 0`, on GitLab set `GIT_DEPTH: 0`, or pass --fetch to let migcheck run `git fetch`"
            )
        }
        return try GitComparisonResolver.resolve(repository, target: target, base: base, configuredBase: configuredBase, since: plan.since)
    }

    /// What the comparison was, for the report's first line and the JSON summary.
    static func describe(_ comparison: GitComparison, target: GitTarget, plan: CIPlan?) -> Report.Comparison {
        let targetName: String
        switch target {
        case .workdir: targetName = "working tree"
        case .index: targetName = "index"
        case .commit(let spec): targetName = spec.count == 40 ? String(spec.prefix(7)) : spec
        }
        let range = "\(comparison.historical?.short ?? "(nothing merged)")..\(targetName)"
        let why: String
        if let plan {
            why = plan.since != nil ? plan.why : "\(plan.why): \(comparison.historicalReason)"
        } else {
            why = comparison.historicalReason
        }
        return Report.Comparison(
            source: plan?.label, target: targetName, base: comparison.base.ref, historical: comparison.historical?.hex,
            summary: "\(plan?.label ?? "git"): \(range) (\(why))")
    }
}
