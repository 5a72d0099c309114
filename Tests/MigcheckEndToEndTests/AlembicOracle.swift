import Foundation
import Testing

@testable import MigcheckCore

/// One alembic command's outcome, as `Tests/Corpus/alembic_outputs.py` reports it.
struct AlembicRun: Decodable, Sendable {
    /// The command line after `alembic`.
    var args: [String]
    /// The exit status the `alembic` process would have had.
    var status: Int
    /// What alembic printed to standard output.
    var stdout: String
    /// What alembic printed to standard error (with the traceback when it crashed).
    var stderr: String
}

/// Runs real Alembic (from the venv) as the oracle the static reader is compared against.
enum AlembicOracle {
    /// The helper that runs many alembic commands in one Python process.
    static var outputsScript: String {
        TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus/alembic_outputs.py").path
    }

    /// Fails with a clear message when the venv Python with alembic is missing.
    static func requirePython() throws {
        let python = TestEnvironment.python
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw OracleSetupError("no Python at \(python): run ci/setup.sh or set MIGCHECK_TEST_PYTHON to a Python with alembic 1.20.1")
        }
    }

    /// Runs each of `commands` (`"heads -v"`, `"-n core history"`) in `directory` under one
    /// `PYTHONHASHSEED`, which decides the order of the sets Alembic prints.
    static func run(_ commands: [String], in directory: URL, hashSeed: Int = 0) throws -> [AlembicRun] {
        try requirePython()
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "ALEMBIC_CONFIG")
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONHASHSEED"] = String(hashSeed)
        let result = try ProcessRunner.run(
            TestEnvironment.python, [outputsScript, directory.path] + commands,
            environment: env, directory: directory)
        guard result.status == 0 else {
            throw OracleSetupError("alembic_outputs.py failed (\(result.status)): \(result.stderrText)")
        }
        struct Envelope: Decodable { var results: [AlembicRun] }
        return try JSONDecoder().decode(Envelope.self, from: result.stdout).results
    }

    /// Runs the corpus generator into `directory` with `arguments`.
    static func generate(into directory: URL, _ arguments: [String]) throws {
        try requirePython()
        let result = try ProcessRunner.run(TestEnvironment.python, [TestEnvironment.generator, directory.path] + arguments)
        guard result.status == 0 else {
            throw OracleSetupError("gen_alembic_project.py \(arguments.joined(separator: " ")) failed: \(result.stderrText)")
        }
    }

    /// Copies the fixture project `name` from `Tests/Fixtures/projects` into `directory`.
    static func copyFixture(_ name: String, into directory: URL) throws -> URL {
        let source = TestEnvironment.packageRoot.appendingPathComponent("Tests/Fixtures/projects/\(name)")
        let target = directory.appendingPathComponent(name)
        try FileManager.default.copyItem(at: source, to: target)
        return target
    }
}

/// The test set-up itself failed (missing Python, generator error).
struct OracleSetupError: Error, CustomStringConvertible {
    /// What went wrong.
    var description: String
    init(_ description: String) { self.description = description }
}
