import Foundation
import Testing

@testable import MigcheckCore

/// Files that would hang, exhaust memory or loop: a FIFO named like a revision, a 1 GB sparse
/// revision, symbolic links that make a recursive version location a cycle. Each ends quickly
/// with an answer (issue: hostile input, items 5, 7 and 9).
@Suite("Hostile files")
struct HostileFilesTests {
    /// A project with two revisions in `migrations/versions` and no git.
    static func project(recursive: Bool = false) throws -> ScratchDirectory {
        let dir = try ScratchDirectory()
        try dir.write(
            "alembic.ini", "[alembic]\nscript_location = migrations\n" + (recursive ? "recursive_version_locations = true\n" : ""))
        try dir.write("migrations/env.py", "")
        try dir.write("migrations/versions/a1.py", revisionSource("a1"))
        try dir.write("migrations/versions/b2.py", revisionSource("b2", down: ["a1"]))
        return dir
    }

    /// Runs migcheck with a deadline; a hang fails the test instead of the suite.
    struct Outcome {
        var status: Int32
        var stdoutText: String
        var stderrText: String
    }

    static func run(_ arguments: [String], in directory: URL, seconds: TimeInterval = 20) throws -> (Outcome, TimeInterval) {
        let started = Date()
        let process = Process()
        process.executableURL = TestEnvironment.migcheck
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["MIGCHECK_NO_CACHE"] = "1"
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: watchdog)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        let result = Outcome(
            status: process.terminationStatus, stdoutText: String(decoding: stdout, as: UTF8.self),
            stderrText: String(decoding: stderr, as: UTF8.self))
        return (result, Date().timeIntervalSince(started))
    }

    @Test func aFIFONamedLikeARevisionIsAFindingNotAHang() throws {
        let dir = try Self.project()
        defer { dir.remove() }
        let fifo = dir.url.appendingPathComponent("migrations/versions/c3.py").path
        try #require(mkfifo(fifo, 0o644) == 0, "mkfifo failed: \(errno)")
        let (check, seconds) = try Self.run(["check", "--no-git"], in: dir.url)
        #expect(seconds < 10)
        #expect(check.status == 1, "\(check.stdoutText)\(check.stderrText)")
        #expect(check.stdoutText.contains("c3.py") && check.stdoutText.contains("not a regular file (a FIFO)"), "\(check.stdoutText)")
        let (heads, _) = try Self.run(["heads"], in: dir.url)
        #expect(heads.status == 2)
        #expect(heads.stderrText.contains("c3.py") && heads.stderrText.contains("a FIFO"), "\(heads.stderrText)")
    }

    @Test func aHugeRevisionFileIsRefusedWithItsSize() throws {
        let dir = try Self.project()
        defer { dir.remove() }
        let big = dir.url.appendingPathComponent("migrations/versions/c3.py").path
        let fd = open(big, O_CREAT | O_WRONLY, 0o644)
        try #require(fd >= 0)
        #expect(ftruncate(fd, 1 << 30) == 0)  // 1 GiB, sparse: no disk used
        close(fd)
        let (check, seconds) = try Self.run(["check", "--no-git"], in: dir.url)
        #expect(seconds < 10)
        #expect(check.status == 1, "\(check.stdoutText)\(check.stderrText)")
        #expect(check.stdoutText.contains("1073741824 bytes; migcheck reads files of up to 4 MiB"), "\(check.stdoutText)")
    }

    @Test func symbolicLinksDoNotMakeARecursiveScanLoop() throws {
        let dir = try Self.project(recursive: true)
        defer { dir.remove() }
        let versions = dir.url.appendingPathComponent("migrations/versions")
        try FileManager.default.createDirectory(at: versions.appendingPathComponent("sub"), withIntermediateDirectories: true)
        _ = try dir.write("migrations/versions/sub/c3.py", revisionSource("c3", down: ["b2"]))
        try FileManager.default.createSymbolicLink(atPath: versions.appendingPathComponent("self").path, withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: versions.appendingPathComponent("sub/up").path, withDestinationPath: "..")
        let (heads, seconds) = try Self.run(["heads"], in: dir.url)
        #expect(seconds < 10)
        #expect(heads.status == 0, "\(heads.stderrText)")
        let alembic = try TestEnvironment.runAlembic(["heads"], in: dir.url)
        #expect(alembic.status == 0, "\(alembic.stderrText)")
        #expect(heads.stdoutText == alembic.stdoutText)
        let (check, _) = try Self.run(["check", "--no-git"], in: dir.url)
        #expect(check.status == 0, "\(check.stdoutText)")
        #expect(!check.stdoutText.contains("duplicate-revision"))
    }

    /// Alembic fails to load a script without `down_revision` (AttributeError); migcheck must not
    /// pass it (issue: hostile input, item 3).
    @Test func aRevisionWithoutDownRevisionFailsAsItDoesInAlembic() throws {
        let dir = try Self.project()
        defer { dir.remove() }
        _ = try dir.write("migrations/versions/c3.py", "revision = 'c3'\n\ndef upgrade():\n    pass\n\ndef downgrade():\n    pass\n")
        let alembic = try TestEnvironment.runAlembic(["heads"], in: dir.url)
        #expect(alembic.status != 0)
        #expect(alembic.stderrText.contains("down_revision"), "\(alembic.stderrText)")
        let (check, _) = try Self.run(["check", "--no-git"], in: dir.url)
        #expect(check.status == 1)
        #expect(check.stdoutText.contains("c3.py") && check.stdoutText.contains("no `down_revision` variable"), "\(check.stdoutText)")
        let (heads, _) = try Self.run(["heads"], in: dir.url)
        #expect(heads.status == 2, "\(heads.stdoutText)")
    }

    /// A revision whose `depends_on` names itself (or its own branch label) is a cycle for Alembic
    /// (DependencyLoopDetected), not an effective head (issue: hostile input, item 3).
    @Test(arguments: ["'c3'", "'own'"])
    func aRevisionThatDependsOnItselfIsACycle(dependsOn: String) throws {
        let dir = try Self.project()
        defer { dir.remove() }
        _ = try dir.write(
            "migrations/versions/c3.py",
            "revision = 'c3'\ndown_revision = 'b2'\nbranch_labels = ('own',)\ndepends_on = \(dependsOn)\n\n"
                + "def upgrade():\n    pass\n\ndef downgrade():\n    pass\n")
        let alembic = try TestEnvironment.runAlembic(["heads"], in: dir.url)
        #expect(alembic.status != 0)
        #expect(alembic.stderrText.contains("DependencyLoopDetected") || alembic.stderrText.contains("Dependency"), "\(alembic.stderrText)")
        let (check, _) = try Self.run(["check", "--no-git"], in: dir.url)
        #expect(check.status == 1)
        #expect(check.stdoutText.contains("depends on itself") && check.stdoutText.contains("[cycle]"), "\(check.stdoutText)")
        let (heads, _) = try Self.run(["heads"], in: dir.url)
        #expect(heads.status == 2, "\(heads.stdoutText)")
    }

    /// The same size limit for git blobs (the index with `--staged`, a commit with `--head`), read
    /// from the object header before the content is inflated (issue: hostile input, item 9).
    @Test func aHugeRevisionInGitIsRefusedBeforeItIsParsed() throws {
        let repo = try ScratchRepository.withHistory()
        try repo.git(["checkout", "-q", "-b", "feature"])
        let padding = String(repeating: "# padding padding padding padding padding padding padding\n", count: 90_000)
        try repo.write(ScratchRepository.revisionPath("ccc"), ScratchRepository.revisionText("ccc", down: "bbb") + padding)
        try repo.git(["add", "-A"])
        let staged = try repo.migcheck(["check", "--staged"])
        #expect(staged.status == 1, "\(staged.stdoutText)\(staged.stderrText)")
        #expect(
            staged.stdoutText.contains("ccc_step.py") && staged.stdoutText.contains("migcheck reads files of up to 4 MiB"),
            "\(staged.stdoutText)")
        try repo.git(["commit", "-q", "-m", "huge"])
        let head = try repo.migcheck(["check", "--head", "HEAD"])
        #expect(head.status == 1)
        #expect(head.stdoutText.contains("migcheck reads files of up to 4 MiB"), "\(head.stdoutText)")
    }
}
