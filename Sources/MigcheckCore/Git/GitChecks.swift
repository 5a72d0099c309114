import Foundation

/// The git rules: edited-, deleted- and moved-migration against the historical commit, and
/// diverged-from-base against the base branch's tip.
enum GitChecks {
    /// Runs the git rules for one environment. Severities are not applied here (except that an
    /// unchanged move is a warning).
    static func run(
        _ project: LoadedProject, target: GitTarget, comparison: GitComparison,
        settings: MigcheckSettings
    ) throws -> [Finding] {
        var findings = try historyFindings(project, target: target, comparison: comparison, settings: settings)
        if let finding = try divergenceFinding(project, target: target, comparison: comparison) { findings.append(finding) }
        return findings
    }

    /// The environment as its config reads in `tree`, or `nil` when the config is not there.
    static func environment(_ environment: AlembicEnvironment, in tree: FileTree) -> AlembicEnvironment? {
        guard (try? tree.read(environment.configPath)) != nil else { return nil }
        return try? AlembicConfigReader.read(configPath: environment.configPath, section: environment.section, in: tree)
    }

    /// Whether `path` is a file Alembic would load from `environment`'s version locations.
    static func isVersionFile(_ path: String, of environment: AlembicEnvironment) -> Bool {
        guard RevisionLoader.isRevisionFileName(RelativePath.name(of: path)) else { return false }
        let directory = RelativePath.directory(of: path)
        for location in environment.versionLocations {
            if directory == location { return true }
            if environment.recursiveVersionLocations, RelativePath.relative("/" + directory, to: "/" + location) != nil,
                !path.contains("/__pycache__/")
            {
                return true
            }
        }
        return false
    }

    /// The revision id a file's bytes declare, if any.
    static func revisionID(_ data: Data, path: String) -> String? {
        RevisionFileParser.parse(path: path, data: data).revision
    }

    /// Whether the allowlist sanctions exactly this content of `revision`.
    static func isAllowed(_ revision: String, _ data: Data, _ settings: MigcheckSettings) -> Bool {
        guard let blob = settings.allowedEdits[revision]?.lowercased() else { return false }
        let actual = ObjectID.blob(of: data).hex
        return blob.count >= 7 && actual.hasPrefix(blob)
    }

    /// diverged-from-base: the target's revisions merged with the base tip's graph.
    static func divergenceFinding(_ project: LoadedProject, target: GitTarget, comparison: GitComparison) throws -> Finding? {
        guard let divergence = try divergence(project, target: target, comparison: comparison) else { return nil }
        let described = divergence.heads.map { head in
            "\(head.revision) (\(head.path), \(head.fromBase ? "on \(comparison.base.ref)" : "this branch"))"
        }
        let parents =
            divergence.sharedParents.isEmpty ? "no shared parent" : "both build on \(divergence.sharedParents.joined(separator: ", "))"
        let mine = divergence.heads.first { !$0.fromBase } ?? divergence.heads[0]
        let baseHead = divergence.heads.first { $0.fromBase }!
        return Finding(
            rule: .divergedFromBase, revision: mine.revision, path: mine.path, line: mine.line,
            message:
                "merging into \(comparison.base.ref) would leave \(divergence.heads.count) heads: \(described.joined(separator: " and ")); \(parents)",
            hint:
                "Run `migcheck merge --onto-base` to write a merge revision, or re-point this branch's first revision's down_revision at \(baseHead.revision).",
            environment: project.environment.name)
    }

    /// The divergence between the target's revisions and the base tip's, or `nil` when merging
    /// them leaves one head. Library API for `migcheck merge --onto-base`.
    ///
    /// Only the base files that differ from the target (found with a diff limited to the version
    /// locations) are read and parsed, so this costs little on large histories.
    static func divergence(_ project: LoadedProject, target: GitTarget, comparison: GitComparison) throws -> BaseDivergence? {
        guard project.graph.heads.count <= 1 else { return nil }
        let repository = comparison.repository
        let baseTree = try GitTree(repository, commit: comparison.base.commit)
        guard let baseEnvironment = environment(project.environment, in: baseTree) else { return nil }
        let locations = Set(baseEnvironment.versionLocations + project.environment.versionLocations).filter { !$0.hasPrefix("/") }.sorted()
        guard !locations.isEmpty else { return nil }
        guard let diffTarget = comparison.pinned(target) else { return nil }
        var baseFiles: [RevisionFile] = []
        for change in try repository.diff(from: comparison.base.commit, to: diffTarget, paths: locations)
        where change.status == .deleted || change.status == .modified || change.status == .renamed || change.status == .typeChanged {
            guard isVersionFile(change.oldPath, of: baseEnvironment), let data = try baseTree.read(change.oldPath) else { continue }
            baseFiles.append(RevisionFileParser.parse(path: change.oldPath, data: data))
        }
        return BaseDivergence.analyze(target: project, baseFiles: baseFiles)
    }

    /// The base branch's revisions for `environment`, read from the base tip's tree (no checkout),
    /// or `nil` when the environment does not exist there.
    static func baseProject(for environment: AlembicEnvironment, comparison: GitComparison) throws -> LoadedProject? {
        try baseProject(for: environment, repository: comparison.repository, base: comparison.base)
    }

    /// The revisions of `environment` on `base` (read from its tree, no checkout), or `nil` when the
    /// environment does not exist there. For `migcheck merge --onto-base`:
    /// `GitComparisonResolver.resolveBase` then this.
    static func baseProject(for environment: AlembicEnvironment, repository: Repository, base: GitBase) throws -> LoadedProject? {
        let tree = try GitTree(repository, commit: base.commit)
        guard let baseEnvironment = self.environment(environment, in: tree) else { return nil }
        return try RevisionLoader.load(baseEnvironment, from: tree)
    }
}
