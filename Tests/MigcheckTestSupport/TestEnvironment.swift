import Foundation
import MigcheckCore

/// Locations and process runners shared by every test target.
///
/// migcheck and git run with `HOME`, `GIT_CONFIG_GLOBAL` and `MIGCHECK_CACHE_DIR` pointed into
/// one private directory per test process (``isolatedHome``), so a developer's global
/// `core.hooksPath`, `init.defaultBranch` or parse cache cannot change a result.
public enum TestEnvironment {
    /// The package root, found from this file's path.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built `migcheck` binary, next to the test bundle.
    public static var migcheck: URL {
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("migcheck")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/migcheck")
    }

    /// The venv Python with alembic (env `MIGCHECK_TEST_PYTHON`, else `.venv/bin/python`).
    public static var python: String {
        if let python = ProcessInfo.processInfo.environment["MIGCHECK_TEST_PYTHON"], !python.isEmpty { return python }
        return packageRoot.appendingPathComponent(".venv/bin/python").path
    }

    /// The venv with Alembic 1.4 and SQLAlchemy 1.3 (env `MIGCHECK_TEST_PYTHON_ALEMBIC14`, else
    /// `.venv-alembic14/bin/python`), made by ci/setup.sh.
    public static var pythonAlembic14: String { extraPython("MIGCHECK_TEST_PYTHON_ALEMBIC14", ".venv-alembic14") }
    /// The venv with SQLAlchemy 1.4 (`MIGCHECK_TEST_PYTHON_SQLA14`, else `.venv-sqla14/bin/python`).
    public static var pythonSQLA14: String { extraPython("MIGCHECK_TEST_PYTHON_SQLA14", ".venv-sqla14") }
    /// The venv with Alembic 1.3, older than migcheck supports (`MIGCHECK_TEST_PYTHON_ALEMBIC13`,
    /// else `.venv-alembic13/bin/python`).
    public static var pythonAlembic13: String { extraPython("MIGCHECK_TEST_PYTHON_ALEMBIC13", ".venv-alembic13") }

    /// `$variable`, else `<package root>/<venv>/bin/python`: the tests that use it fail (never
    /// skip) when it does not exist.
    private static func extraPython(_ variable: String, _ venv: String) -> String {
        if let python = ProcessInfo.processInfo.environment[variable], !python.isEmpty { return python }
        return packageRoot.appendingPathComponent("\(venv)/bin/python").path
    }

    /// The corpus generator kept in the repository.
    public static var generator: String { packageRoot.appendingPathComponent("Tests/Corpus/gen_alembic_project.py").path }

    /// A private home for this test process: `home/` (HOME), an empty `gitconfig`
    /// (GIT_CONFIG_GLOBAL) and `cache/` (MIGCHECK_CACHE_DIR), created once.
    public static let isolatedHome: URL = {
        let root =
            (try? ProcessLifetimeDirectory.make(purpose: "test-home"))
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("migcheck-test-home-\(getpid())")
        for directory in ["home", "cache"] {
            try? FileManager.default.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        _ = FileManager.default.createFile(atPath: root.appendingPathComponent("gitconfig").path, contents: Data())
        return root
    }()

    /// The process environment with HOME, GIT_CONFIG_GLOBAL and MIGCHECK_CACHE_DIR isolated,
    /// system git config off, and `overrides` applied last.
    public static func isolated(_ overrides: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = isolatedHome.appendingPathComponent("home").path
        env["GIT_CONFIG_GLOBAL"] = isolatedHome.appendingPathComponent("gitconfig").path
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["MIGCHECK_CACHE_DIR"] = isolatedHome.appendingPathComponent("cache").path
        env.removeValue(forKey: "XDG_CONFIG_HOME")
        for (k, v) in overrides { env[k] = v }
        return env
    }

    /// A `Process` for the built migcheck in `directory`, not started, with the process environment
    /// without colour, `overrides` applied and the variables in `removing` taken out: for tests
    /// that signal, time or watch the process themselves.
    public static func migcheckProcess(
        _ arguments: [String], in directory: URL, overrides: [String: String] = [:], removing: [String] = []
    ) -> Process {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        for (key, value) in overrides { environment[key] = value }
        for key in removing { environment.removeValue(forKey: key) }
        let process = Process()
        process.executableURL = migcheck
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        return process
    }

    /// Runs the built migcheck with `arguments` in `directory`, isolated, without colour.
    public static func runMigcheck(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> ProcessResult {
        var env = isolated(["NO_COLOR": "1"])
        env.removeValue(forKey: "GITHUB_STEP_SUMMARY")
        env.removeValue(forKey: "ALEMBIC_CONFIG")
        for (k, v) in environment { env[k] = v }
        return try ProcessRunner.run(migcheck.path, arguments, environment: env, directory: directory)
    }

    /// Runs real alembic (from the venv) with `arguments` in `directory`.
    public static func runAlembic(_ arguments: [String], in directory: URL) throws -> ProcessResult {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "ALEMBIC_CONFIG")
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        return try ProcessRunner.run(python, ["-m", "alembic"] + arguments, environment: env, directory: directory)
    }

    /// Every process whose working directory is `directory` or lies below it (a postmaster's cwd
    /// is its data directory), read from `/proc`; `/tmp/a` does not match `/tmp/ab`.
    public static func processes(under directory: URL) -> [Int32] {
        let prefix = directory.standardizedFileURL.path
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd") else { return false }
            return cwd == prefix || cwd.hasPrefix(prefix + "/")
        }
    }
}
