import Foundation
import MigcheckCore
import Testing

/// An upgrade that never returns ends the run after `--step-timeout`, with exit 2, a message
/// naming the step, and nothing left behind (issue: hostile input, item 11).
@Suite("Round trip: step timeout")
struct RoundTripStepTimeoutTests {
    @Test func aHangingUpgradeEndsTheRunAndLeavesNothing() throws {
        let tmp = try TemporaryDirectory(purpose: "step-timeout")
        defer { tmp.remove() }
        let work = try TemporaryDirectory(purpose: "step-timeout-project")
        defer { work.remove() }
        let project = work.url.appendingPathComponent("migrations")
        try FileManager.default.copyItem(at: TestEnvironment.packageRoot.appendingPathComponent("migrations"), to: project)
        let revision = project.appendingPathComponent("versions/fe2644435953_create_users.py")
        let text = try String(contentsOf: revision, encoding: .utf8)
        try #require(text.contains("def upgrade() -> None:\n"))
        try Data(
            text.replacingOccurrences(
                of: "def upgrade() -> None:\n", with: "def upgrade() -> None:\n    import time\n    time.sleep(3600)\n"
            )
            .utf8
        ).write(to: revision)

        let process = TestEnvironment.migcheckProcess(
            ["roundtrip", "--python", TestEnvironment.python, "--step-timeout", "2"], in: project,
            overrides: ["TMPDIR": tmp.url.path], removing: ["MIGCHECK_DATABASE_URL"])
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        let started = Date()
        try process.run()
        let pid = process.processIdentifier
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2, "\(stderr)")
        #expect(stderr.contains("upgrade fe2644435953 did not finish within 2 s (--step-timeout)"), "\(stderr)")
        #expect(Date().timeIntervalSince(started) < 60)
        try expectNothingLeft(by: pid, tmp: tmp.url)
    }

    @Test func aNegativeTimeoutIsAUsageError() throws {
        let result = try TestEnvironment.runMigcheck(
            ["roundtrip", "--step-timeout", "-1"], in: TestEnvironment.packageRoot.appendingPathComponent("migrations"))
        #expect(result.status == 64, "\(result.stderrText)")
    }
}
