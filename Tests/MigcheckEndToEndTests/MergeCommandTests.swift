import Foundation
import Testing

@testable import MigcheckCore

/// `migcheck merge` as a user runs it: refusals, dry runs, unsupported templates, hooks, and a
/// two-head repository fixed in one command.
@Suite("migcheck merge command")
struct MergeCommandTests {
    @Test("merging a non-head is refused with Alembic's message and hint; nothing is written")
    func nonHeadRefused() throws {
        let scratch = try ScratchDirectory(purpose: "test-merge-nonhead")
        let dir = scratch.url
        try MergeProject.make(style: "generic", heads: 2, in: dir)
        let before = MergeProject.files(under: dir)
        let ours = try TestEnvironment.runMigcheck(["merge", "--rev-id", "x1", MergeProject.baseID, MergeProject.headIDs[0]], in: dir)
        #expect(ours.status == 2)
        let expected =
            "Revision \(MergeProject.baseID) is not a head revision; please specify --splice to create a new branch from this revision"
        #expect(ours.stderrText.contains(expected), "\(ours.stderrText)")
        #expect(MergeProject.files(under: dir) == before)
        let alembic = try TestEnvironment.runAlembic(["merge", "--rev-id", "x1", MergeProject.baseID, MergeProject.headIDs[0]], in: dir)
        #expect(alembic.status != 0)
        #expect((alembic.stdoutText + alembic.stderrText).contains(expected), "alembic says: \(alembic.stdoutText)\(alembic.stderrText)")
    }

    @Test("--splice merges a non-head, as alembic merge --splice does")
    func spliceAllowed() throws {
        let scratch = try ScratchDirectory(purpose: "test-merge-splice")
        try MergeProject.make(style: "generic", heads: 2, in: scratch.url)
        let result = try TestEnvironment.runMigcheck(
            ["merge", "--splice", "--rev-id", "s1", MergeProject.baseID, MergeProject.headIDs[0]], in: scratch.url)
        #expect(result.status == 1, "written, but the check still sees two heads: \(result.stdoutText)\(result.stderrText)")
        #expect(result.stdoutText.contains("Still 2 heads"))
        #expect(FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("migrations/versions/s1_.py").path))
    }

    @Test("with a single head: a clear message, exit 0, nothing written")
    func singleHead() throws {
        let scratch = try ScratchDirectory(purpose: "test-merge-single")
        try MergeProject.make(style: "generic", heads: 1, in: scratch.url)
        let before = MergeProject.files(under: scratch.url)
        let result = try TestEnvironment.runMigcheck(["merge"], in: scratch.url)
        #expect(result.status == 0)
        #expect(result.stdoutText == "Nothing to merge: a single head.\n\(MergeProject.headIDs[0]) (head)\n", "\(result.stdoutText)")
        #expect(MergeProject.files(under: scratch.url) == before)
    }

    @Test("unknown revisions and duplicates are refused")
    func badRevisions() throws {
        let scratch = try ScratchDirectory(purpose: "test-merge-bad")
        try MergeProject.make(style: "generic", heads: 2, in: scratch.url)
        let unknown = try TestEnvironment.runMigcheck(["merge", "nosuch", MergeProject.headIDs[0]], in: scratch.url)
        #expect(unknown.status == 2)
        #expect(unknown.stderrText.contains("No such revision or branch 'nosuch'"))
        let duplicate = try TestEnvironment.runMigcheck(["merge", MergeProject.headIDs[0], MergeProject.headIDs[0]], in: scratch.url)
        #expect(duplicate.status == 2)
        #expect(duplicate.stderrText.contains("Duplicate head revisions specified"))
        let one = try TestEnvironment.runMigcheck(["merge", MergeProject.headIDs[0]], in: scratch.url)
        #expect(one.status == 2)
        #expect(one.stderrText.contains("a merge needs at least two revisions"), "\(one.stderrText)")
        let badID = try TestEnvironment.runMigcheck(["merge", "--rev-id", "a-b"], in: scratch.url)
        #expect(badID.status == 2)
        #expect(badID.stderrText.contains("Character(s) '-' not allowed in revision identifier 'a-b'"))
        let taken = try TestEnvironment.runMigcheck(["merge", "--rev-id", MergeProject.baseID], in: scratch.url)
        #expect(taken.status == 2)
        #expect(taken.stderrText.contains("already exists"))
    }

    @Test("--dry-run prints the file alembic would write and writes nothing")
    func dryRun() throws {
        let scratch = try ScratchDirectory(purpose: "test-merge-dry")
        let dir = scratch.sub("m")
        let alembicDir = scratch.sub("a")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try MergeProject.make(style: "alembic-1.11", heads: 3, in: dir)
        try MergeProject.copy(dir, to: alembicDir)
        let before = MergeProject.files(under: dir)
        let result = try TestEnvironment.runMigcheck(["merge", "--dry-run", "-m", "dry", "--rev-id", "dr1"], in: dir)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(MergeProject.files(under: dir) == before)
        #expect(result.stderrText.contains("would write migrations/versions/dr1_dry.py"), "\(result.stderrText)")
        let alembic = try TestEnvironment.runAlembic(["merge", "-m", "dry", "--rev-id", "dr1", "heads"], in: alembicDir)
        try #require(alembic.status == 0, "\(alembic.stderrText)")
        let theirs = try Data(contentsOf: alembicDir.appendingPathComponent("migrations/versions/dr1_dry.py"))
        #expect(MergeProject.splitCreateDate(result.stdout).rest == MergeProject.splitCreateDate(theirs).rest)
    }

    @Test("a template construct outside the subset: named with file:line, exit 2, nothing written")
    func unsupportedTemplate() throws {
        let scratch = try ScratchDirectory(purpose: "test-merge-unsupported")
        try MergeProject.make(style: "generic", heads: 2, in: scratch.url)
        let template = scratch.url.appendingPathComponent("migrations/script.py.mako")
        var text = try String(contentsOf: template, encoding: .utf8)
        text = text.replacingOccurrences(of: "from alembic import op\n", with: "from alembic import op\n<%include file=\"extra.mako\"/>\n")
        try text.write(to: template, atomically: true, encoding: .utf8)
        let line = text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("<%include") }! + 1
        let before = MergeProject.files(under: scratch.url)
        let result = try TestEnvironment.runMigcheck(["merge", "--rev-id", "u1"], in: scratch.url)
        #expect(result.status == 2)
        #expect(
            result.stderrText.contains("migrations/script.py.mako:\(line): Mako tag <%include> is not supported"), "\(result.stderrText)")
        #expect(MergeProject.files(under: scratch.url) == before)
    }

    @Test("an undefined name rendered directly fails like alembic's NameError; nothing written")
    func undefinedName() throws {
        let scratch = try ScratchDirectory(purpose: "test-merge-undefined")
        try MergeProject.make(style: "alembic-1.0", heads: 2, in: scratch.url)
        let template = scratch.url.appendingPathComponent("migrations/script.py.mako")
        let text = try String(contentsOf: template, encoding: .utf8).replacingOccurrences(
            of: "${imports if imports else \"\"}", with: "${imports}")
        try text.write(to: template, atomically: true, encoding: .utf8)
        let before = MergeProject.files(under: scratch.url)
        let result = try TestEnvironment.runMigcheck(["merge", "--rev-id", "u2"], in: scratch.url)
        #expect(result.status == 2)
        #expect(result.stderrText.contains("migrations/script.py.mako:10: in '${imports}': 'imports' is undefined"), "\(result.stderrText)")
        #expect(MergeProject.files(under: scratch.url) == before)
        let alembic = try TestEnvironment.runAlembic(["merge", "--rev-id", "u2", "heads"], in: scratch.url)
        #expect(
            alembic.status != 0 && (alembic.stdoutText + alembic.stderrText).contains("Template rendering failed"),
            "\(alembic.stdoutText)\(alembic.stderrText)")
    }

    @Test("post_write_hooks whose tool is missing: announced and skipped with a warning")
    func missingHookTool() throws {
        let scratch = try ScratchDirectory(purpose: "test-merge-hooks")
        let hooks =
            "\n[post_write_hooks]\nhooks = black\nblack.type = console_scripts\nblack.entrypoint = migcheck-test-no-such-formatter\nblack.options = -l 79\n"
        try MergeProject.make(style: "generic", heads: 2, in: scratch.url, postWriteHooks: hooks)
        let result = try TestEnvironment.runMigcheck(["merge", "--rev-id", "h2"], in: scratch.url)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(
            result.stderrText.contains("warning: post write hook 'black' not run: migcheck-test-no-such-formatter is not on PATH"),
            "\(result.stderrText)")
        #expect(result.stdoutText.contains("Single head now: h2"))
    }

    @Test("a two-head sample repository is fixed in one command")
    func twoHeadRepositoryFixed() throws {
        let scratch = try ScratchDirectory(purpose: "test-merge-repo")
        let repo = scratch.url
        func git(_ args: String...) throws {
            let r = try ProcessRunner.run("git", Array(args), environment: TestEnvironment.isolated(), directory: repo)
            try #require(r.status == 0, "git \(args.joined(separator: " ")): \(r.stderrText)")
        }
        try git("init", "-q", "-b", "main")
        try git("config", "user.name", "Test"); try git("config", "user.email", "test@example.com");
        try git("config", "commit.gpgsign", "false")
        try MergeProject.make(style: "generic", heads: 0, in: repo)
        try git("add", "-A"); try git("commit", "-qm", "base")
        let versions = repo.appendingPathComponent("migrations/versions")
        try git("checkout", "-qb", "feature")
        try MergeProject.writeRevision("feat00000001", down: MergeProject.baseID, message: "add feature", in: versions)
        try git("add", "-A"); try git("commit", "-qm", "feature migration")
        try git("checkout", "-q", "main")
        try MergeProject.writeRevision("main00000001", down: MergeProject.baseID, message: "add main", in: versions)
        try git("add", "-A"); try git("commit", "-qm", "main migration")
        try git("merge", "-q", "--no-edit", "feature")

        let before = try TestEnvironment.runMigcheck(["check"], in: repo)
        #expect(before.status == 1, "two heads are a finding: \(before.stdoutText)")
        let merge = try TestEnvironment.runMigcheck(["merge", "-m", "merge heads"], in: repo)
        #expect(merge.status == 0, "\(merge.stdoutText)\(merge.stderrText)")
        #expect(merge.stdoutText.contains("Generated migrations/versions/"), "\(merge.stdoutText)")
        let after = try TestEnvironment.runMigcheck(["check"], in: repo)
        #expect(after.status == 0, "\(after.stdoutText)")
        let heads = try TestEnvironment.runAlembic(["heads"], in: repo)
        #expect(heads.stdoutText.split(separator: "\n").count == 1, "\(heads.stdoutText)")
        let history = try TestEnvironment.runAlembic(["history"], in: repo)
        #expect(history.stdoutText.contains("(head) (mergepoint), merge heads"), "\(history.stdoutText)")
    }

    @Test("revision_environment = true: warned that env.py's template_args are not seen; the file is still written")
    func revisionEnvironmentWarned() throws {
        let scratch = try ScratchDirectory(purpose: "test-merge-revenv")
        try MergeProject.make(style: "generic", heads: 2, in: scratch.url, iniExtra: "revision_environment = true\n")
        let result = try TestEnvironment.runMigcheck(["merge", "--rev-id", "re1"], in: scratch.url)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stderrText.contains("warning: revision_environment is on"), "\(result.stderrText)")
        #expect(FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("migrations/versions/re1_.py").path))
    }
}
