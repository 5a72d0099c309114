import Foundation
import MigcheckCore

/// Locations and helpers shared by the end-to-end tests.
enum TestEnvironment {
    /// The package root, found from this file's path.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built `migcheck` binary, next to the test bundle.
    static var migcheck: URL {
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("migcheck")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/migcheck")
    }

    /// The venv Python with alembic (env `MIGCHECK_TEST_PYTHON`, else `.venv/bin/python`).
    static var python: String {
        if let python = ProcessInfo.processInfo.environment["MIGCHECK_TEST_PYTHON"], !python.isEmpty { return python }
        return packageRoot.appendingPathComponent(".venv/bin/python").path
    }

    /// The corpus generator kept in the repository.
    static var generator: String { packageRoot.appendingPathComponent("Tests/Corpus/gen_alembic_project.py").path }

    /// Runs the built migcheck with `arguments` in `directory`.
    static func runMigcheck(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> ProcessResult {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "GITHUB_STEP_SUMMARY")
        env.removeValue(forKey: "ALEMBIC_CONFIG")
        for (k, v) in environment { env[k] = v }
        return try ProcessRunner.run(migcheck.path, arguments, environment: env, directory: directory)
    }

    /// Runs real alembic (from the venv) with `arguments` in `directory`.
    static func runAlembic(_ arguments: [String], in directory: URL) throws -> ProcessResult {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "ALEMBIC_CONFIG")
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        return try ProcessRunner.run(python, ["-m", "alembic"] + arguments, environment: env, directory: directory)
    }
}
