import Foundation
import Testing

@testable import MigcheckCore

/// `migcheck check` git rules in real repositories: each rule firing and staying quiet in each
/// mode (working tree, --staged, --head, push to main).
@Suite("Git check rules")
struct GitCheckTests {
    /// A feature branch off main with history aaa ← bbb.
    func featureRepo() throws -> ScratchRepository {
        let repo = try ScratchRepository.withHistory()
        try repo.git(["checkout", "-q", "-b", "feature"])
        return repo
    }

    func editBBB(_ repo: ScratchRepository) throws {
        try repo.addRevision("bbb", down: "aaa", body: "op.execute(\"SELECT 42\")")
    }

    @Test func editedMigrationInWorkingTree() throws {
        let repo = try featureRepo()
        #expect(try repo.migcheck(["check"]).status == 0)
        try editBBB(repo)
        let result = try repo.migcheck(["check"])
        #expect(result.status == 1)
        #expect(result.reports("edited-migration"))
        #expect(result.stdoutText.contains("upgrade() changed"))
        #expect(result.stdoutText.contains("migrations/versions/bbb_step.py:15"))
        // Not staged: the index is clean.
        #expect(try repo.migcheck(["check", "--staged"]).status == 0)
    }

    @Test func editedMigrationStagedAndCommitted() throws {
        let repo = try featureRepo()
        try editBBB(repo)
        try repo.git(["add", "-A"])
        let staged = try repo.migcheck(["check", "--staged"])
        #expect(staged.status == 1 && staged.reports("edited-migration"))
        try repo.git(["commit", "-q", "-m", "edit"])
        let head = try repo.migcheck(["check", "--head", "HEAD"])
        #expect(head.status == 1 && head.reports("edited-migration"))
        // The commit before the edit is clean.
        #expect(try repo.migcheck(["check", "--head", "HEAD~1"]).status == 0)
    }

    @Test func newRevisionIsQuietInEveryMode() throws {
        let repo = try featureRepo()
        try repo.addRevision("ccc", down: "bbb")
        #expect(try repo.migcheck(["check"]).status == 0)
        try repo.git(["add", "-A"])
        #expect(try repo.migcheck(["check", "--staged"]).status == 0)
        try repo.git(["commit", "-q", "-m", "ccc"])
        #expect(try repo.migcheck(["check", "--head", "HEAD"]).status == 0)
        // Editing one's own unmerged revision is fine.
        try repo.addRevision("ccc", down: "bbb", body: "op.execute(\"SELECT 3\")")
        try repo.git(["add", "-A"])
        let result = try repo.migcheck(["check", "--staged"])
        #expect(result.status == 0, "\(result.stdoutText)")
    }

    @Test func pushToMainComparesWithFirstParent() throws {
        let repo = try ScratchRepository.withHistory()
        // A new revision pushed straight to main: clean.
        try repo.addRevision("ccc", down: "bbb")
        try repo.commitAll("ccc on main")
        #expect(try repo.migcheck(["check", "--head", "HEAD"]).status == 0)
        // An edit pushed straight to main: merge-base == HEAD, so the first parent is the reference.
        try repo.addRevision("ccc", down: "bbb", body: "op.execute(\"SELECT 99\")")
        try repo.commitAll("edit ccc on main")
        let result = try repo.migcheck(["check", "--head", "HEAD", "--base", "main"])
        #expect(result.status == 1)
        #expect(result.reports("edited-migration"))
        #expect(result.stdoutText.contains("first parent"))
    }

    @Test func mergeCommitOnMainChecksTheWholeBranch() throws {
        let repo = try featureRepo()
        try editBBB(repo)
        try repo.commitAll("edit bbb on feature")
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["merge", "-q", "--no-ff", "-m", "merge feature", "feature"])
        let result = try repo.migcheck(["check", "--head", "HEAD"])
        #expect(result.status == 1 && result.reports("edited-migration"))
    }

    @Test func lineEndingsAreIgnoredCommentsOnlyWithTheSetting() throws {
        let repo = try featureRepo()
        let original = try repo.read(ScratchRepository.revisionPath("bbb"))
        try repo.write(ScratchRepository.revisionPath("bbb"), original.replacingOccurrences(of: "\n", with: "\r\n"))
        let crlf = try repo.migcheck(["check"])
        #expect(crlf.status == 0, "\(crlf.stdoutText)")
        let commented = original.replacingOccurrences(of: "def upgrade():\n", with: "def upgrade():\n    # explain the step\n")
            .replacingOccurrences(of: "\"\"\"step bbb", with: "\"\"\"step bbb, reworded")
        try repo.write(ScratchRepository.revisionPath("bbb"), commented)
        let strict = try repo.migcheck(["check"])
        #expect(strict.status == 1 && strict.reports("edited-migration"))
        try repo.write("migcheck.toml", "ignore-comment-changes = true\n")
        let relaxed = try repo.migcheck(["check"])
        #expect(relaxed.status == 0, "\(relaxed.stdoutText)")
        // A code change still fires with the setting on.
        try editBBB(repo)
        #expect(try repo.migcheck(["check"]).reports("edited-migration"))
    }

    @Test func allowlistIsPinnedToTheBlob() throws {
        let repo = try featureRepo()
        try editBBB(repo)
        let blob = try repo.git(["hash-object", ScratchRepository.revisionPath("bbb")]).trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.write("migcheck.toml", "[[allow-edits]]\nrevision = \"bbb\"\nblob = \"\(blob)\"\n")
        let allowed = try repo.migcheck(["check"])
        #expect(allowed.status == 0, "\(allowed.stdoutText)")
        // The hint of the original finding names that same blob id.
        try repo.write("migcheck.toml", "")
        #expect(try repo.migcheck(["check"]).stdoutText.contains(blob))
        try repo.write("migcheck.toml", "[[allow-edits]]\nrevision = \"bbb\"\nblob = \"\(blob)\"\n")
        try repo.addRevision("bbb", down: "aaa", body: "op.execute(\"SELECT 43\")")
        let later = try repo.migcheck(["check"])
        #expect(later.status == 1 && later.reports("edited-migration"))
    }

    @Test func deletedMigration() throws {
        let repo = try featureRepo()
        try repo.addRevision("ccc", down: "bbb")
        try repo.commitAll("ccc")
        try repo.git(["rm", "-q", ScratchRepository.revisionPath("ccc")])
        // Deleting the branch's own revision is fine.
        #expect(try repo.migcheck(["check", "--staged"]).status == 0)
        try repo.git(["reset", "-q", "--hard"])
        try repo.git(["rm", "-q", ScratchRepository.revisionPath("bbb")])
        try repo.addRevision("ccc", down: "aaa")
        try repo.git(["add", "-A"])
        let staged = try repo.migcheck(["check", "--staged"])
        #expect(staged.status == 1 && staged.reports("deleted-migration"))
        #expect(staged.stdoutText.contains("revision bbb"))
        try repo.git(["commit", "-q", "-m", "delete bbb"])
        #expect(try repo.migcheck(["check", "--head", "HEAD"]).reports("deleted-migration"))
    }

    @Test func movedMigration() throws {
        let repo = try featureRepo()
        try repo.git(["mv", ScratchRepository.revisionPath("aaa"), "migrations/versions/aaa_renamed.py"])
        let same = try repo.migcheck(["check", "--staged"])
        #expect(same.status == 0)
        #expect(same.reports("moved-migration"))
        #expect(same.stdoutText.contains("warning: revision aaa was moved"))
        let text = try repo.read("migrations/versions/aaa_renamed.py")
        try repo.write("migrations/versions/aaa_renamed.py", text.replacingOccurrences(of: "SELECT 2", with: "SELECT 22"))
        try repo.git(["add", "-A"])
        let changed = try repo.migcheck(["check", "--staged"])
        #expect(changed.status == 1)
        #expect(changed.stdoutText.contains("error: revision aaa was moved"))
        #expect(changed.stdoutText.contains("downgrade() changed"))
        // Also in the working tree, for an untracked move.
        try repo.git(["reset", "-q", "--hard"])
        try FileManager.default.moveItem(
            atPath: repo.path + "/" + ScratchRepository.revisionPath("aaa"), toPath: repo.path + "/migrations/versions/aaa_x.py")
        let worktree = try repo.migcheck(["check"])
        #expect(worktree.reports("moved-migration"), "\(worktree.stdoutText)")
    }

    @Test func divergedFromBaseFiresUntilRebased() throws {
        let repo = try featureRepo()
        try repo.addRevision("ccc", down: "bbb")
        try repo.commitAll("ccc on feature")
        #expect(try repo.migcheck(["check", "--head", "HEAD"]).status == 0)
        try repo.git(["checkout", "-q", "main"])
        try repo.addRevision("ddd", down: "bbb")
        try repo.commitAll("ddd on main")
        try repo.git(["checkout", "-q", "feature"])
        for mode in [["check"], ["check", "--staged"], ["check", "--head", "HEAD"]] {
            let result = try repo.migcheck(mode)
            #expect(result.status == 1, "\(mode)")
            #expect(result.reports("diverged-from-base"))
            #expect(result.stdoutText.contains("ccc (migrations/versions/ccc_step.py, this branch)"))
            #expect(result.stdoutText.contains("ddd (migrations/versions/ddd_step.py, on main)"))
            #expect(result.stdoutText.contains("both build on bbb"))
            #expect(result.stdoutText.contains("migcheck merge --onto-base"))
        }
        // Rebase onto main and re-point ccc at ddd: quiet.
        try repo.git(["rebase", "-q", "main"])
        try repo.addRevision("ccc", down: "ddd")
        try repo.commitAll("re-point ccc")
        let rebased = try repo.migcheck(["check", "--head", "HEAD"])
        #expect(rebased.status == 0, "\(rebased.stdoutText)")
    }

    @Test func sinceSelectsAnExplicitRange() throws {
        let repo = try featureRepo()
        try repo.addRevision("ccc", down: "bbb")
        try repo.commitAll("ccc")
        let pushed = try repo.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.addRevision("ccc", down: "bbb", body: "op.execute(\"SELECT 7\")")
        try repo.commitAll("edit ccc")
        // Against the merge base ccc is new; since the pushed commit it is an edit.
        #expect(try repo.migcheck(["check", "--head", "HEAD"]).status == 0)
        let ranged = try repo.migcheck(["check", "--head", "HEAD", "--since", pushed])
        #expect(ranged.status == 1 && ranged.reports("edited-migration"))
    }

    @Test func shallowCloneFailsClosedInCI() throws {
        let origin = try featureRepo()
        try origin.addRevision("ccc", down: "bbb")
        try origin.commitAll("ccc")
        let clone = origin.directory.url.appendingPathComponent("shallow")
        try ScratchRepository.runGit(
            ["clone", "-q", "--depth", "1", "--branch", "feature", "file://" + origin.path, clone.path], in: origin.directory.url)
        let env = ["CI": "true", "NO_COLOR": "1"]
        let ci = try TestEnvironment.runMigcheck(["check", "--head", "HEAD"], in: clone, environment: env)
        #expect(ci.status == 2)
        #expect(ci.stderrText.contains("shallow"))
        #expect(ci.stderrText.contains("fetch-depth: 0"))
        #expect(ci.stdoutText.isEmpty)
        // Locally: a warning, and the static rules still run.
        let local = try TestEnvironment.runMigcheck(["check", "--head", "HEAD"], in: clone, environment: ["CI": ""])
        #expect(local.status == 0)
        #expect(local.stderrText.contains("warning: git rules skipped"))
        #expect(local.stdoutText.contains("3 revisions"))
    }

    @Test func missingBaseFailsClosedInCI() throws {
        let repo = try featureRepo()
        let result = try repo.migcheck(["check", "--base", "origin/main"], environment: ["CI": "true"])
        #expect(result.status == 2)
        #expect(result.stderrText.contains("git fetch origin main"))
        #expect(result.stderrText.contains("fetch-depth: 0"))
        let local = try repo.migcheck(["check", "--base", "origin/main"])
        #expect(local.status == 0)
        #expect(local.stderrText.contains("git fetch origin main"))
    }

    @Test func automaticBasePrefersTheRemoteDefaultBranch() throws {
        let origin = try ScratchRepository.withHistory()
        let clone = origin.directory.url.appendingPathComponent("clone")
        try ScratchRepository.runGit(["clone", "-q", "file://" + origin.path, clone.path], in: origin.directory.url)
        try ScratchRepository.configure(clone)
        // The local main moves on, the remote does not: the edit is checked against origin/main.
        try ScratchRepository.runGit(["checkout", "-q", "-b", "work"], in: clone)
        try Data(ScratchRepository.revisionText("bbb", down: "aaa", body: "op.execute(\"SELECT 5\")").utf8)
            .write(to: clone.appendingPathComponent(ScratchRepository.revisionPath("bbb")))
        let result = try TestEnvironment.runMigcheck(["check"], in: clone, environment: ["CI": ""])
        #expect(result.status == 1)
        #expect(result.stdoutText.contains("origin/main"))
    }

    @Test func worksFromSubdirectoriesAndLinkedWorktrees() throws {
        let repo = try featureRepo()
        try editBBB(repo)
        let sub = try repo.migcheck(["check"], in: "migrations/versions")
        #expect(sub.status == 1 && sub.reports("edited-migration"))
        try repo.git(["checkout", "-q", "--", "."])
        let linked = repo.directory.url.appendingPathComponent("linked")
        try repo.git(["worktree", "add", "-q", "-b", "other", linked.path, "main"])
        try Data(ScratchRepository.revisionText("aaa", down: nil, body: "op.execute(\"SELECT 8\")").utf8)
            .write(to: linked.appendingPathComponent(ScratchRepository.revisionPath("aaa")))
        try ScratchRepository.runGit(["add", "-A"], in: linked)
        let result = try TestEnvironment.runMigcheck(
            ["check", "--staged"], in: linked.appendingPathComponent("migrations"), environment: ["CI": ""])
        #expect(result.status == 1 && result.reports("edited-migration"), "\(result.stdoutText)\(result.stderrText)")
    }

    @Test func noGitAndNonRepositories() throws {
        let repo = try featureRepo()
        try editBBB(repo)
        let off = try repo.migcheck(["check", "--no-git"])
        #expect(off.status == 0 && !off.reports("edited-migration"))
        let plain = try TemporaryDirectory(purpose: "nogit")
        defer { plain.remove() }
        try FileManager.default.copyItem(
            at: repo.url.appendingPathComponent("migrations"), to: plain.url.appendingPathComponent("migrations"))
        try FileManager.default.copyItem(
            at: repo.url.appendingPathComponent("alembic.ini"), to: plain.url.appendingPathComponent("alembic.ini"))
        #expect(try TestEnvironment.runMigcheck(["check"], in: plain.url).status == 0)
        let staged = try TestEnvironment.runMigcheck(["check", "--staged"], in: plain.url)
        #expect(staged.status == 2)
        #expect(staged.stderrText.contains("not a git repository"))
        #expect(try TestEnvironment.runMigcheck(["check", "--staged", "--head", "HEAD"], in: plain.url).status == 64)
    }

    @Test func sameResultsOnCheckoutIndexAndCommit() throws {
        let repo = try featureRepo()
        try repo.write(
            ScratchRepository.revisionPath("ccc"),
            "revision = 'ccc'\ndown_revision = 'zzz'\n\ndef upgrade():\n    op.drop_table('t')\n\ndef downgrade():\n    pass\n")
        try repo.commitAll("broken ccc")
        let disk = try repo.migcheck(["check", "--format", "json", "--no-git"]).stdoutText
        let index = try repo.migcheck(["check", "--format", "json", "--staged"]).stdoutText
        let head = try repo.migcheck(["check", "--format", "json", "--head", "HEAD"]).stdoutText
        #expect(disk.contains("missing-parent") && disk.contains("missing-downgrade"))
        // Same findings; only the git runs name a comparison in the summary.
        func findings(_ json: String) throws -> NSArray {
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            return try #require(object?["findings"] as? NSArray)
        }
        #expect(try findings(disk) == findings(index))
        #expect(try findings(disk) == findings(head))
        #expect(!disk.contains("\"comparison\""))
        #expect(head.contains("\"comparison\""))
    }
}
