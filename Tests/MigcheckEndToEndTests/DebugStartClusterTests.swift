import Foundation
import Testing

@testable import MigcheckCore

/// `migcheck debug start-cluster` run as a user would: timing output, clean exits on Ctrl-C and
/// SIGTERM with the cluster gone, and a one-line error for a bad `--pg-bin`.
@Suite(.serialized) struct DebugStartClusterTests {
    /// The built binary's path.
    static var binary: String { TestEnvironment.migcheck.path }

    @Test func printsTimingForEachStart() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build migcheck first: \(Self.binary)")
        let cache = try TemporaryDirectory(purpose: "e2e-cache")
        defer { cache.remove() }
        let result = try ProcessRunner.run(
            Self.binary, ["debug", "start-cluster", "--print-timing", "--repeat", "2", "--cache-dir", cache.url.path])
        #expect(result.status == 0, "\(result.stderrText)")
        let lines = result.stdoutText.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.count == 2)
        #expect(lines.first?.first == "initdb")
        #expect(lines.last?.first == "cached")
        #expect(lines.allSatisfy { $0.count == 4 && $0.dropFirst().allSatisfy { Double($0) != nil } })
    }

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func signalStopsTheClusterAndExits(signal: Int32, status: Int32) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build migcheck first: \(Self.binary)")
        let server = try HeldServer()
        let directory = try #require(server.socketDirectory, "no socket directory in: \(server.output)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("data").path))

        server.signal(signal)
        #expect(server.process.terminationStatus == status)
        #expect(!FileManager.default.fileExists(atPath: directory.path))
        #expect(TestEnvironment.processes(under: directory).isEmpty)
    }

    @Test func killedRunLeavesNothingAfterTheNextStart() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build migcheck first: \(Self.binary)")
        let server = try HeldServer()
        let directory = try #require(server.socketDirectory, "no socket directory in: \(server.output)")
        let pidFile = try String(contentsOf: directory.appendingPathComponent("data/postmaster.pid"), encoding: .utf8)
        let lines = pidFile.split(separator: "\n", omittingEmptySubsequences: false)
        let postmaster = try #require(Int32(lines[0]))
        let shmid = try #require(lines[6].split(separator: " ").last.map(String.init))

        server.signal(SIGKILL)  // no cleanup runs: only --pdeathsig and the sweep help
        let deadline = Date().addingTimeInterval(10)
        while Self.isRunning(postmaster), Date() < deadline { usleep(10_000) }
        #expect(!Self.isRunning(postmaster), "the server must die with migcheck")
        #expect(FileManager.default.fileExists(atPath: directory.path), "nothing removed the directory yet")

        let next = try ProcessRunner.run(Self.binary, ["debug", "start-cluster"])
        #expect(next.status == 0, "\(next.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: directory.path))
        let segments = try ProcessRunner.run("ipcs", ["-m"]).stdoutText
        #expect(!segments.split(separator: "\n").contains { $0.split(separator: " ").dropFirst().first.map(String.init) == shmid })
    }

    /// Whether `pid` is a live (not zombie) process.
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return !stat.contains(") Z ")
    }

    @Test func badPgBinIsOneClearLineAndExitTwo() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build migcheck first: \(Self.binary)")
        let result = try ProcessRunner.run(Self.binary, ["debug", "start-cluster", "--pg-bin", "/nonexistent/bin"])
        #expect(result.status == 2)
        #expect(result.stdoutText.isEmpty)
        let lines = result.stderrText.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("--pg-bin /nonexistent/bin") == true)
    }
}
