import Foundation
import Testing

@testable import MigcheckCore

/// `migcheck clean --database-url`: drops exactly the scratch databases of dead runs, proven by
/// migcheck's marker comment, and nothing else (issue: hostile input, item 15).
@Suite("migcheck clean", .serialized)
struct CleanCommandTests {
    static func databases(_ connection: PGConnection) throws -> Set<String> {
        Set(try connection.query("SELECT datname FROM pg_database").compactMap { $0[0] })
    }

    static func create(_ name: String, comment: String?, on connection: PGConnection) throws {
        try connection.execute("CREATE DATABASE \(name)")
        if let comment { try connection.execute("COMMENT ON DATABASE \(name) IS '\(comment)'") }
    }

    /// A process id that has just exited.
    static func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func dropsOnlyMarkedDatabasesOfDeadOrOldRuns() throws {
        let server = try HeldServer()
        defer { server.stop() }
        let connection = try PGConnection(conninfo: server.url)
        let host = ScratchDatabaseMarker.localHost
        let now = Int(Date().timeIntervalSince1970)
        try Self.create(
            "migcheck_dead01", comment: "migcheck scratch database; host=\(host); pid=\(try Self.deadPID()); created=\(now)", on: connection
        )
        try Self.create(
            "migcheck_a11e02", comment: "migcheck scratch database; host=\(host); pid=\(getpid()); created=\(now)", on: connection)
        try Self.create(
            "migcheck_01d03", comment: "migcheck scratch database; host=elsewhere; pid=1; created=\(now - 48 * 3600)", on: connection)
        try Self.create("migcheck_bee04", comment: "migcheck scratch database; host=elsewhere; pid=1; created=\(now)", on: connection)
        try Self.create("migcheck_cafe05", comment: nil, on: connection)
        try Self.create("migcheck_f00d06", comment: "made by hand", on: connection)
        try Self.create("appdata", comment: nil, on: connection)

        let dry = try TestEnvironment.runMigcheck(["clean", "--database-url", server.url, "--dry-run"], in: TestEnvironment.packageRoot)
        #expect(dry.status == 0, "\(dry.stderrText)")
        #expect(dry.stdoutText.contains("would drop migcheck_dead01: process"), "\(dry.stdoutText)")
        #expect(dry.stdoutText.contains("would drop migcheck_01d03: created more than 24 h ago"), "\(dry.stdoutText)")
        #expect(dry.stdoutText.contains("kept migcheck_a11e02"), "\(dry.stdoutText)")
        #expect(dry.stdoutText.contains("kept migcheck_bee04"), "\(dry.stdoutText)")
        #expect(!dry.stdoutText.contains("cafe05") && !dry.stdoutText.contains("f00d06") && !dry.stdoutText.contains("appdata"))
        #expect(try Self.databases(connection).isSuperset(of: ["migcheck_dead01", "migcheck_01d03"]))

        let real = try TestEnvironment.runMigcheck(["clean", "--database-url", server.url], in: TestEnvironment.packageRoot)
        #expect(real.status == 0, "\(real.stderrText)")
        let left = try Self.databases(connection)
        #expect(!left.contains("migcheck_dead01") && !left.contains("migcheck_01d03"))
        #expect(left.isSuperset(of: ["migcheck_a11e02", "migcheck_bee04", "migcheck_cafe05", "migcheck_f00d06", "appdata"]))
    }

    @Test func aRoundTripKilledWithSIGKILLLeavesADatabaseThatCleanDrops() throws {
        let server = try HeldServer()
        defer { server.stop() }
        let connection = try PGConnection(conninfo: server.url)
        let before = try Self.databases(connection)
        let process = Process()
        process.executableURL = TestEnvironment.migcheck
        process.arguments = ["roundtrip", "--python", TestEnvironment.python, "--database-url", server.url]
        process.currentDirectoryURL = TestEnvironment.packageRoot.appendingPathComponent("migrations")
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        var scratch: Set<String> = []
        while scratch.isEmpty, process.isRunning, Date() < deadline {
            scratch = try Self.databases(connection).subtracting(before).filter { $0.hasPrefix("migcheck_") }
            usleep(20_000)
        }
        try #require(!scratch.isEmpty, "the round trip never created its database")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(try Self.databases(connection).isSuperset(of: scratch), "SIGKILL runs no cleanup")

        let clean = try TestEnvironment.runMigcheck(["clean", "--database-url", server.url], in: TestEnvironment.packageRoot)
        #expect(clean.status == 0, "\(clean.stderrText)")
        #expect(try Self.databases(connection).isDisjoint(with: scratch), "\(clean.stdoutText)")
    }
}
