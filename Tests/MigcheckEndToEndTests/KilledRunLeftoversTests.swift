import Foundation
import Testing

@testable import MigcheckCore

/// What a migcheck killed with SIGKILL leaves behind, and what the next run removes (issue:
/// hostile input, item 15): the server keeps its dynamic shared memory in its data directory
/// (no `/dev/shm/PostgreSQL.*` segment can outlive it), and the Alembic driver's scratch
/// directory of a dead run is swept by the next round trip.
@Suite("Killed runs leave nothing for good", .serialized)
struct KilledRunLeftoversTests {
    /// The files the server's postmaster has mapped (its shared memory among them).
    static func mappedFiles(of pid: Int32) -> [String] {
        // procfs files report size 0; Foundation's one-shot reads stop at the first page.
        guard let maps = try? ProcessRunner.run("cat", ["/proc/\(pid)/maps"]).stdoutText else { return [] }
        return maps.split(separator: "\n").compactMap { line in
            line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(5).first.map(String.init)
        }
    }

    @Test func theServersDynamicSharedMemoryLivesInItsDataDirectory() throws {
        let server = try HeldServer()
        defer { server.stop() }
        let directory = try #require(server.socketDirectory, "no socket directory in: \(server.output)")
        let data = directory.appendingPathComponent("data")
        let pidFile = try String(contentsOf: data.appendingPathComponent("postmaster.pid"), encoding: .utf8)
        let postmaster = try #require(pidFile.split(separator: "\n").first.flatMap { Int32($0) })
        let mapped = Self.mappedFiles(of: postmaster)
        // A killed server's POSIX segments would stay in /dev/shm for good; files in pg_dynshmem go
        // with the data directory, which the next run sweeps.
        #expect(!mapped.contains { $0.hasPrefix("/dev/shm/PostgreSQL.") }, "POSIX segments: \(mapped)")
        #expect(mapped.contains { $0.contains("/pg_dynshmem/mmap.") }, "no pg_dynshmem segment mapped: \(mapped)")
    }

    @Test func aKilledRoundTripsDriverDirectoryIsSweptByTheNextOne() throws {
        let tmp = try TemporaryDirectory(purpose: "killed-roundtrip")
        defer { tmp.remove() }
        let sample = TestEnvironment.packageRoot.appendingPathComponent("migrations")
        let process = TestEnvironment.migcheckProcess(
            ["roundtrip", "--python", TestEnvironment.python], in: sample,
            overrides: ["TMPDIR": tmp.url.path], removing: ["MIGCHECK_DATABASE_URL"])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        let prefix = "migcheck-driver-\(pid)-"
        let deadline = Date().addingTimeInterval(60)
        func driverDirectories() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: tmp.url.path)) ?? []).filter { $0.hasPrefix(prefix) }
        }
        while driverDirectories().isEmpty, process.isRunning, Date() < deadline { usleep(20_000) }
        try #require(!driverDirectories().isEmpty, "the round trip never started its driver")
        kill(pid, SIGKILL)
        process.waitUntilExit()
        #expect(!driverDirectories().isEmpty, "SIGKILL runs no cleanup: the directory is still there")

        let next = try ProcessRunner.run(
            TestEnvironment.migcheck.path, ["roundtrip", "--python", TestEnvironment.python], environment: process.environment,
            directory: sample)
        #expect(next.status == 0, "\(next.stdoutText)\(next.stderrText)")
        #expect(driverDirectories().isEmpty, "the dead run's driver directory was not swept")
    }
}
