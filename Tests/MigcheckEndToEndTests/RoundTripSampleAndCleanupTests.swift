import Foundation
import Testing

@testable import MigcheckCore

/// The sample `migrations/` project passes with no flags, real Alembic can walk it up and down,
/// and nothing (server, driver, temp directory) survives a run: after success, after findings and
/// after SIGINT.
@Suite("Round trip: sample project and cleanup", .serialized)
struct RoundTripSampleAndCleanupTests {
    /// The environment for a "no flags" run: the repository's own .venv is found by migcheck; when
    /// the tests use another Python, it is announced as the active virtualenv.
    static var noFlagEnvironment: [String: String] {
        var environment: [String: String] = [:]
        let rootVenv = TestEnvironment.packageRoot.appendingPathComponent(".venv/bin/python").path
        if !FileManager.default.isExecutableFile(atPath: rootVenv) {
            environment["VIRTUAL_ENV"] =
                URL(fileURLWithPath: TestEnvironment.python)
                .deletingLastPathComponent().deletingLastPathComponent().path
        }
        return environment
    }

    @Test("migcheck roundtrip in migrations/ needs no flags and passes")
    func sampleNoFlags() throws {
        let sample = TestEnvironment.packageRoot.appendingPathComponent("migrations")
        let tmp = try TemporaryDirectory(purpose: "roundtrip-sample")
        defer { tmp.remove() }
        var environment = Self.noFlagEnvironment
        environment["TMPDIR"] = tmp.url.path
        environment.removeValue(forKey: "MIGCHECK_DATABASE_URL")
        let (result, pid) = try runTracked(["roundtrip"], in: sample, environment: environment)
        #expect(result.status == 0, "stdout:\n\(result.stdoutText)\nstderr:\n\(result.stderrText)")
        #expect(result.stdoutText.contains("0 errors, 0 warnings"))
        try expectNothingLeft(by: pid, tmp: tmp.url)
    }

    @Test("real alembic upgrades the sample to head and downgrades it to base")
    func sampleWithAlembic() throws {
        let database = try ScratchDatabase.ephemeral(pgBin: nil)
        defer { database.dispose() }
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = database.sqlalchemyURL()
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        environment.removeValue(forKey: "ALEMBIC_CONFIG")
        let root = TestEnvironment.packageRoot
        for command in [["upgrade", "head"], ["downgrade", "base"]] {
            let result = try ProcessRunner.run(
                TestEnvironment.python, ["-m", "alembic", "-c", "migrations/alembic.ini"] + command,
                environment: environment, directory: root)
            #expect(result.status == 0, "alembic \(command.joined(separator: " ")): \(result.stderrText)")
        }
        let connection = try database.connect()
        let tables = try connection.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").compactMap {
            $0.first ?? nil
        }
        #expect(tables == ["alembic_version"])
    }

    @Test("nothing is left after a run with findings")
    func cleanupAfterFindings() throws {
        let project = try GeneratedProject(["--revisions", "3", "--env", "psycopg2", "--seed", "4"])
        defer { project.remove() }
        try project.rewrite(try project.upgradeOrder()[2], upgrade: "op.execute('CREATE SEQUENCE s_left')", downgrade: "pass")
        let (result, pid) = try runTracked(
            ["roundtrip", "--python", TestEnvironment.python], in: project.directory,
            environment: ["TMPDIR": project.tmp.path])
        #expect(result.status == 1, "\(result.stdoutText)\n\(result.stderrText)")
        try expectNothingLeft(by: pid, tmp: project.tmp)
    }

    @Test("a Python without Alembic is a could-not-check (exit 2) with one clear line, and nothing is left")
    func cleanupAfterPythonProblem() throws {
        let project = try GeneratedProject(["--revisions", "2", "--env", "psycopg2", "--seed", "4"])
        defer { project.remove() }
        let (result, pid) = try runTracked(
            ["roundtrip", "--python", "/usr/bin/python3"], in: project.directory,
            environment: ["TMPDIR": project.tmp.path, "VIRTUAL_ENV": ""])
        #expect(result.status == 2)
        #expect(result.stderrText.contains("cannot import Alembic"), "\(result.stderrText)")
        try expectNothingLeft(by: pid, tmp: project.tmp)
    }

    @Test("SIGINT in the middle of a run stops the server and the driver and removes their directories")
    func cleanupAfterSIGINT() throws {
        let project = try GeneratedProject(["--revisions", "3", "--env", "psycopg", "--seed", "4"])
        defer { project.remove() }
        try project.rewrite(try project.upgradeOrder()[1], upgrade: "op.execute('SELECT pg_sleep(60)')", downgrade: "pass")
        let process = Process()
        process.executableURL = TestEnvironment.migcheck
        process.arguments = ["roundtrip", "--python", TestEnvironment.python]
        process.currentDirectoryURL = project.directory
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = project.tmp.path
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        // Wait until the sleeping upgrade is running in the server.
        let deadline = Date().addingTimeInterval(60)
        var sleeping = false
        while Date() < deadline, process.isRunning, !sleeping {
            usleep(200_000)
            sleeping = processCommandLines().contains { $0.contains("migcheck-driver-\(pid)-") }
        }
        // The first revision takes well under a second; the second sleeps for a minute.
        usleep(3_000_000)
        #expect(sleeping, "the run never reached the sleeping upgrade")
        kill(pid, SIGINT)
        let stopDeadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < stopDeadline { usleep(100_000) }
        #expect(!process.isRunning, "migcheck did not stop on SIGINT")
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        usleep(500_000)
        try expectNothingLeft(by: pid, tmp: project.tmp)
    }

    /// Runs migcheck and returns its result and process id.
    private func runTracked(_ arguments: [String], in directory: URL, environment: [String: String]) throws -> (TrackedRun, Int32) {
        let process = Process()
        process.executableURL = TestEnvironment.migcheck
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "ALEMBIC_CONFIG")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let pid = process.processIdentifier
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            TrackedRun(
                status: process.terminationStatus, stdoutText: String(decoding: stdout, as: UTF8.self),
                stderrText: String(decoding: stderr, as: UTF8.self)), pid
        )
    }
}

/// The outcome of a migcheck run started by the tests themselves.
struct TrackedRun {
    var status: Int32
    var stdoutText: String
    var stderrText: String
}

/// Every process's command line.
func processCommandLines() -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry in
        guard Int(entry) != nil, let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
        return String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }
}
