import Foundation

/// What `migcheck check` compares with the base, and what a diff reads on its new side: the
/// working tree, the index or a commit.
public enum GitTarget: Sendable, Hashable {
    /// The files on disk (default).
    case workdir
    /// The index (`--staged`).
    case index
    /// A commit (`--head REV`): any revision spec, or an ``ObjectID/hex``.
    case commit(String)
}

extension GitComparison {
    /// `target` as the diffs of this comparison read it: a commit spec replaced by the commit it
    /// resolved to when the comparison was made; `nil` for a commit target that did not resolve.
    func pinned(_ target: GitTarget) -> GitTarget? {
        guard case .commit = target else { return target }
        return targetCommit.map { .commit($0.hex) }
    }
}

/// The base branch: the ref as named and the commit it points at.
public struct GitBase: Sendable, Hashable {
    /// The ref as given or found (`origin/main`).
    public var ref: String
    /// Its commit.
    public var commit: ObjectID
}

/// History needed for the git rules is not there (shallow clone, missing base, unrelated history).
public struct HistoryUnavailable: Error, CustomStringConvertible, Sendable {
    /// What is missing.
    var message: String
    /// The exact command or setting that fixes it.
    var fix: String

    public var description: String { "\(message); fix: \(fix)" }
}

/// The resolved comparison: which commit holds the "historical" revisions, and the base tip.
public struct GitComparison: @unchecked Sendable {
    /// The repository.
    var repository: Repository
    /// The base branch.
    public var base: GitBase
    /// The target commit (`HEAD` for the index and the working tree; `nil` on an unborn branch).
    var targetCommit: ObjectID?
    /// merge-base(base, target), when it exists.
    var mergeBase: ObjectID?
    /// The commit whose revisions count as merged: the merge base, the target's first parent when
    /// the target is on the base branch itself, or `--since`. `nil` = nothing is historical yet.
    var historical: ObjectID?
    /// How ``historical`` was chosen, for messages.
    var historicalReason: String
}

/// Resolves base refs, merge bases and the historical commit for the git rules.
///
/// This is the library API other commands (`migcheck merge --onto-base`) use too.
public enum GitComparisonResolver {
    /// The automatic base candidates, in order.
    static let automaticBases = ["origin/HEAD", "origin/main", "origin/master", "main", "master"]

    /// Resolves the base branch: `explicit`, else `configured`, else the first automatic candidate
    /// that exists.
    public static func resolveBase(_ repository: Repository, explicit: String?, configured: String?) throws -> GitBase {
        if let name = explicit ?? configured {
            guard let id = try repository.resolveCommitIfPresent(name) else {
                throw HistoryUnavailable(
                    message: "the base '\(name)' is not in this repository\(repository.isShallow ? " (shallow clone)" : "")",
                    fix: fetchFix(for: name))
            }
            return GitBase(ref: name, commit: id)
        }
        for candidate in automaticBases {
            if let id = try repository.resolveCommitIfPresent(candidate) {
                var ref = candidate
                if candidate == "origin/HEAD", let target = try? repository.symbolicTarget("refs/remotes/origin/HEAD") {
                    ref = target.replacingOccurrences(of: "refs/remotes/", with: "")
                }
                return GitBase(ref: ref, commit: id)
            }
        }
        throw HistoryUnavailable(
            message: "no base branch found (tried \(automaticBases.joined(separator: ", ")))",
            fix:
                "`git fetch origin main` (with actions/checkout: `fetch-depth: 0`), or name one with --base REF or `base = \"...\"` in [tool.migcheck]"
        )
    }

    /// The fix for a missing ref: `git fetch <remote> <branch>` plus the actions/checkout setting.
    static func fetchFix(for ref: String) -> String {
        let parts = ref.split(separator: "/", maxSplits: 1)
        let command = parts.count == 2 && !ref.hasPrefix("refs/") ? "git fetch \(parts[0]) \(parts[1])" : "git fetch origin \(ref)"
        return "`\(command)` (with actions/checkout: set `fetch-depth: 0`)"
    }

    /// Resolves base, target and the historical commit.
    ///
    /// - Parameters:
    ///   - since: `--since REV`: the historical commit, explicitly.
    static func resolve(
        _ repository: Repository, target: GitTarget, base explicitBase: String?,
        configuredBase: String?, since: String?
    ) throws -> GitComparison {
        let base = try resolveBase(repository, explicit: explicitBase, configured: configuredBase)
        let targetCommit = try commit(of: target, in: repository)
        if let since {
            return try sinceComparison(repository, base: base, targetCommit: targetCommit, since: since)
        }
        guard let targetCommit else {
            // Unborn branch: nothing is committed here, the base's revisions are all historical.
            return GitComparison(
                repository: repository, base: base, targetCommit: nil, mergeBase: nil,
                historical: base.commit, historicalReason: base.ref)
        }
        let mergeBase = try requireMergeBase(repository, base: base, target: target, targetCommit: targetCommit)
        if case .commit = target, mergeBase == targetCommit {
            return try firstParentComparison(repository, base: base, targetCommit: targetCommit)
        }
        return GitComparison(
            repository: repository, base: base, targetCommit: targetCommit, mergeBase: mergeBase,
            historical: mergeBase, historicalReason: "\(base.ref) (merge base \(mergeBase.short))")
    }

    /// The commit `target` stands for: the `--head` commit, else HEAD (`nil` on an unborn branch).
    static func commit(of target: GitTarget, in repository: Repository) throws -> ObjectID? {
        switch target {
        case .commit(let spec):
            guard let id = try repository.resolveCommitIfPresent(spec) else {
                throw ConfigurationError(path: nil, "--head \(spec): no such commit")
            }
            return id
        case .index, .workdir:
            return try repository.head()
        }
    }

    /// The comparison `--since REV` asks for: REV is the historical commit.
    static func sinceComparison(
        _ repository: Repository, base: GitBase, targetCommit: ObjectID?, since: String
    ) throws -> GitComparison {
        let shallowNote = repository.isShallow ? "this is a shallow clone, so " : ""
        guard let id = try repository.resolveCommitIfPresent(since) else {
            throw HistoryUnavailable(
                message: "--since \(since): \(shallowNote)the commit is not in this repository",
                fix: repository.isShallow
                    ? "`git fetch --unshallow` (with actions/checkout: set `fetch-depth: 0`)" : fetchFix(for: since))
        }
        let mb = try targetCommit.flatMap { try repository.mergeBase(base.commit, $0) }
        return GitComparison(
            repository: repository, base: base, targetCommit: targetCommit, mergeBase: mb,
            historical: id, historicalReason: "\(since) (--since)")
    }

    /// The merge base of the base branch and the target; its absence (a shallow clone, unrelated
    /// histories) is ``HistoryUnavailable`` with the fetch that would fix it.
    static func requireMergeBase(
        _ repository: Repository, base: GitBase, target: GitTarget, targetCommit: ObjectID
    ) throws -> ObjectID {
        if let mergeBase = try repository.mergeBase(base.commit, targetCommit) { return mergeBase }
        let shallowNote = repository.isShallow ? "this is a shallow clone, so " : ""
        throw HistoryUnavailable(
            message:
                "\(shallowNote)the merge base of \(base.ref) and \(target == .workdir || target == .index ? "HEAD" : targetCommit.short) is not in the history",
            fix: repository.isShallow
                ? "fetch the full history: with actions/checkout set `fetch-depth: 0`, or run `git fetch --unshallow origin` (or at least `\(fetchFix(for: base.ref).split(separator: "`")[0])`)"
                : fetchFix(for: base.ref))
    }

    /// On the base branch itself (push to main, merge queue): the target's own changes are those
    /// since its first parent.
    static func firstParentComparison(
        _ repository: Repository, base: GitBase, targetCommit: ObjectID
    ) throws -> GitComparison {
        let commit = try repository.commit(targetCommit)
        guard let parent = commit.parents.first else {
            return GitComparison(
                repository: repository, base: base, targetCommit: targetCommit, mergeBase: targetCommit,
                historical: nil, historicalReason: "root commit")
        }
        guard repository.contains(parent) else {
            throw HistoryUnavailable(
                message: "\(targetCommit.short) is on \(base.ref) and its parent \(parent.short) is not in the history (shallow clone)",
                fix: "with actions/checkout set `fetch-depth: 0` (or at least 2), or run `git fetch --deepen=1`")
        }
        return GitComparison(
            repository: repository, base: base, targetCommit: targetCommit, mergeBase: targetCommit,
            historical: parent, historicalReason: "\(base.ref) (first parent \(parent.short) of \(targetCommit.short))")
    }
}
