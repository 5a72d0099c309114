import Foundation
import Testing

@testable import MigcheckCore

/// `migcheck check` run as a user would: exit codes, output formats, discovery.
@Suite struct CheckCommandTests {
    func project(_ files: [String: String]) throws -> URL {
        let dir = try TemporaryDirectory(purpose: "e2e").url
        for (path, text) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return dir
    }

    static let ini = "[alembic]\nscript_location = %(here)s/migrations\n"

    static func revision(_ id: String, _ down: String?) -> String {
        """
        \"\"\"rev \(id)\"\"\"
        revision = '\(id)'
        down_revision = \(down.map { "'\($0)'" } ?? "None")

        def upgrade():
            op.execute('select 1')

        def downgrade():
            op.execute('select 2')

        """
    }

    @Test func cleanProjectExitsZero() throws {
        let dir = try project(["alembic.ini": Self.ini, "migrations/versions/a.py": Self.revision("a", nil)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try TestEnvironment.runMigcheck(["check"], in: dir)
        #expect(result.status == 0)
        #expect(result.stdoutText == "alembic.ini: 1 revision, 1 head — 0 errors, 0 warnings\n")
    }

    @Test func twoHeadsExitOneWithLinterStyleText() throws {
        let dir = try project([
            "alembic.ini": Self.ini, "migrations/versions/a.py": Self.revision("a", nil),
            "migrations/versions/b.py": Self.revision("b", "a"), "migrations/versions/c.py": Self.revision("c", "a"),
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try TestEnvironment.runMigcheck(["check"], in: dir)
        #expect(result.status == 1)
        #expect(
            result.stdoutText.hasPrefix(
                "migrations/versions/c.py:2: error: 2 heads: b (migrations/versions/b.py), c (migrations/versions/c.py) [multiple-heads]\n  hint: "
            ))
    }

    @Test func jsonShapeIsStable() throws {
        let dir = try project(["alembic.ini": Self.ini, "migrations/versions/a.py": Self.revision("a", "missing")])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try TestEnvironment.runMigcheck(["check", "--format", "json"], in: dir)
        #expect(result.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.count == 1)
        #expect(Set(findings[0].keys) == ["rule", "severity", "revision", "path", "line", "message", "hint", "environment"])
        #expect(findings[0]["rule"] as? String == "missing-parent")
        #expect(findings[0]["path"] as? String == "migrations/versions/a.py")
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["errors"] as? Int == 1)
    }

    @Test func githubAnnotationsAndStepSummary() throws {
        let dir = try project(["alembic.ini": Self.ini, "migrations/versions/a.py": Self.revision("a", "missing")])
        defer { try? FileManager.default.removeItem(at: dir) }
        let summaryFile = dir.appendingPathComponent("summary.md")
        let result = try TestEnvironment.runMigcheck(
            ["check", "--format", "github"], in: dir,
            environment: ["GITHUB_STEP_SUMMARY": summaryFile.path])
        #expect(result.status == 1)
        #expect(
            result.stdoutText.hasPrefix(
                "::error file=migrations/versions/a.py,line=3,title=migcheck missing-parent::revision a names down_revision 'missing', which is not present%0A"
            ))
        let summary = try String(contentsOf: summaryFile, encoding: .utf8)
        #expect(summary.contains("| error | `missing-parent` | migrations/versions/a.py:3 |"))
    }

    @Test func noConfigurationExitsTwoWithOneLine() throws {
        let dir = try project(["README.md": "nothing here"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try TestEnvironment.runMigcheck(["check"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderrText.hasPrefix("migcheck: error: no Alembic configuration found"))
        #expect(result.stderrText.split(separator: "\n").count == 1)
    }

    @Test func brokenIniNamesFileAndLine() throws {
        let dir = try project(["alembic.ini": "[alembic]\nscript_location = %(nope)s\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try TestEnvironment.runMigcheck(["check"], in: dir)
        #expect(result.status == 2)
        #expect(result.stderrText == "migcheck: error: alembic.ini:2: '%(nope)s' refers to an option that does not exist\n")
    }

    @Test func usageErrorsExit64() throws {
        let dir = try project(["alembic.ini": Self.ini])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try TestEnvironment.runMigcheck(["check", "--format", "yaml"], in: dir).status == 64)
        #expect(try TestEnvironment.runMigcheck(["check", "--all", "--config", "alembic.ini"], in: dir).status == 64)
    }

    /// The listing commands print revisions, not findings: a report format is a usage error, not
    /// silently text.
    @Test(arguments: ["heads", "history", "branches", "audit"])
    func listingCommandsRejectReportFormats(command: String) throws {
        let dir = try project(["alembic.ini": Self.ini])
        defer { try? FileManager.default.removeItem(at: dir) }
        for format in ["sarif", "junit", "github", "codequality"] {
            let result = try TestEnvironment.runMigcheck([command, "--format", format], in: dir)
            #expect(result.status == 64, "\(command) --format \(format)")
            #expect(result.stderrText.contains("text"), "\(command) --format \(format) names the valid values")
        }
    }

    /// Started in a working directory that has since been deleted, migcheck says it cannot
    /// check instead of looking for the repository root forever (issue 13, item 6).
    @Test(arguments: ["heads", "check"])
    func deletedWorkingDirectoryFailsAtOnce(command: String) throws {
        let dir = try project(["gone/.keep": ""])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try ProcessRunner.run(
            "/bin/sh",
            ["-c", "cd gone && rm .keep && rmdir \"$PWD\" && exec timeout 20 \"$0\" \"$1\"", TestEnvironment.migcheck.path, command],
            environment: ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"]) { $1 }, directory: dir)
        #expect(result.status == 2, "exit \(result.status) (124: it hung): \(result.stderrText)")
        #expect(result.stderrText.hasPrefix("migcheck: error: "))
    }

    @Test func allChecksEveryEnvironmentAndNamesThem() throws {
        let dir = try project([
            ".git/HEAD": "ref: refs/heads/main\n",
            "svc/a/alembic.ini": Self.ini, "svc/a/migrations/versions/a.py": Self.revision("a", nil),
            "svc/b/alembic.ini": "[one]\nscript_location = %(here)s/one\n[two]\nscript_location = %(here)s/two\n",
            "svc/b/one/versions/x.py": Self.revision("x", nil),
            "svc/b/two/versions/y.py": Self.revision("y", nil), "svc/b/two/versions/z.py": Self.revision("z", nil),
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let ambiguous = try TestEnvironment.runMigcheck(["check"], in: dir)
        #expect(ambiguous.status == 2)
        let result = try TestEnvironment.runMigcheck(["check", "--all"], in: dir)
        #expect(result.status == 1)
        #expect(
            result.stdoutText.contains(
                "svc/a/alembic.ini: 1 revision, 1 head; svc/b/alembic.ini [one]: 1 revision, 1 head; svc/b/alembic.ini [two]: 2 revisions, 2 heads"
            ))
        let named = try TestEnvironment.runMigcheck(["check", "-C", "svc/b", "-n", "one"], in: dir)
        #expect(named.status == 0)
    }
}
