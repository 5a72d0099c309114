import Foundation
import Testing

@testable import MigcheckCore

/// `--format sarif|junit|github` on git findings, read back by real consumers from the venv
/// (jsonschema against a SARIF 2.1.0 subset schema, junitparser).
@Suite("Git check output formats")
struct GitFormatTests {
    /// A repository whose working tree has an edited migration and a header warning.
    func repoWithFindings() throws -> ScratchRepository {
        let repo = try ScratchRepository.withHistory()
        try repo.git(["checkout", "-q", "-b", "feature"])
        try repo.addRevision("bbb", down: "aaa", body: "op.execute(\"SELECT 42\")")
        try repo.write(
            "migrations/versions/ccc_step.py",
            ScratchRepository.revisionText("ccc", down: "bbb")
                .replacingOccurrences(of: "Revises: bbb", with: "Revises: zzz"))
        return repo
    }

    func python(_ arguments: [String]) throws -> ProcessResult {
        let python = TestEnvironment.python
        try #require(
            FileManager.default.isExecutableFile(atPath: python), "no Python venv at \(python): run ci/setup.sh or set MIGCHECK_TEST_PYTHON"
        )
        return try ProcessRunner.run(python, arguments)
    }

    var fixtures: URL { TestEnvironment.packageRoot.appendingPathComponent("Tests/Fixtures") }

    @Test func sarifValidatesAgainstTheSchema() throws {
        let repo = try repoWithFindings()
        let result = try repo.migcheck(["check", "--format", "sarif"])
        #expect(result.status == 1)
        let file = repo.directory.url.appendingPathComponent("out.sarif")
        try result.stdout.write(to: file)
        let check = try python([
            fixtures.appendingPathComponent("validate_sarif.py").path,
            fixtures.appendingPathComponent("sarif-2.1.0-subset.schema.json").path, file.path,
        ])
        #expect(check.status == 0, "\(check.stdoutText)\(check.stderrText)")
        #expect(check.stdoutText.hasPrefix("OK 2"))
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let run = try #require((json["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        let edited = try #require(results.first { $0["ruleId"] as? String == "edited-migration" })
        #expect(edited["level"] as? String == "error")
        let location = try #require((edited["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "migrations/versions/bbb_step.py")
        #expect((location["region"] as? [String: Any])?["startLine"] as? Int == 15)
        let header = try #require(results.first { $0["ruleId"] as? String == "header-mismatch" })
        #expect(header["level"] as? String == "warning")
    }

    @Test func sarifOfACleanRunIsValidToo() throws {
        let repo = try ScratchRepository.withHistory()
        let result = try repo.migcheck(["check", "--format", "sarif"])
        #expect(result.status == 0)
        let file = repo.directory.url.appendingPathComponent("clean.sarif")
        try result.stdout.write(to: file)
        let check = try python([
            fixtures.appendingPathComponent("validate_sarif.py").path,
            fixtures.appendingPathComponent("sarif-2.1.0-subset.schema.json").path, file.path,
        ])
        #expect(check.status == 0 && check.stdoutText.hasPrefix("OK 0"), "\(check.stderrText)")
    }

    @Test func junitParsesWithJunitparser() throws {
        let repo = try repoWithFindings()
        let result = try repo.migcheck(["check", "--format", "junit"])
        #expect(result.status == 1)
        let file = repo.directory.url.appendingPathComponent("out.xml")
        try result.stdout.write(to: file)
        let parsed = try python([fixtures.appendingPathComponent("parse_junit.py").path, file.path])
        #expect(parsed.status == 0, "\(parsed.stderrText)")
        let lines = parsed.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(
            lines.contains {
                $0.contains("migcheck.check.edited-migration|migrations/versions/bbb_step.py:15 (bbb)|failure|revision bbb was edited")
            })
        #expect(lines.contains { $0.contains("migcheck.check.header-mismatch") })
        // A clean run still yields a passing case.
        try repo.git(["checkout", "-q", "--", "."])
        try FileManager.default.removeItem(atPath: repo.path + "/migrations/versions/ccc_step.py")
        let clean = try repo.migcheck(["check", "--format", "junit"])
        try clean.stdout.write(to: file)
        let cleanParsed = try python([fixtures.appendingPathComponent("parse_junit.py").path, file.path])
        #expect(cleanParsed.stdoutText.contains("|passed|"))
    }

    @Test func githubAnnotationsPointAtTheLine() throws {
        let repo = try repoWithFindings()
        let result = try repo.migcheck(["check", "--format", "github"])
        #expect(result.status == 1)
        #expect(result.stdoutText.contains("::error file=migrations/versions/bbb_step.py,line=15,title=migcheck edited-migration::"))
        #expect(!result.stdoutText.contains("\n\n"))
    }
}
