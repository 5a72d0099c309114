import Foundation

/// What a saved base state (``BaseStateCache``) is keyed by: everything the state after a plain
/// upgrade through the base revisions is made from that migcheck can read without running the
/// project.
///
/// The git blob id of each base revision file (in upgrade order), of the configuration files and of
/// the files beside env.py in the script directory; the configuration path and section (so
/// projects never share an entry), the version table, the URL variable, the working directory and
/// the real path of the interpreter. The server version is added by the cache, and the Alembic,
/// SQLAlchemy and Python versions are checked against the driver when the entry is used. Modules
/// outside the script directory that revision files import (application code) are not part of
/// the key: a base revision that builds its schema from application code needs
/// `--no-base-template` (documented).
enum BaseStateKey {
    /// The key of the state after `baseRevisions` in `project`: the key text's digest (40 hex digits).
    static func digest(
        project: LoadedProject, baseRevisions: [String], configPath: String, section: String, python: String, options: RoundTripOptions
    ) throws -> String {
        var lines = [
            "migcheck base state v1", "config \(configPath) [\(section)]", "version table \(options.versionTable)",
            "url variable \(options.urlVariable)", "working directory \(options.workingDirectory.path)",
            "python \(python) (\(Self.realPath(python)))",
        ]
        let tree = project.tree
        let environment = project.environment
        for path in [environment.configPath, environment.pyprojectPath].compactMap({ $0 }) {
            lines.append("file \(path) \(try Self.blob(tree, path))")
        }
        let scriptFiles = (try tree.list(environment.scriptLocation) ?? []).filter { !$0.isDirectory }.map(\.name).sorted()
        for name in scriptFiles {
            let path = RelativePath.join(environment.scriptLocation, name)
            lines.append("script \(path) \(try Self.blob(tree, path))")
        }
        for id in baseRevisions {
            guard let path = project.graph.nodes[id]?.file.path else { continue }
            lines.append("revision \(id) \(path) \(try Self.blob(tree, path))")
        }
        return ObjectID.blob(of: Data(lines.joined(separator: "\n").utf8)).hex
    }

    private static func blob(_ tree: any FileTree, _ path: String) throws -> String {
        guard let data = try tree.read(path) else { return "missing" }
        return ObjectID.blob(of: data).hex
    }

    private static func realPath(_ python: String) -> String {
        guard let resolved = realpath(python, nil) else { return python }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
