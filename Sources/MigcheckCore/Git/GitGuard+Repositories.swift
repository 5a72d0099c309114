import Foundation

/// Environments whose migrations live in one git repository, and that repository.
///
/// The repository whose history the git rules read is the one holding the environment's config
/// file and versions directories, not necessarily the one at the working directory: a submodule
/// or a nested repository has its own history, which the working directory's repository only
/// records as a gitlink.
public struct RepositoryShare: @unchecked Sendable {
    /// The repository, or `nil` when the environments are in none (static rules only).
    var repository: Repository?
    /// Its working tree relative to the located tree's root (absolute when outside it); `nil`
    /// for the working directory's own repository.
    var prefix: String?
    /// The environments, as located on disk (paths relative to the located tree's root).
    var environments: [AlembicEnvironment]
    /// The working directory's repository, when this share is another one (a submodule of it).
    var superproject: Repository?

    /// How the first output line names a foreign repository: `submodule inner`, `repository vendor/x`.
    var label: String? {
        guard let prefix, let workdir = repository?.workdir else { return prefix }
        var isDirectory: ObjCBool = false
        let gitFile = FileManager.default.fileExists(atPath: workdir + "/.git", isDirectory: &isDirectory) && !isDirectory.boolValue
        return "\(gitFile ? "submodule" : "repository") \(prefix)"
    }
}

extension GitGuard {
    /// Groups the environments located on disk under `rootPath` by the repository that holds
    /// them, or returns `nil` when every one is in `working` (or in no repository): then the
    /// working directory's repository is checked as it always was.
    ///
    /// - Throws: ``ConfigurationError`` when an environment's config file and versions
    ///   directories are in different repositories: no single history covers it.
    public static func shares(of environments: [AlembicEnvironment], rootPath: String, working: Repository?) throws
        -> [RepositoryShare]?
    {
        let workingRoot = working?.workdir.map(realPath)
        var order: [String?] = []
        var byRoot: [String?: [AlembicEnvironment]] = [:]
        var repositories: [String: Repository] = [:]
        for environment in environments {
            var root = try owningRoot(of: environment, rootPath: rootPath).map(realPath)
            if let found = root, found != workingRoot, repositories[found] == nil {
                // A `.git` libgit2 does not open as this working tree's repository is not one.
                if let repository = try? Repository.discover(from: found), repository.workdir.map(realPath) == found {
                    repositories[found] = repository
                } else {
                    root = nil
                }
            }
            if root == workingRoot { root = nil }
            if byRoot[root] == nil { order.append(root) }
            byRoot[root, default: []].append(environment)
        }
        guard order.contains(where: { $0 != nil }) else { return nil }
        return order.map { root in
            guard let root else { return RepositoryShare(repository: working, prefix: nil, environments: byRoot[nil]!) }
            let repository = repositories[root]!
            let prefix = RelativePath.relative(root, to: realPath(rootPath)) ?? root
            return RepositoryShare(repository: repository, prefix: prefix, environments: byRoot[root]!, superproject: working)
        }
    }

    /// The working tree (the nearest directory holding `.git`) that holds `environment`'s config
    /// file and its versions directories, or `nil` when they are in no repository.
    static func owningRoot(of environment: AlembicEnvironment, rootPath: String) throws -> String? {
        let configRoot = ProjectLocator.repositoryRoot(
            above: URL(fileURLWithPath: RelativePath.directory(of: RelativePath.join(rootPath, environment.configPath))))
        for location in environment.versionLocations {
            let root = ProjectLocator.repositoryRoot(above: URL(fileURLWithPath: RelativePath.join(rootPath, location)))
            // A directory outside the tree and in no repository was never read from history.
            guard root?.path != configRoot?.path, !(location.hasPrefix("/") && root == nil) else { continue }
            throw ConfigurationError(
                path: environment.configPath,
                "its versions directory \(location) is in the git repository at \(root?.path ?? "(none)") but the config file is in \(configRoot?.path ?? "no repository"): the git rules read one repository's history per environment; keep both in one repository, or use --no-git"
            )
        }
        return configRoot?.path
    }

    /// The path with symbolic links resolved, for comparing working tree roots.
    static func realPath(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    /// Runs ``check(_:in:repository:request:)`` for each share in its own repository (its own
    /// target tree, base branch and history), and merges the reports: finding paths stay
    /// relative to `rootPath`, and the comparison names each foreign repository.
    ///
    /// - Parameters:
    ///   - strict: `--strict`, applied to every environment's settings.
    public static func check(_ shares: [RepositoryShare], rootPath: String, request: Request, strict: Bool) throws -> (
        report: Report, notes: [String]
    ) {
        var findings: [Finding] = []
        var summaries: [String: Report.EnvironmentSummary] = [:]
        var comparisons: [Report.Comparison] = []
        var notes: [String] = []
        for share in shares {
            let (report, shareNotes) = try check(share, rootPath: rootPath, request: request, strict: strict)
            findings += report.findings.map { rebased($0, prefix: share.prefix) }
            for summary in report.environments { summaries[summary.name] = summary }
            if var comparison = report.comparison {
                if let label = share.label {
                    comparison.repository = label
                    comparison.summary += " in \(label)"
                }
                comparisons.append(comparison)
            }
            notes += shareNotes.map { note in share.label.map { "\(note) (in \($0))" } ?? note }
        }
        let order = shares.flatMap(\.environments).map(\.name)
        return (
            Report(command: "check", findings: findings, environments: order.compactMap { summaries[$0] }, comparison: merged(comparisons)),
            notes
        )
    }

    /// One share: its environments read from its repository's target tree, static and git rules.
    static func check(_ share: RepositoryShare, rootPath: String, request: Request, strict: Bool) throws -> (
        report: Report, notes: [String]
    ) {
        guard let repository = share.repository else {
            guard request.target == .workdir, request.plan == nil else {
                throw ConfigurationError(
                    path: share.environments.first?.configPath, "not in a git repository (needed for --staged, --head and CI events)")
            }
            let tree = DiskTree(root: URL(fileURLWithPath: rootPath))
            let environments = try CheckedEnvironment.load(share.environments, in: tree, strict: strict)
            return (try Checker.checkStatic(environments, in: tree).report, [])
        }
        var request = try mapped(request, for: share)
        if let plan = request.plan { request.target = try target(for: plan, in: repository) }
        let tree = try tree(for: request.target, in: repository)
        let environments = try share.environments.map { try relocated($0, rootPath: rootPath, in: tree, share: share) }
        return try check(
            try CheckedEnvironment.load(environments, in: tree, strict: strict), in: tree, repository: repository, request: request)
    }

    /// `environment` (located under `rootPath`) read again from `tree`, a tree of the share's
    /// repository; it keeps its display name.
    static func relocated(_ environment: AlembicEnvironment, rootPath: String, in tree: FileTree, share: RepositoryShare) throws
        -> AlembicEnvironment
    {
        let absolute = RelativePath.join(rootPath, environment.configPath)
        let path = RelativePath.relative(realPath(absolute), to: realPath(tree.rootPath)) ?? absolute
        guard try tree.read(path) != nil else {
            throw ConfigurationError(path: environment.configPath, "not in the checked tree of \(share.label ?? "the repository")")
        }
        var found = try AlembicConfigReader.read(configPath: path, section: environment.section, in: tree)
        found.name = environment.name
        return found
    }

    /// `finding` with its path made relative to the located tree's root again.
    static func rebased(_ finding: Finding, prefix: String?) -> Finding {
        guard let prefix else { return finding }
        var finding = finding
        if let path = finding.path, !path.hasPrefix("/") { finding.path = RelativePath.join(prefix, path) }
        // The revert hint's path is the repository's own: run git there.
        finding.hint = finding.hint?.replacingOccurrences(of: "(`git checkout ", with: "(`git -C \(prefix) checkout ")
        return finding
    }

    /// One comparison for the report: the only one, or all of them in one summary line.
    static func merged(_ comparisons: [Report.Comparison]) -> Report.Comparison? {
        guard var first = comparisons.first else { return nil }
        guard comparisons.count > 1 else { return first }
        first.summary = comparisons.map(\.summary).joined(separator: "; ")
        let labels = comparisons.compactMap(\.repository)
        first.repository = labels.isEmpty ? nil : labels.joined(separator: ", ")
        return first
    }
}
