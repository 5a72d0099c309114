import Foundation
import Testing

@testable import MigcheckCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The built binary's reports for CI: Code Quality from a real repository (fingerprints stable
/// across runs), and a valid, non-empty report in every machine format when it exits 2.
@Suite("CI reports", .serialized)
struct CIReportTests {
    /// A feature branch that edits merged bbb and adds ccc with a header mismatch.
    func findingsRepo() throws -> ScratchRepository {
        let repo = try ScratchRepository.withHistory()
        try repo.git(["checkout", "-q", "-b", "feature"])
        try CIScenario.editBBB(repo)
        try repo.write(
            ScratchRepository.revisionPath("ccc"),
            ScratchRepository.revisionText("ccc", down: "bbb").replacingOccurrences(of: "Revision ID: ccc", with: "Revision ID: cc0"))
        return repo
    }

    @Test func codeQualityFromARealRepositoryIsStableAcrossRuns() throws {
        let repo = try findingsRepo()
        let first = try repo.migcheck(["check", "--format", "codequality"])
        let second = try repo.migcheck(["check", "--format", "codequality"])
        #expect(first.status == 1)
        let issues = try #require(try JSONSerialization.jsonObject(with: first.stdout) as? [[String: Any]])
        let rules = issues.compactMap { $0["check_name"] as? String }.sorted()
        #expect(rules == ["edited-migration", "header-mismatch"], "\(first.stdoutText)")
        let fingerprints = issues.compactMap { $0["fingerprint"] as? String }
        #expect(Set(fingerprints).count == 2)
        #expect(first.stdoutText == second.stdoutText)
        let edited = try #require(issues.first { $0["check_name"] as? String == "edited-migration" })
        #expect((edited["location"] as? [String: Any])?["path"] as? String == "migrations/versions/bbb_step.py")
        // SARIF carries the same fingerprints and the repository root as %SRCROOT%.
        let sarif = try repo.migcheck(["check", "--format", "sarif"])
        let run = try #require(
            ((try JSONSerialization.jsonObject(with: sarif.stdout) as? [String: Any])?["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        let partial = results.compactMap { ($0["partialFingerprints"] as? [String: String])?.values.first }
        #expect(Set(partial) == Set(fingerprints))
        let root = (run["originalUriBaseIds"] as? [String: [String: Any]])?["%SRCROOT%"]?["uri"] as? String
        #expect(root == URL(fileURLWithPath: repo.path, isDirectory: true).absoluteString)
    }

    @Test func exitTwoLeavesAValidReportInEveryMachineFormat() throws {
        let repo = try findingsRepo()
        let env = ["CI": "true"]
        for format in ["json", "sarif", "junit", "codequality", "github"] {
            let result = try repo.migcheck(["check", "--base", "origin/missing", "--format", format], environment: env)
            #expect(result.status == 2, "\(format)")
            #expect(result.stderrText.contains("origin/missing"))
            #expect(!result.stdoutText.isEmpty, "\(format)")
            switch format {
            case "json":
                let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
                #expect(((object?["summary"] as? [String: Any])?["failure"] as? String)?.contains("origin/missing") == true)
            case "sarif":
                let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
                let run = (object?["runs"] as? [[String: Any]])?.first
                let invocation = (run?["invocations"] as? [[String: Any]])?.first
                #expect(invocation?["executionSuccessful"] as? Bool == false)
            case "junit":
                let xml = try XMLDocument(data: result.stdout)
                #expect(try xml.nodes(forXPath: "//testcase/error").count == 1)
            case "codequality":
                let issues = try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]]
                #expect(issues?.count == 1 && issues?.first?["severity"] as? String == "blocker")
            default:
                #expect(result.stdoutText.hasPrefix("::error title=migcheck could not check::"))
            }
        }
        // Text stays on standard error only.
        let text = try repo.migcheck(["check", "--base", "origin/missing"], environment: env)
        #expect(text.status == 2 && text.stdoutText.isEmpty)
    }

    @Test func roundtripJUnitFileSaysItCouldNotCheck() throws {
        let repo = try ScratchRepository.withHistory()
        let junit = repo.directory.url.appendingPathComponent("roundtrip.xml")
        let result = try repo.migcheck(
            ["roundtrip", "--python", "/nonexistent/python", "--junit", junit.path, "--format", "json"])
        #expect(result.status == 2)
        let xml = try XMLDocument(contentsOf: junit)
        #expect(try xml.nodes(forXPath: "//testcase/error").count == 1)
        let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        #expect((object?["summary"] as? [String: Any])?["failure"] != nil)
    }
}
