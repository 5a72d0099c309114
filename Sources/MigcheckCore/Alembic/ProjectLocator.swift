import Foundation

/// Finds the Alembic environment(s) a command should work on.
public struct ProjectLocator: Sendable {
    /// Where the search starts (the working directory or `-C DIR`).
    public var directory: URL
    /// An explicit config file (`--config`), relative to `directory` or absolute.
    var configFile: String?
    /// The ini section (`-n/--name`).
    var section: String
    /// The `ALEMBIC_CONFIG` value, if set.
    var alembicConfigVariable: String?

    /// Creates a locator.
    public init(directory: URL, configFile: String? = nil, section: String = "alembic", alembicConfigVariable: String? = nil) {
        self.directory = directory.standardizedFileURL
        self.configFile = configFile
        self.section = section
        self.alembicConfigVariable = alembicConfigVariable
    }

    /// The repository root above `directory` (the nearest directory holding `.git`), or `nil`.
    ///
    /// A walk up the absolute path one component at a time, so it ends at `/` even when
    /// `directory` no longer exists (a deleted working directory looped forever when the walk
    /// went through `URL`). It does not ask libgit2: `git_libgit2_init` parses the system's CA
    /// certificates, about 55 M instructions that `heads` in a hook would pay on every commit
    /// without otherwise touching git; commands that open the repository use libgit2's
    /// discovery (``Repository/discover(from:)``).
    static func repositoryRoot(above directory: URL) -> URL? {
        var path = directory.standardizedFileURL.path
        guard path.hasPrefix("/") else { return nil }
        while true {
            if FileManager.default.fileExists(atPath: path == "/" ? "/.git" : path + "/.git") { return URL(fileURLWithPath: path) }
            if path == "/" { return nil }
            path = RelativePath.directory(of: path)
        }
    }

    /// The root that tree paths are relative to: the repository root, else the start directory.
    public var root: URL { Self.repositoryRoot(above: directory) ?? directory }

    /// Resolves the single environment to use.
    func locate() throws -> AlembicEnvironment {
        let tree = DiskTree(root: root)
        return try locate(in: tree)
    }

    /// Resolves the single environment in `tree` (whose root is ``root``).
    public func locate(in tree: FileTree) throws -> AlembicEnvironment {
        let startPath = AlembicConfigReader.treePath(directory.path, tree: tree)
        if let configFile = configFile ?? alembicConfigVariable {
            let absolute = RelativePath.join(directory.path, configFile)
            let path = AlembicConfigReader.treePath(absolute, tree: tree)
            guard try tree.read(path) != nil else {
                throw ConfigurationError(path: configFile, "no such config file")
            }
            return try AlembicConfigReader.read(configPath: path, section: section, in: tree)
        }
        // Upwards from the start directory to the root, as a user running alembic there expects.
        var dir = startPath
        while true {
            if let found = try configIn(dir, tree: tree) { return found }
            if dir.isEmpty || dir.hasPrefix("/") { break }
            dir = RelativePath.directory(of: dir)
        }
        // Downwards: a repository with exactly one environment needs no flag.
        let candidates = try Self.findConfigFiles(in: tree, under: startPath.hasPrefix("/") ? "" : startPath)
        let environments = try candidates.flatMap {
            try Self.environments(at: $0, in: tree, sectionFilter: section == "alembic" ? nil : section)
        }
        if environments.count == 1 { return environments[0] }
        if environments.isEmpty {
            throw ConfigurationError(
                path: nil,
                "no Alembic configuration found: no alembic.ini or pyproject.toml with [tool.alembic] in \(directory.path), its parents up to \(tree.rootPath), or below it (use -C DIR or --config FILE)"
            )
        }
        throw ConfigurationError(
            path: nil,
            "found \(environments.count) Alembic environments (\(environments.map(\.name).joined(separator: ", "))); choose one with -C DIR, --config FILE or -n NAME, or check all with --all"
        )
    }

    private func configIn(_ dir: String, tree: FileTree) throws -> AlembicEnvironment? {
        let ini = RelativePath.join(dir, "alembic.ini")
        if try tree.read(ini) != nil {
            return try AlembicConfigReader.read(configPath: ini, section: section, in: tree)
        }
        let pyproject = RelativePath.join(dir, "pyproject.toml")
        if try AlembicConfigReader.readToolAlembic(pyproject, in: tree) != nil {
            return try AlembicConfigReader.read(configPath: pyproject, in: tree)
        }
        return nil
    }

    /// Every environment in the repository: each ini section with a script_location, and each
    /// pyproject.toml with `[tool.alembic]` that no ini beside it covers.
    public func locateAll() throws -> [AlembicEnvironment] {
        try locateAll(in: DiskTree(root: root))
    }

    /// Every environment in `tree` (a working tree, the index or a commit's tree).
    public func locateAll(in tree: FileTree) throws -> [AlembicEnvironment] {
        let candidates = try Self.findConfigFiles(in: tree, under: "")
        let found = try candidates.flatMap { try Self.environments(at: $0, in: tree, sectionFilter: nil) }
        guard !found.isEmpty else {
            throw ConfigurationError(path: nil, "no Alembic configuration found anywhere in \(tree.rootPath)")
        }
        return found
    }

    /// The environments a config file defines.
    static func environments(at path: String, in tree: FileTree, sectionFilter: String?) throws -> [AlembicEnvironment] {
        if RelativePath.name(of: path) == "pyproject.toml" {
            let iniBeside = RelativePath.join(RelativePath.directory(of: path), "alembic.ini")
            if try tree.read(iniBeside) != nil { return [] }
            guard try AlembicConfigReader.readToolAlembic(path, in: tree) != nil else { return [] }
            return [try AlembicConfigReader.read(configPath: path, in: tree)]
        }
        guard let data = try tree.read(path) else { return [] }
        let ini: IniFile
        do {
            ini = try IniFile(
                text: String(decoding: data, as: UTF8.self),
                defaults: ["here": RelativePath.join(tree.rootPath, RelativePath.directory(of: path))])
        } catch let error as IniFile.ParseError {
            throw ConfigurationError(path: path, line: error.line, error.message)
        }
        let pyproject = RelativePath.join(RelativePath.directory(of: path), "pyproject.toml")
        let tomlHasScript = (try? AlembicConfigReader.readToolAlembic(pyproject, in: tree))??["script_location"] != nil
        var result: [AlembicEnvironment] = []
        for section in ini.sectionNames {
            if let filter = sectionFilter, section != filter { continue }
            let hasScript = ini.line(section, "script_location") != nil || (section == "alembic" && tomlHasScript)
            guard hasScript else { continue }
            result.append(try AlembicConfigReader.read(configPath: path, section: section, in: tree))
        }
        return result
    }

    /// Config files below `start`, skipping VCS, virtualenv, dependency and build directories.
    static func findConfigFiles(in tree: FileTree, under start: String, maxDepth: Int = 8) throws -> [String] {
        let skipped: Set<String> = ["node_modules", "site-packages", "__pycache__", "venv", "env", "build", "dist", "target"]
        var result: [String] = []
        var queue: [(String, Int)] = [(start, 0)]
        while !queue.isEmpty {
            let (dir, depth) = queue.removeFirst()
            guard let entries = try? tree.list(dir) else { continue }
            for entry in entries.sorted(by: { $0.name < $1.name }) {
                let path = RelativePath.join(dir, entry.name)
                if entry.isDirectory {
                    if depth < maxDepth, !entry.name.hasPrefix("."), !skipped.contains(entry.name) { queue.append((path, depth + 1)) }
                } else if entry.name == "alembic.ini" || entry.name == "pyproject.toml" {
                    result.append(path)
                }
            }
        }
        return result
    }
}
