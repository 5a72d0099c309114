import Foundation
import Testing

@testable import MigcheckCore

/// Hooks: `migcheck hook install`, the scripts in `hooks/`, git's own `commit`/`push` running
/// them, and the real pre-commit tool running `.pre-commit-hooks.yaml`.
@Suite("Git hooks", .serialized)
struct GitHookTests {
    /// Environment for git commands that run hooks: not CI, migcheck not overridden.
    let hookEnvironment = ["CI": "", "MIGCHECK": "", "MIGCHECK_SKIP": ""]

    func runGit(_ repo: ScratchRepository, _ arguments: [String]) throws -> ProcessResult {
        var env = TestEnvironment.isolated()
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["CI"] = ""
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "MIGCHECK")
        return try ProcessRunner.run("git", arguments, environment: env, directory: repo.url)
    }

    @Test func installedHookRefusesACommitEditingAMergedMigration() throws {
        let repo = try ScratchRepository.withHistory()
        try repo.git(["checkout", "-q", "-b", "feature"])
        let install = try repo.migcheck(["hook", "install"])
        #expect(install.status == 0, "\(install.stderrText)")
        let hook = repo.path + "/.git/hooks/pre-commit"
        #expect(FileManager.default.isExecutableFile(atPath: hook))
        try repo.addRevision("bbb", down: "aaa", body: "op.execute(\"SELECT 42\")")
        let before = try repo.git(["rev-parse", "HEAD"])
        let refused = try runGit(repo, ["commit", "-q", "-a", "-m", "edit bbb"])
        #expect(refused.status != 0)
        #expect(refused.stdoutText.contains("edited-migration") || refused.stderrText.contains("edited-migration"))
        #expect(try repo.git(["rev-parse", "HEAD"]) == before)
        // A new revision goes through.
        try repo.git(["checkout", "-q", "--", "."])
        try repo.addRevision("ccc", down: "bbb")
        try repo.git(["add", "-A"])
        let accepted = try runGit(repo, ["commit", "-q", "-m", "add ccc"])
        #expect(accepted.status == 0, "\(accepted.stdoutText)\(accepted.stderrText)")
    }

    @Test func installRefusesForeignHooksUnlessForced() throws {
        let repo = try ScratchRepository.withHistory()
        let hook = repo.path + "/.git/hooks/pre-commit"
        try Data("#!/bin/sh\necho mine\n".utf8).write(to: URL(fileURLWithPath: hook))
        let refused = try repo.migcheck(["hook", "install"])
        #expect(refused.status == 2)
        #expect(refused.stderrText.contains("--force"))
        #expect(try String(contentsOfFile: hook, encoding: .utf8) == "#!/bin/sh\necho mine\n")
        #expect(try repo.migcheck(["hook", "install", "--force"]).status == 0)
        #expect(try String(contentsOfFile: hook, encoding: .utf8).contains(HookScript.marker))
        // Its own hook is replaced without --force.
        #expect(try repo.migcheck(["hook", "install", "--pre-push"]).status == 0)
        #expect(FileManager.default.isExecutableFile(atPath: repo.path + "/.git/hooks/pre-push"))
    }

    @Test func installHonoursHooksPathAndWorktrees() throws {
        let repo = try ScratchRepository.withHistory()
        try repo.git(["config", "core.hooksPath", "tools/githooks"])
        let result = try repo.migcheck(["hook", "install"], in: "migrations")
        #expect(result.status == 0)
        #expect(FileManager.default.isExecutableFile(atPath: repo.path + "/tools/githooks/pre-commit"))
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/hooks/pre-commit"))
        try repo.git(["config", "--unset", "core.hooksPath"])
        let linked = repo.directory.url.appendingPathComponent("linked")
        try repo.git(["worktree", "add", "-q", "-b", "wt", linked.path])
        let fromWorktree = try TestEnvironment.runMigcheck(["hook", "install"], in: linked)
        #expect(fromWorktree.status == 0)
        let expected = try ScratchRepository.runGit(["rev-parse", "--path-format=absolute", "--git-path", "hooks"], in: linked)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(fromWorktree.stdoutText.contains(expected + "/pre-commit"))
        #expect(FileManager.default.isExecutableFile(atPath: expected + "/pre-commit"))
    }

    @Test func prePushChecksEachRefAgainstTheRemote() throws {
        let repo = try ScratchRepository.withHistory()
        let remote = repo.directory.url.appendingPathComponent("remote.git")
        try ScratchRepository.runGit(["init", "-q", "--bare", "-b", "main", remote.path], in: repo.directory.url)
        try repo.git(["remote", "add", "origin", remote.path])
        try repo.git(["push", "-q", "origin", "main"])
        #expect(try repo.migcheck(["hook", "install", "--pre-push"]).status == 0)
        // An edit of a pushed revision, committed straight on main (pre-commit skipped), is refused at push.
        try repo.addRevision("bbb", down: "aaa", body: "op.execute(\"SELECT 42\")")
        try repo.git(["add", "-A"])
        try repo.git(["commit", "-q", "--no-verify", "-m", "edit bbb"])
        let refused = try runGit(repo, ["push", "-q", "origin", "main"])
        #expect(refused.status != 0)
        #expect(refused.stderrText.contains("refused"))
        #expect(refused.stdoutText.contains("edited-migration") || refused.stderrText.contains("edited-migration"))
        // Undo, add a new revision instead: the push goes through, as does a new branch.
        try repo.git(["reset", "-q", "--hard", "HEAD~1"])
        try repo.addRevision("ccc", down: "bbb")
        try repo.commitAll("ccc")
        let accepted = try runGit(repo, ["push", "-q", "origin", "main"])
        #expect(accepted.status == 0, "\(accepted.stdoutText)\(accepted.stderrText)")
        try repo.git(["checkout", "-q", "-b", "topic"])
        try repo.addRevision("ddd", down: "ccc")
        try repo.commitAll("ddd")
        let newBranch = try runGit(repo, ["push", "-q", "origin", "topic"])
        #expect(newBranch.status == 0, "\(newBranch.stdoutText)\(newBranch.stderrText)")
    }

    @Test func shippedScriptsMatchTheInstalledOnes() throws {
        for hook in HookScript.allCases {
            let shipped = try String(
                contentsOf: TestEnvironment.packageRoot.appendingPathComponent("hooks/\(hook.rawValue)"), encoding: .utf8)
            #expect(shipped == hook.text())
            let shown = try TestEnvironment.runMigcheck(["hook", "show", hook.rawValue], in: TestEnvironment.packageRoot)
            #expect(shown.stdoutText == shipped)
        }
    }

    /// The superproject's hook checks migrations inside a submodule in the submodule's own
    /// history: its index holds the staged edit (#13 item 1).
    @Test func installedHookInASuperprojectRefusesAStagedEditInASubmodule() throws {
        let inner = try ScratchRepository.withHistory()
        let superproject = try ScratchRepository(project: false)
        try superproject.write("README.md", "superproject\n")
        try superproject.commitAll("readme")
        try superproject.git(["-c", "protocol.file.allow=always", "submodule", "add", "-q", inner.path, "inner"])
        try superproject.git(["commit", "-q", "-m", "add the submodule"])
        let submodule = superproject.url.appendingPathComponent("inner")
        try ScratchRepository.configure(submodule)
        #expect(try superproject.migcheck(["hook", "install"]).status == 0)
        try superproject.write(
            "inner/" + ScratchRepository.revisionPath("bbb"),
            ScratchRepository.revisionText("bbb", down: "aaa", body: "op.execute(\"SELECT 42\")"))
        try ScratchRepository.runGit(["add", "-A"], in: submodule)
        try superproject.write("README.md", "superproject, edited\n")
        let before = try superproject.git(["rev-parse", "HEAD"])
        let refused = try runGit(superproject, ["commit", "-q", "-a", "-m", "readme"])
        #expect(refused.status != 0)
        #expect(
            refused.stdoutText.contains("edited-migration") || refused.stderrText.contains("edited-migration"),
            "\(refused.stdoutText)\(refused.stderrText)")
        #expect(try superproject.git(["rev-parse", "HEAD"]) == before)
    }

    /// The real pre-commit tool runs the hook defined in `.pre-commit-hooks.yaml`. The hook
    /// repository is a git repository holding our manifest; the config overrides `language: swift`
    /// with `language: system` and the built binary, so the files regex and stages are exercised
    /// quickly; `preCommitBuildsTheSwiftHookAndRefusesAnEdit` runs the `language: swift` path.
    @Test func preCommitToolRunsTheManifestHook() throws {
        let preCommit = URL(fileURLWithPath: TestEnvironment.python).deletingLastPathComponent().appendingPathComponent("pre-commit").path
        try #require(
            FileManager.default.isExecutableFile(atPath: preCommit),
            "pre-commit is not installed in the venv (\(preCommit)): run ci/setup.sh")
        let hooksRepo = try ScratchRepository(project: false)
        try FileManager.default.copyItem(
            at: TestEnvironment.packageRoot.appendingPathComponent(".pre-commit-hooks.yaml"),
            to: hooksRepo.url.appendingPathComponent(".pre-commit-hooks.yaml"))
        try hooksRepo.commitAll("hooks")
        let rev = try hooksRepo.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let repo = try ScratchRepository.withHistory()
        try repo.git(["checkout", "-q", "-b", "feature"])
        try repo.write(
            ".pre-commit-config.yaml",
            """
            repos:
            -   repo: \(hooksRepo.path)
                rev: \(rev)
                hooks:
                -   id: migcheck
                    language: system
                    entry: \(TestEnvironment.migcheck.path) check --staged

            """)
        try repo.commitAll("pre-commit config")
        let home = repo.directory.url.appendingPathComponent("pre-commit-home")
        var env = ProcessInfo.processInfo.environment
        env["PRE_COMMIT_HOME"] = home.path
        env["CI"] = ""
        env["NO_COLOR"] = "1"
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        // A change outside the migration directories: the files regex skips the hook.
        try repo.write("README.md", "docs\n")
        try repo.git(["add", "-A"])
        let skipped = try ProcessRunner.run(preCommit, ["run"], environment: env, directory: repo.url)
        #expect(skipped.status == 0, "\(skipped.stdoutText)\(skipped.stderrText)")
        #expect(skipped.stdoutText.contains("(no files to check)Skipped"))
        // An edited merged migration: the hook runs and fails.
        try repo.addRevision("bbb", down: "aaa", body: "op.execute(\"SELECT 42\")")
        try repo.git(["add", "-A"])
        let failed = try ProcessRunner.run(preCommit, ["run"], environment: env, directory: repo.url)
        #expect(failed.status == 1)
        #expect(failed.stdoutText.contains("migcheck (Alembic migrations)"))
        #expect(failed.stdoutText.contains("edited-migration"))
        // A new revision passes.
        try repo.git(["checkout", "-q", "HEAD", "--", ScratchRepository.revisionPath("bbb")])
        try repo.addRevision("ccc", down: "bbb")
        try repo.git(["add", "-A"])
        let passed = try ProcessRunner.run(preCommit, ["run"], environment: env, directory: repo.url)
        #expect(passed.status == 0, "\(passed.stdoutText)")
        #expect(passed.stdoutText.contains("Passed"))
    }

    /// The manifest exactly as users install it: `pre-commit try-repo` clones this package,
    /// builds it with `language: swift` (a release build, minutes) and runs the hook on a commit
    /// that edits a merged migration.
    @Test(.timeLimit(.minutes(30))) func preCommitBuildsTheSwiftHookAndRefusesAnEdit() throws {
        let preCommit = URL(fileURLWithPath: TestEnvironment.python).deletingLastPathComponent().appendingPathComponent("pre-commit").path
        try #require(FileManager.default.isExecutableFile(atPath: preCommit), "pre-commit is not installed in the venv: run ci/setup.sh")
        let repo = try ScratchRepository.withHistory()
        try repo.git(["checkout", "-q", "-b", "feature"])
        try repo.addRevision("bbb", down: "aaa", body: "op.execute(\"SELECT 42\")")
        try repo.git(["add", "-A"])
        var env = ProcessInfo.processInfo.environment
        env["PRE_COMMIT_HOME"] = repo.directory.url.appendingPathComponent("pre-commit-home").path
        env["CI"] = ""
        env["NO_COLOR"] = "1"
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        let result = try ProcessRunner.run(
            preCommit, ["try-repo", TestEnvironment.packageRoot.path, "migcheck"], environment: env, directory: repo.url)
        #expect(result.status == 1, "\(result.stdoutText)\(result.stderrText)")
        #expect(result.stdoutText.contains("migcheck (Alembic migrations)"))
        #expect(result.stdoutText.contains("edited-migration"), "\(result.stdoutText)")
    }
}
