import Foundation
import Testing

@testable import MigcheckCore

/// Migrations inside a git submodule: the git rules read the submodule's own history, found
/// from the environment's location, whatever the working directory (#13 item 1).
@Suite("Git submodules")
struct GitSubmoduleTests {
    /// A superproject (`README.md` committed on main) with `inner`, a submodule holding the
    /// standard history (`aaa` ← `bbb` on main), and the submodule's `bbb` edited in its checkout.
    struct Fixture {
        let inner: ScratchRepository
        let superproject: ScratchRepository
        var submodule: URL { superproject.url.appendingPathComponent("inner") }

        init(editBBB: Bool = true) throws {
            inner = try ScratchRepository.withHistory()
            superproject = try ScratchRepository(project: false)
            try superproject.write("README.md", "superproject\n")
            try superproject.commitAll("readme")
            try superproject.git(["-c", "protocol.file.allow=always", "submodule", "add", "-q", inner.path, "inner"])
            try superproject.git(["commit", "-q", "-m", "add the submodule"])
            try ScratchRepository.configure(submodule)
            if editBBB {
                try superproject.write(
                    "inner/" + ScratchRepository.revisionPath("bbb"),
                    ScratchRepository.revisionText("bbb", down: "aaa", body: "op.execute(\"SELECT 42\")"))
            }
        }
    }

    @Test(arguments: [["check"], ["check", "--all"], ["check", "--config", "inner/alembic.ini"]])
    func anEditInsideTheSubmoduleIsFoundFromTheSuperproject(_ arguments: [String]) throws {
        let fixture = try Fixture()
        let result = try fixture.superproject.migcheck(arguments)
        #expect(result.status == 1, "\(result.stdoutText)\(result.stderrText)")
        #expect(result.reports("edited-migration"), "\(result.stdoutText)")
        let lines = result.stdoutText.split(separator: "\n")
        #expect(
            lines.first?.hasPrefix("checking git: ") == true && lines.first?.hasSuffix(" in submodule inner") == true,
            "\(result.stdoutText)")
        // Paths stay relative to where migcheck runs; the revert hint runs git in the submodule.
        #expect(result.stdoutText.contains("inner/migrations/versions/bbb_step.py:"), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("`git -C inner checkout "), "\(result.stdoutText)")
    }

    @Test func runInsideTheSubmoduleTheFirstLineIsUnchanged() throws {
        let fixture = try Fixture()
        let result = try fixture.superproject.migcheck(["check"], in: "inner")
        #expect(result.status == 1 && result.reports("edited-migration"), "\(result.stdoutText)\(result.stderrText)")
        #expect(!result.stdoutText.hasPrefix("checking"), "\(result.stdoutText)")
    }

    @Test func aCleanSubmoduleAndStagedEdits() throws {
        let fixture = try Fixture(editBBB: false)
        let clean = try fixture.superproject.migcheck(["check"])
        #expect(clean.status == 0, "\(clean.stdoutText)\(clean.stderrText)")
        #expect(clean.stdoutText.contains("inner/alembic.ini: 2 revisions, 1 head"), "\(clean.stdoutText)")
        // --staged reads the submodule's own index.
        try fixture.superproject.write(
            "inner/" + ScratchRepository.revisionPath("bbb"),
            ScratchRepository.revisionText("bbb", down: "aaa", body: "op.execute(\"SELECT 42\")"))
        #expect(try fixture.superproject.migcheck(["check", "--staged"]).status == 0)
        try ScratchRepository.runGit(["add", "-A"], in: fixture.submodule)
        let staged = try fixture.superproject.migcheck(["check", "--staged"])
        #expect(staged.status == 1 && staged.reports("edited-migration"), "\(staged.stdoutText)\(staged.stderrText)")
        #expect(staged.stdoutText.hasPrefix("checking git: "), "\(staged.stdoutText)")
    }

    @Test func allChecksEachEnvironmentInItsOwnRepository() throws {
        let fixture = try Fixture()
        try fixture.superproject.write("alembic.ini", "[alembic]\nscript_location = migrations\n")
        try fixture.superproject.addRevision("top", down: nil)
        try fixture.superproject.commitAll("the superproject's own environment")
        // An edit of the superproject's own merged revision, beside the submodule's.
        try fixture.superproject.addRevision("top", down: nil, body: "op.execute(\"SELECT 7\")")
        let result = try fixture.superproject.migcheck(["check", "--all"])
        #expect(result.status == 1, "\(result.stdoutText)\(result.stderrText)")
        #expect(result.stdoutText.contains("migrations/versions/top_step.py:"), "\(result.stdoutText)")
        #expect(result.stdoutText.contains("inner/migrations/versions/bbb_step.py:"), "\(result.stdoutText)")
        #expect(
            result.stdoutText.contains("alembic.ini: 1 revision, 1 head; inner/alembic.ini: 2 revisions, 1 head"), "\(result.stdoutText)")
        #expect(result.stdoutText.split(separator: "\n").first?.contains("; git: ") == true, "\(result.stdoutText)")
    }

    /// `--head` (and `--since`, a push's or a CI event's commits) names superproject commits:
    /// each is read through the gitlink it records for the submodule.
    @Test func headNamesTheSuperprojectCommitAndItsRecordedSubmoduleCommit() throws {
        let fixture = try Fixture()
        try ScratchRepository.runGit(["checkout", "-q", "-b", "feature"], in: fixture.submodule)
        try ScratchRepository.runGit(["commit", "-q", "-a", "-m", "edit bbb"], in: fixture.submodule)
        try fixture.superproject.git(["commit", "-q", "-a", "-m", "record the edited submodule"])
        let head = try fixture.superproject.migcheck(["check", "--head", "HEAD"])
        #expect(head.status == 1 && head.reports("edited-migration"), "\(head.stdoutText)\(head.stderrText)")
        #expect(head.stdoutText.hasPrefix("checking git: "), "\(head.stdoutText)")
        // The superproject's previous commit records the submodule before the edit.
        let before = try fixture.superproject.migcheck(["check", "--head", "HEAD~1"])
        #expect(before.status == 0, "\(before.stdoutText)\(before.stderrText)")
        // A range between the two superproject commits.
        let since = try fixture.superproject.migcheck(["check", "--head", "HEAD", "--since", "HEAD~1"])
        #expect(since.status == 1 && since.reports("edited-migration"), "\(since.stdoutText)\(since.stderrText)")
    }

    @Test func versionsInAnotherRepositoryThanTheConfigAreRefused() throws {
        let fixture = try Fixture()
        try fixture.superproject.write(
            "alembic.ini", "[alembic]\nscript_location = migrations\nversion_locations = inner/migrations/versions\n")
        try fixture.superproject.write("migrations/env.py", "")
        let result = try fixture.superproject.migcheck(["check"])
        #expect(result.status == 2, "\(result.stdoutText)\(result.stderrText)")
        #expect(
            result.stderrText.contains("alembic.ini: its versions directory inner/migrations/versions is in the git repository at"),
            "\(result.stderrText)")
        // Without git there is nothing to refuse.
        #expect(try fixture.superproject.migcheck(["check", "--no-git"]).status == 0)
    }
}
