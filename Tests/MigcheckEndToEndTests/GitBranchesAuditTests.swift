import Foundation
import Testing

@testable import MigcheckCore

/// `migcheck branches` with git, and `migcheck audit` compared with `git log`.
@Suite("Git branches and audit")
struct GitBranchesAuditTests {
    /// main: aaa ← bbb ← ddd; feature: ccc on bbb; other: eee on bbb; stacked: fff on ddd; an
    /// origin remote with feature pushed.
    func branchingRepo() throws -> ScratchRepository {
        let repo = try ScratchRepository.withHistory()
        for (branch, id, down) in [("feature", "ccc", "bbb"), ("other", "eee", "bbb")] {
            try repo.git(["checkout", "-q", "-b", branch, "main"])
            try repo.addRevision(id, down: down)
            try repo.commitAll(id)
        }
        try repo.git(["checkout", "-q", "main"])
        try repo.addRevision("ddd", down: "bbb")
        try repo.commitAll("ddd")
        try repo.git(["checkout", "-q", "-b", "stacked"])
        try repo.addRevision("fff", down: "ddd")
        try repo.commitAll("fff")
        try repo.git(["checkout", "-q", "main"])
        return repo
    }

    @Test func listsBranchesGroupedByParent() throws {
        let repo = try branchingRepo()
        let result = try repo.migcheck(["branches"])
        #expect(result.status == 0, "\(result.stderrText)")
        let text = result.stdoutText
        #expect(text.contains("Git branches adding revisions (relative to main):"))
        #expect(text.contains("  feature: ccc on bbb"))
        #expect(text.contains("  other: eee on bbb"))
        #expect(text.contains("  stacked: fff on ddd"))
        #expect(
            text.contains(
                "  bbb:\n    -> ddd (on main)\n    -> ccc (feature, migrations/versions/ccc_step.py)\n    -> eee (other, migrations/versions/eee_step.py)\n"
            ))
        #expect(!text.contains("  ddd:"))
        let json = try repo.migcheck(["branches", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect(object["revisions"] != nil)
        let git = try #require(object["git"] as? [String: Any])
        let conflicts = try #require(git["conflicts"] as? [[String: Any]])
        #expect(conflicts.count == 1)
        #expect(conflicts.first?["parent"] as? String == "bbb")
        #expect((conflicts.first?["branches"] as? [[String: Any]])?.count == 2)
        // Globs restrict the scan.
        let only = try repo.migcheck(["branches", "--ref", "refs/heads/stacked"])
        #expect(only.stdoutText.contains("stacked: fff on ddd") && !only.stdoutText.contains("feature"))
    }

    @Test func plainOutputWithoutGitMatchesAlembic() throws {
        let repo = try branchingRepo()
        try repo.git(["merge", "-q", "feature", "-m", "merge feature"])
        // main now has the branch point bbb → ccc, ddd.
        let noGit = try repo.migcheck(["branches", "--no-git"])
        let withGit = try repo.migcheck(["branches"])
        #expect(withGit.stdoutText.hasPrefix(noGit.stdoutText))
        #expect(withGit.stdoutText.count > noGit.stdoutText.count)
        let plain = try TemporaryDirectory(purpose: "branches-oracle")
        defer { plain.remove() }
        try FileManager.default.copyItem(
            at: repo.url.appendingPathComponent("migrations"), to: plain.url.appendingPathComponent("migrations"))
        try FileManager.default.copyItem(
            at: repo.url.appendingPathComponent("alembic.ini"), to: plain.url.appendingPathComponent("alembic.ini"))
        try Data("".utf8).write(to: plain.url.appendingPathComponent("migrations/script.py.mako"))
        try Data("".utf8).write(to: plain.url.appendingPathComponent("migrations/env.py"))
        let ours = try TestEnvironment.runMigcheck(["branches"], in: plain.url)
        let alembic = try TestEnvironment.runAlembic(["branches"], in: plain.url)
        try #require(alembic.status == 0, "alembic failed: \(alembic.stderrText)")
        // Alembic keeps a branch point's children in a frozenset, so their order follows Python's
        // string hashing (PYTHONHASHSEED): compare the lines, not their order.
        #expect(ours.stdoutText.split(separator: "\n").sorted() == alembic.stdoutText.split(separator: "\n").sorted())
        #expect(ours.stdoutText.hasPrefix("bbb (branchpoint)\n"))
        #expect(ours.stdoutText == noGit.stdoutText.replacingOccurrences(of: repo.path, with: plain.url.path))
    }

    /// History with edits, a move, a deletion, a merge and a later clean revision.
    func auditedRepo() throws -> ScratchRepository {
        let repo = try ScratchRepository.withHistory()
        try repo.addRevision("bbb", down: "aaa", body: "op.execute(\"SELECT 10\")")
        try repo.commitAll("edit bbb")
        try repo.git(["checkout", "-q", "-b", "side"])
        try repo.git(["mv", ScratchRepository.revisionPath("aaa"), "migrations/versions/aaa_first.py"])
        try repo.commitAll("rename aaa")
        try repo.git(["checkout", "-q", "main"])
        try repo.addRevision("ccc", down: "bbb")
        try repo.commitAll("add ccc")
        try repo.git(["merge", "-q", "--no-ff", "-m", "merge side", "side"])
        try repo.git(["rm", "-q", ScratchRepository.revisionPath("ccc")])
        try repo.commitAll("drop ccc")
        try repo.addRevision("ddd", down: "bbb")
        try repo.commitAll("add ddd")
        try repo.write("README", "docs\n")
        try repo.commitAll("docs")
        return repo
    }

    /// `(commit, status letter, path)` from `git log` for the same question.
    func gitLogChanges(_ directory: URL, since: String? = nil) throws -> Set<String> {
        var args = ["log", "--no-merges", "-M", "--diff-filter=MDR", "--name-status", "--format=@%H"]
        if let since { args.append("\(since)..HEAD") }
        args += ["--", "migrations/versions"]
        let output = try ScratchRepository.runGit(args, in: directory)
        var commit = ""
        var result: Set<String> = []
        for line in output.split(separator: "\n") {
            if line.hasPrefix("@") { commit = String(line.dropFirst()); continue }
            let fields = line.split(separator: "\t").map(String.init)
            let kind = fields[0].hasPrefix("R") ? "moved" : fields[0] == "D" ? "deleted" : "edited"
            result.insert("\(commit) \(kind) \(fields.last!)")
        }
        return result
    }

    func auditChanges(_ result: ProcessResult) throws -> Set<String> {
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let changes = try #require(object["changes"] as? [[String: Any]])
        return Set(changes.map { "\($0["commit"]!) \($0["change"]!) \($0["path"]!)" })
    }

    @Test func auditMatchesGitLog() throws {
        let repo = try auditedRepo()
        let result = try repo.migcheck(["audit", "--format", "json"])
        #expect(result.status == 1)
        let expected = try gitLogChanges(repo.url)
        #expect(expected.count == 3)
        #expect(try auditChanges(result) == expected)
        let text = try repo.migcheck(["audit"])
        #expect(text.stdoutText.contains("Test Author <author@example.com> edited migrations/versions/bbb_step.py: upgrade() changed"))
        #expect(text.stdoutText.contains("3 changes to committed migrations"))
        // --since restricts the walk.
        let since = try repo.git(["rev-parse", "HEAD~3"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let ranged = try repo.migcheck(["audit", "--format", "json", "--since", since])
        #expect(try auditChanges(ranged) == gitLogChanges(repo.url, since: since))
        // A history without such changes is clean.
        let clean = try ScratchRepository.withHistory()
        #expect(try clean.migcheck(["audit"]).status == 0)
    }

    @Test func auditWorksOnABareRepository() throws {
        let repo = try auditedRepo()
        let bare = repo.directory.url.appendingPathComponent("bare.git")
        try ScratchRepository.runGit(["clone", "-q", "--bare", repo.path, bare.path], in: repo.directory.url)
        let result = try TestEnvironment.runMigcheck(["audit", "--format", "json"], in: bare)
        #expect(result.status == 1, "\(result.stderrText)")
        #expect(try auditChanges(result) == gitLogChanges(repo.url))
        // The check runs on a bare repository's commits as well.
        let check = try TestEnvironment.runMigcheck(["check", "--head", "HEAD"], in: bare, environment: ["CI": ""])
        #expect(check.status == 0, "\(check.stdoutText)\(check.stderrText)")
    }
}
