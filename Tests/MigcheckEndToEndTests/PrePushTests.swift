import Foundation
import Testing

@testable import MigcheckCore

/// Pre-push checks what is pushed, not HEAD: the plain git hook (every ref on stdin) and the
/// pre-commit framework running the manifest's `migcheck-pre-push` hook (`check --pre-push`).
@Suite("Pre-push")
struct PrePushTests {
    /// A repository with `origin` (bare) holding main, plus local branches `edit` (edits merged
    /// bbb), `clean` and `clean2` (new revisions), all unpushed; main is checked out.
    func pushScenario() throws -> ScratchRepository {
        let repo = try ScratchRepository.withHistory()
        let remote = repo.directory.url.appendingPathComponent("remote.git")
        try ScratchRepository.runGit(["init", "-q", "--bare", "-b", "main", remote.path], in: repo.directory.url)
        try repo.git(["remote", "add", "origin", remote.path])
        try repo.git(["push", "-q", "origin", "main"])
        for (branch, edit) in [("edit", true), ("clean", false), ("clean2", false)] {
            try repo.git(["checkout", "-q", "-b", branch, "main"])
            if edit {
                try CIScenario.editBBB(repo)
            } else {
                try repo.addRevision("ccc", down: "bbb")
            }
            try repo.git(["add", "-A"])
            try repo.git(["commit", "-q", "--no-verify", "-m", "\(branch) work"])
        }
        try repo.git(["checkout", "-q", "main"])
        return repo
    }

    func push(_ repo: ScratchRepository, _ refs: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        var env = TestEnvironment.isolated()
        env.merge(CIScenario.cleanCI) { $1 }
        env.merge(["GIT_CONFIG_NOSYSTEM": "1", "NO_COLOR": "1", "MIGCHECK_SKIP": ""]) { $1 }
        env.removeValue(forKey: "MIGCHECK")
        env.merge(environment) { $1 }
        return try ProcessRunner.run("git", ["push", "-q", "origin"] + refs, environment: env, directory: repo.url)
    }

    func remoteHas(_ repo: ScratchRepository, _ branch: String) throws -> Bool {
        try !repo.git(["ls-remote", "origin", "refs/heads/\(branch)"]).isEmpty
    }

    @Test func plainHookRefusesANonCurrentBranchAndChecksEveryRef() throws {
        let repo = try pushScenario()
        let env = ["MIGCHECK": TestEnvironment.migcheck.path]
        #expect(try repo.migcheck(["hook", "install", "--pre-push"]).status == 0)
        // Standing on main, pushing another branch: that branch is checked.
        let refused = try push(repo, ["edit"], environment: env)
        #expect(refused.status != 0)
        #expect(refused.stdoutText.contains("edited-migration"), "\(refused.stdoutText)\(refused.stderrText)")
        #expect(try !remoteHas(repo, "edit"))
        // Several refs at once: the edit in any of them refuses the whole push.
        for order in [["clean", "edit"], ["edit", "clean"]] {
            let several = try push(repo, order, environment: env)
            #expect(several.status != 0, "\(order)")
            #expect(try !remoteHas(repo, "clean") && !remoteHas(repo, "edit"))
        }
        let accepted = try push(repo, ["clean", "clean2"], environment: env)
        #expect(accepted.status == 0, "\(accepted.stdoutText)\(accepted.stderrText)")
        #expect(try remoteHas(repo, "clean") && remoteHas(repo, "clean2"))
    }

    /// The manifest's hook as users install it (`pre-commit install --hook-type pre-push`), with
    /// `language: system` so the built binary on PATH runs the manifest's own entry.
    @Test func preCommitFrameworkChecksThePushedBranch() throws {
        let bin = URL(fileURLWithPath: TestEnvironment.python).deletingLastPathComponent()
        let preCommit = bin.appendingPathComponent("pre-commit").path
        try #require(FileManager.default.isExecutableFile(atPath: preCommit), "pre-commit is not installed in the venv: run ci/setup.sh")
        let hooksRepo = try ScratchRepository(project: false)
        try FileManager.default.copyItem(
            at: TestEnvironment.packageRoot.appendingPathComponent(".pre-commit-hooks.yaml"),
            to: hooksRepo.url.appendingPathComponent(".pre-commit-hooks.yaml"))
        try hooksRepo.commitAll("hooks")
        let rev = try hooksRepo.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let repo = try pushScenario()
        try repo.write(
            ".pre-commit-config.yaml",
            """
            repos:
            -   repo: \(hooksRepo.path)
                rev: \(rev)
                hooks:
                -   id: migcheck-pre-push
                    language: system

            """)
        try repo.git(["add", "-A"])
        try repo.git(["commit", "-q", "--no-verify", "-m", "pre-commit config"])
        try repo.git(["push", "-q", "--no-verify", "origin", "main"])
        for branch in ["edit", "clean"] { try repo.git(["rebase", "-q", "main", branch]) }
        try repo.git(["checkout", "-q", "main"])
        let migcheckDir = TestEnvironment.migcheck.deletingLastPathComponent().path
        let env = [
            "PRE_COMMIT_HOME": repo.directory.url.appendingPathComponent("pre-commit-home").path,
            "PATH": "\(migcheckDir):\(bin.path):\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")",
        ]
        let install = try ProcessRunner.run(
            preCommit, ["install", "--hook-type", "pre-push"],
            environment: ProcessInfo.processInfo.environment.merging(env) { $1 }, directory: repo.url)
        #expect(install.status == 0, "\(install.stdoutText)\(install.stderrText)")
        let refused = try push(repo, ["edit"], environment: env)
        #expect(refused.status != 0)
        #expect(refused.stdoutText.contains("edited-migration"), "\(refused.stdoutText)\(refused.stderrText)")
        #expect(refused.stdoutText.contains("checking pre-push to edit"))
        #expect(try !remoteHas(repo, "edit"))
        let accepted = try push(repo, ["clean"], environment: env)
        #expect(accepted.status == 0, "\(accepted.stdoutText)\(accepted.stderrText)")
        #expect(try remoteHas(repo, "clean"))
    }
}
