import Foundation
import MigcheckCore
import Testing

/// A scratch git repository in a temp directory with an Alembic project, configured so the
/// developer's global git config never matters.
final class ScratchRepository {
    let directory: TemporaryDirectory
    let url: URL
    var path: String { url.path }

    /// A fresh repository (branch `main`) with `alembic.ini` and `migrations/versions`.
    init(project: Bool = true, bare: Bool = false) throws {
        directory = try TemporaryDirectory(purpose: "gittest")
        url = directory.url.appendingPathComponent(bare ? "repo.git" : "repo")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try git(bare ? ["init", "-q", "--bare", "-b", "main"] : ["init", "-q", "-b", "main"])
        try Self.configure(url)
        if project, !bare {
            try write("alembic.ini", "[alembic]\nscript_location = migrations\n")
            try FileManager.default.createDirectory(
                at: url.appendingPathComponent("migrations/versions"), withIntermediateDirectories: true)
        }
    }

    deinit { directory.remove() }

    /// Sets the local identity and signing options of the repository at `url`.
    static func configure(_ url: URL) throws {
        for (key, value) in [
            ("user.name", "Test Author"), ("user.email", "author@example.com"), ("commit.gpgsign", "false"),
            ("init.defaultBranch", "main"), ("core.autocrlf", "false"), ("tag.gpgsign", "false"),
        ] {
            _ = try runGit(["config", key, value], in: url)
        }
    }

    /// Runs git in `directory`; fails the test (throws) on a non-zero exit.
    @discardableResult
    static func runGit(_ arguments: [String], in directory: URL, input: Data? = nil, environment: [String: String] = [:]) throws -> String {
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

    @discardableResult
    func git(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        try Self.runGit(arguments, in: url, environment: environment)
    }

    /// Writes a file (creating directories).
    func write(_ relative: String, _ text: String) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(relative), encoding: .utf8)
    }

    /// The path of revision `id`'s file.
    static func revisionPath(_ id: String) -> String { "migrations/versions/\(id)_step.py" }

    /// The text of a revision file.
    static func revisionText(_ id: String, down: String?, body: String = "op.execute(\"SELECT 1\")") -> String {
        revisionSource(id, down: down.map { [$0] } ?? [], message: "step \(id)", upgrade: body, downgrade: "op.execute(\"SELECT 2\")")
    }

    /// Writes revision `id` on `down`.
    func addRevision(_ id: String, down: String?, body: String = "op.execute(\"SELECT 1\")") throws {
        try write(Self.revisionPath(id), Self.revisionText(id, down: down, body: body))
    }

    /// `git add -A && git commit -m message`.
    func commitAll(_ message: String) throws {
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", message])
    }

    /// The standard history: `aaa` ← `bbb` committed on main.
    static func withHistory() throws -> ScratchRepository {
        let repo = try ScratchRepository()
        try repo.addRevision("aaa", down: nil)
        try repo.addRevision("bbb", down: "aaa")
        try repo.commitAll("first revisions")
        return repo
    }

    /// Runs the built migcheck here.
    func migcheck(_ arguments: [String], in subdirectory: String? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
        var env = ["CI": "", "GIT_CONFIG_NOSYSTEM": "1"]
        for (k, v) in environment { env[k] = v }
        let dir = subdirectory.map { url.appendingPathComponent($0) } ?? url
        return try TestEnvironment.runMigcheck(arguments, in: dir, environment: env)
    }
}

/// A git command in a test failed.
struct GitCommandFailed: Error, CustomStringConvertible {
    var arguments: [String]
    var status: Int32
    var stderr: String
    var description: String { "git \(arguments.joined(separator: " ")) exited \(status): \(stderr)" }
}

extension ProcessResult {
    /// Whether the output names `rule` (text format prints `[rule]`).
    func reports(_ rule: String) -> Bool { stdoutText.contains("[\(rule)]") }
}
