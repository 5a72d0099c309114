import Foundation
import Testing

@testable import MigcheckCore

/// `migcheck merge --onto-base`: the fix the diverged-from-base finding suggests, in real git repositories.
@Suite("migcheck merge --onto-base")
struct MergeOntoBaseTests {
    /// A repository whose `main` gained `main00000001` after `feature` branched off and added `feat00000001`.
    static func divergedRepository(_ repo: URL) throws {
        try git(repo, "init", "-q", "-b", "main")
        try git(repo, "config", "user.name", "Test")
        try git(repo, "config", "user.email", "test@example.com")
        try git(repo, "config", "commit.gpgsign", "false")
        try MergeProject.make(style: "generic", heads: 0, in: repo)
        try git(repo, "add", "-A")
        try git(repo, "commit", "-qm", "base")
        let versions = repo.appendingPathComponent("migrations/versions")
        try git(repo, "checkout", "-qb", "feature")
        try MergeProject.writeRevision("feat00000001", down: MergeProject.baseID, message: "add feature", in: versions)
        try git(repo, "add", "-A")
        try git(repo, "commit", "-qm", "feature migration")
        try git(repo, "checkout", "-q", "main")
        try MergeProject.writeRevision("main00000001", down: MergeProject.baseID, message: "add main", in: versions)
        try git(repo, "add", "-A")
        try git(repo, "commit", "-qm", "main migration")
        try git(repo, "checkout", "-q", "feature")
    }

    static func git(_ repo: URL, _ args: String...) throws {
        let r = try ProcessRunner.run("git", Array(args), environment: TestEnvironment.isolated(), directory: repo)
        try #require(r.status == 0, "git \(args.joined(separator: " ")): \(r.stderrText)")
    }

    @Test("writes the merge of this branch's head and the base's head; one head after the PR merges")
    func fixesDivergence() throws {
        let scratch = try ScratchDirectory(purpose: "test-merge-onto-base")
        let repo = scratch.url
        try Self.divergedRepository(repo)
        let check = try TestEnvironment.runMigcheck(["check", "--base", "main"], in: repo)
        #expect(check.status == 1 && check.stdoutText.contains("diverged-from-base"), "\(check.stdoutText)")
        #expect(check.stdoutText.contains("migcheck merge --onto-base"))

        let merge = try TestEnvironment.runMigcheck(
            ["merge", "--onto-base", "--base", "main", "-m", "merge main", "--rev-id", "mm0000000001"], in: repo)
        #expect(merge.status == 0, "\(merge.stdoutText)\(merge.stderrText)")
        #expect(merge.stdoutText.contains("Merged feat00000001, main00000001 into mm0000000001"), "\(merge.stdoutText)")
        #expect(merge.stdoutText.contains("Single head after merging main: mm0000000001"), "\(merge.stdoutText)")
        #expect(merge.stdoutText.contains("main00000001 is on main but not in this working tree yet"), "\(merge.stdoutText)")
        let file = repo.appendingPathComponent("migrations/versions/mm0000000001_merge_main.py")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("down_revision: Union[str, Sequence[str], None] = ('feat00000001', 'main00000001')"))
        #expect(text.contains("Revises: feat00000001, main00000001"))

        // The PR merges: main gets both revisions and the merge revision, and one head.
        try Self.git(repo, "add", "-A")
        try Self.git(repo, "commit", "-qm", "merge revision")
        try Self.git(repo, "checkout", "-q", "main")
        try Self.git(repo, "merge", "-q", "--no-edit", "feature")
        let heads = try TestEnvironment.runAlembic(["heads"], in: repo)
        #expect(heads.stdoutText == "mm0000000001 (head)\n", "\(heads.stdoutText)\(heads.stderrText)")
        let after = try TestEnvironment.runMigcheck(["check", "--no-git"], in: repo)
        #expect(after.status == 0, "\(after.stdoutText)")
    }

    @Test("nothing to merge when the branch already builds on the base's head")
    func nothingToMerge() throws {
        let scratch = try ScratchDirectory(purpose: "test-merge-onto-base-none")
        let repo = scratch.url
        try Self.divergedRepository(repo)
        try Self.git(repo, "checkout", "-q", "main")
        try Self.git(repo, "checkout", "-qb", "later")
        try MergeProject.writeRevision(
            "late00000001", down: "main00000001", message: "later", in: repo.appendingPathComponent("migrations/versions"))
        let before = MergeProject.files(under: repo)
        let result = try TestEnvironment.runMigcheck(["merge", "--onto-base", "--base", "main"], in: repo)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText == "Nothing to merge: this branch and main end in a single head.\n", "\(result.stdoutText)")
        #expect(MergeProject.files(under: repo) == before)
    }

    @Test("a missing base is a could-not-check error with the fix")
    func missingBase() throws {
        let scratch = try ScratchDirectory(purpose: "test-merge-onto-base-missing")
        try Self.divergedRepository(scratch.url)
        let result = try TestEnvironment.runMigcheck(["merge", "--onto-base", "--base", "origin/nosuch"], in: scratch.url)
        #expect(result.status == 2)
        #expect(result.stderrText.contains("git fetch origin nosuch"), "\(result.stderrText)")
    }

    @Test("--base without --onto-base and revisions with --onto-base are usage errors")
    func usage() throws {
        let scratch = try ScratchDirectory(purpose: "test-merge-onto-base-usage")
        try MergeProject.make(style: "generic", heads: 2, in: scratch.url)
        #expect(try TestEnvironment.runMigcheck(["merge", "--base", "main"], in: scratch.url).status == 64)
        #expect(try TestEnvironment.runMigcheck(["merge", "--onto-base", "heads"], in: scratch.url).status == 64)
    }
}
