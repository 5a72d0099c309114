import Foundation
import MigcheckCore

/// A scratch git repository in a temp directory, built with the git CLI and configured so the
/// developer's global git config never matters: git runs with `HOME` and `GIT_CONFIG_GLOBAL`
/// pointed at ``TestEnvironment/isolatedHome``, system config off, and a local identity.
///
/// Both test targets use it: the library tests with `project: false`, the end-to-end tests
/// with the Alembic project (`alembic.ini`, `migrations/versions`) it writes by default.
public final class ScratchRepository: @unchecked Sendable {
    /// The temporary directory holding the repository (removed with the value).
    public let directory: TemporaryDirectory
    /// The repository's working tree (or the bare repository).
    public let url: URL
    /// ``url``'s path.
    public var path: String { url.path }

    /// A fresh repository (branch `main`), with `alembic.ini` and `migrations/versions` unless
    /// `project` is false; commits are authored by `author` <`email`>.
    public init(
        project: Bool = true, bare: Bool = false, author: String = "Test Author", email: String = "author@example.com"
    ) throws {
        directory = try TemporaryDirectory(purpose: "gittest")
        url = directory.url.appendingPathComponent(bare ? "repo.git" : "repo")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try git(bare ? ["init", "-q", "--bare", "-b", "main"] : ["init", "-q", "-b", "main"])
        try Self.configure(url, author: author, email: email)
        if project, !bare {
            try write("alembic.ini", "[alembic]\nscript_location = migrations\n")
            try FileManager.default.createDirectory(
                at: url.appendingPathComponent("migrations/versions"), withIntermediateDirectories: true)
        }
    }

    deinit { directory.remove() }

    /// Sets the local identity and signing options of the repository at `url`.
    public static func configure(_ url: URL, author: String = "Test Author", email: String = "author@example.com") throws {
        for (key, value) in [
            ("user.name", author), ("user.email", email), ("commit.gpgsign", "false"),
            ("init.defaultBranch", "main"), ("core.autocrlf", "false"), ("tag.gpgsign", "false"),
        ] {
            _ = try runGit(["config", key, value], in: url)
        }
    }

    /// Runs git in `directory`, isolated; throws ``GitCommandFailed`` on a non-zero exit.
    ///
    /// - Returns: standard output as git wrote it.
    @discardableResult
    public static func runGit(_ arguments: [String], in directory: URL, input: Data? = nil, environment: [String: String] = [:]) throws
        -> String
    {
        var env = TestEnvironment.isolated()
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_AUTHOR_DATE"] = env["GIT_AUTHOR_DATE"] ?? "2026-01-01T00:00:00Z"
        env["GIT_TERMINAL_PROMPT"] = "0"
        for (k, v) in environment { env[k] = v }
        let result = try ProcessRunner.run("git", arguments, environment: env, directory: directory, input: input)
        guard result.status == 0 else {
            throw GitCommandFailed(arguments: arguments, status: result.status, stderr: result.stderrText)
        }
        return result.stdoutText
    }

    /// Runs git in the repository; returns standard output as git wrote it.
    @discardableResult
    public func git(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        try Self.runGit(arguments, in: url, environment: environment)
    }

    /// Runs git in the repository; returns standard output without surrounding white space
    /// (`try repo.git("rev-parse", "HEAD")`).
    @discardableResult
    public func git(_ arguments: String...) throws -> String {
        try git(arguments).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes a file (creating directories).
    public func write(_ relative: String, _ text: String) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    /// Reads a file of the working tree.
    public func read(_ relative: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(relative), encoding: .utf8)
    }

    /// The path of revision `id`'s file.
    public static func revisionPath(_ id: String) -> String { "migrations/versions/\(id)_step.py" }

    /// The text of a revision file.
    public static func revisionText(_ id: String, down: String?, body: String = "op.execute(\"SELECT 1\")") -> String {
        revisionSource(id, down: down.map { [$0] } ?? [], message: "step \(id)", upgrade: body, downgrade: "op.execute(\"SELECT 2\")")
    }

    /// Writes revision `id` on `down`.
    public func addRevision(_ id: String, down: String?, body: String = "op.execute(\"SELECT 1\")") throws {
        try write(Self.revisionPath(id), Self.revisionText(id, down: down, body: body))
    }

    /// `git add -A && git commit -m message`.
    public func commitAll(_ message: String) throws {
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", message])
    }

    /// The standard history: `aaa` ← `bbb` committed on main.
    public static func withHistory() throws -> ScratchRepository {
        let repo = try ScratchRepository()
        try repo.addRevision("aaa", down: nil)
        try repo.addRevision("bbb", down: "aaa")
        try repo.commitAll("first revisions")
        return repo
    }
}

/// A git command in a test failed.
public struct GitCommandFailed: Error, CustomStringConvertible {
    /// git's arguments.
    public var arguments: [String]
    /// Its exit status.
    public var status: Int32
    /// What it printed on standard error.
    public var stderr: String
    public var description: String { "git \(arguments.joined(separator: " ")) exited \(status): \(stderr)" }
}
