import Foundation
import MigcheckCore

/// A scratch repository for the library tests (git CLI to build it, local identity only).
final class GitScratch {
    let directory: TemporaryDirectory
    var url: URL { directory.url }
    var path: String { directory.url.path }

    init() throws {
        directory = try TemporaryDirectory(purpose: "coregit")
        try git("init", "-q", "-b", "main")
        try git("config", "user.name", "Core Test")
        try git("config", "user.email", "core@example.com")
        try git("config", "commit.gpgsign", "false")
    }

    deinit { directory.remove() }

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        var env = TestEnvironment.isolated()
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        let result = try ProcessRunner.run("git", arguments, environment: env, directory: url)
        guard result.status == 0 else { throw GitCLIError(message: "git \(arguments): \(result.stderrText)") }
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func write(_ relative: String, _ text: String) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    func commitAll(_ message: String) throws {
        try git("add", "-A")
        try git("commit", "-q", "-m", message)
    }
}

/// A git CLI call failed while building a fixture.
struct GitCLIError: Error { var message: String }
