import Foundation

/// Chooses the Python that runs the project's Alembic.
enum PythonInterpreter {
    /// `explicit` (`--python`), else `$VIRTUAL_ENV/bin/python`, else `.venv/bin/python` beside the
    /// config file or at the repository root, else `python3` on PATH.
    ///
    /// - Parameters:
    ///   - configDirectory: the absolute directory of the Alembic config file.
    ///   - repositoryRoot: the repository (or project) root.
    static func choose(
        explicit: String?, configDirectory: URL, repositoryRoot: URL,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        let fileManager = FileManager.default
        if let venv = environment["VIRTUAL_ENV"], !venv.isEmpty {
            let candidate = URL(fileURLWithPath: venv).appendingPathComponent("bin/python").path
            if fileManager.isExecutableFile(atPath: candidate) { return candidate }
        }
        var directories = [configDirectory]
        var parent = configDirectory.standardizedFileURL
        while parent.path.hasPrefix(repositoryRoot.standardizedFileURL.path), parent.path != repositoryRoot.standardizedFileURL.path {
            parent = parent.deletingLastPathComponent()
            directories.append(parent)
        }
        directories.append(repositoryRoot)
        for directory in directories {
            let candidate = directory.appendingPathComponent(".venv/bin/python").path
            if fileManager.isExecutableFile(atPath: candidate) { return candidate }
        }
        return ProcessRunner.resolveExecutable("python3") ?? "python3"
    }
}
