import Foundation

/// `migcheck check` with git: the static rules on the target tree plus the git rules.
public enum GitGuard {
    /// What to check and against what.
    public struct Request: Sendable {
        /// The target (working tree, index or a commit).
        var target: GitTarget
        /// `--base REF`, if given.
        var base: String?
        /// `--since REV`, if given.
        var since: String?
        /// Fail when history is missing (CI) instead of warning and running the static rules only.
        var failClosed: Bool
        /// The CI event's (or pre-push hook's) plan; it supplies the base and `since` and always
        /// fails closed.
        var plan: CIPlan?
        /// Fetch missing history with `git fetch` before failing (`--fetch`; also the `fetch` setting).
        var fetch: Bool

        /// Creates a request.
        public init(
            target: GitTarget, base: String? = nil, since: String? = nil, failClosed: Bool = false,
            plan: CIPlan? = nil, fetch: Bool = false
        ) {
            self.fetch = fetch
            self.target = target
            self.base = base
            self.since = since
            self.failClosed = failClosed
            self.plan = plan
        }
    }

    /// The tree the static rules read for `target`.
    public static func tree(for target: GitTarget, in repository: Repository) throws -> FileTree {
        switch target {
        case .workdir:
            guard let workdir = repository.workdir else {
                throw ConfigurationError(path: repository.gitDirectory, "this is a bare repository: it has no working tree; use --head REV")
            }
            return DiskTree(root: URL(fileURLWithPath: workdir))
        case .index:
            return try IndexTree(repository)
        case .commit(let spec):
            guard let id = try repository.resolveCommitIfPresent(spec) else {
                throw ConfigurationError(path: nil, "--head \(spec): no such commit")
            }
            return try GitTree(repository, commit: id)
        }
    }

    /// Resolves the comparison; when history is missing and fetching is on, runs `git fetch`
    /// (reported through `note`) and resolves once more in the reopened repository.
    static func resolveFetching(
        _ request: Request, in repository: Repository, configuredBase: String?, fetch: Bool, note: (String) -> Void
    ) throws -> GitComparison {
        func resolve(_ repository: Repository) throws -> GitComparison {
            if let plan = request.plan {
                return try self.resolve(plan, target: request.target, in: repository, configuredBase: configuredBase)
            }
            return try GitComparisonResolver.resolve(
                repository, target: request.target, base: request.base, configuredBase: configuredBase, since: request.since)
        }
        do {
            return try resolve(repository)
        } catch let missing as HistoryUnavailable {
            guard request.fetch || fetch else { throw missing }
            let need = HistoryFetcher.need(plan: request.plan, base: request.base ?? configuredBase)
            let log = try HistoryFetcher.fetch(need, in: repository)
            for entry in log { note("fetched missing history: \(entry.command)\(entry.error.map { " (failed: \($0))" } ?? "")") }
            guard let reopened = try Repository.discover(from: repository.workdir ?? repository.gitDirectory) else { throw missing }
            do {
                return try resolve(reopened)
            } catch let stillMissing as HistoryUnavailable {
                let tried =
                    log.isEmpty
                    ? "nothing to fetch" : log.map { $0.command + ($0.error.map { " failed: \($0)" } ?? "") }.joined(separator: "; ")
                throw HistoryUnavailable(message: "\(stillMissing.message) (after --fetch: \(tried))", fix: stillMissing.fix)
            }
        }
    }

    /// Runs the static rules on `tree` and the git rules against the base; the first
    /// environment's settings choose the base branch and whether to fetch.
    ///
    /// - Returns: the report and notes for standard error (missing history when not failing closed).
    ///
    /// - Throws: a ``GitError`` names the repository (a missing or damaged object's id alone
    ///   does not say where to run `git fsck`).
    public static func check(
        _ environments: [CheckedEnvironment], in tree: FileTree, repository: Repository,
        request: Request
    ) throws -> (report: Report, notes: [String]) {
        do {
            return try checkNamingNoRepository(environments, in: tree, repository: repository, request: request)
        } catch let error as GitError {
            throw error.naming(repository: repository.rootPath)
        }
    }

    /// ``check(_:in:repository:request:)`` without the repository added to git errors.
    static func checkNamingNoRepository(
        _ environments: [CheckedEnvironment], in tree: FileTree, repository: Repository,
        request: Request
    ) throws -> (report: Report, notes: [String]) {
        let (staticReport, projects) = try Checker.checkStatic(environments, in: tree)
        var findings = staticReport.findings
        var notes: [String] = []
        guard let firstSettings = projects.first?.settings else { return (staticReport, notes) }
        let comparison: GitComparison
        do {
            comparison = try resolveFetching(request, in: repository, configuredBase: firstSettings.base, fetch: firstSettings.fetch) {
                notes.append($0)
            }
        } catch let missing as HistoryUnavailable {
            if request.failClosed || request.plan != nil { throw missing }
            notes.append("warning: git rules skipped: \(missing.message); fix: \(missing.fix)")
            return (staticReport, notes)
        }
        for checked in projects {
            let settings = checked.settings
            findings += settings.apply(
                try GitChecks.run(checked.project, target: request.target, comparison: comparison, settings: settings))
        }
        let described = describe(comparison, target: request.target, plan: request.plan)
        return (
            Report(command: "check", findings: findings, environments: staticReport.environments, comparison: described), notes
        )
    }
}
