import Foundation
import Testing

@testable import MigcheckCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// GitLab Code Quality, SARIF fingerprints and base ids, and could-not-check reports in every
/// machine-readable format, field by field.
@Suite("CI report formats")
struct CIReportFormatTests {
    let report = Report(
        command: "check",
        findings: [
            Finding(
                rule: .editedMigration, revision: "bbb", path: "migrations/versions/bbb_step.py", line: 15,
                message: "revision bbb was edited", hint: "Revert it.", environment: "alembic.ini"),
            Finding(
                rule: .headerMismatch, revision: "ccc", path: "migrations/versions/ccc_step.py", line: 3,
                message: "header says ddd", environment: "alembic.ini"),
            Finding(rule: .multipleHeads, message: "two heads", environment: "alembic.ini"),
        ],
        environments: [.init(name: "alembic.ini", revisions: 3, heads: ["ccc"])])

    func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test func codeQualityFieldByField() throws {
        let issues = try #require(try json(CodeQualityFormatter().format(report)) as? [[String: Any]])
        #expect(issues.count == 3)
        let edited = try #require(issues.first { $0["check_name"] as? String == "edited-migration" })
        #expect(edited["description"] as? String == "revision bbb was edited Revert it.")
        #expect(edited["severity"] as? String == "major")
        #expect(edited["type"] as? String == "issue")
        let location = try #require(edited["location"] as? [String: Any])
        #expect(location["path"] as? String == "migrations/versions/bbb_step.py")
        #expect((location["lines"] as? [String: Any])?["begin"] as? Int == 15)
        let header = try #require(issues.first { $0["check_name"] as? String == "header-mismatch" })
        #expect(header["severity"] as? String == "minor")
        // No file: the environment, line 1.
        let heads = try #require(issues.first { $0["check_name"] as? String == "multiple-heads" })
        #expect((heads["location"] as? [String: Any])?["path"] as? String == "alembic.ini")
        #expect(((heads["location"] as? [String: Any])?["lines"] as? [String: Any])?["begin"] as? Int == 1)
    }

    @Test func fingerprintsAreStableAndDistinct() throws {
        let first = Fingerprint.of(report)
        #expect(first == Fingerprint.of(report))
        #expect(Set(first).count == first.count)
        #expect(first.allSatisfy { $0.count == 40 })
        // A moved line or reworded message keeps the fingerprint; another revision changes it.
        var moved = report
        moved.findings[0].line = 40
        moved.findings[0].message = "reworded"
        #expect(Fingerprint.of(moved)[0] == first[0])
        var other = report
        other.findings[0].revision = "zzz"
        #expect(Fingerprint.of(other)[0] != first[0])
        // Two findings that look alike still get different fingerprints.
        let twins = Report(
            command: "check", findings: [Finding(rule: .cycle, message: "a"), Finding(rule: .cycle, message: "b")], environments: [])
        let pair = Fingerprint.of(twins)
        #expect(pair[0] != pair[1])
        let issues = try #require(try json(CodeQualityFormatter().format(report)) as? [[String: Any]])
        #expect(Set(issues.compactMap { $0["fingerprint"] as? String }) == Set(first))
    }

    @Test func sarifFingerprintsBaseIdsAndInvocation() throws {
        var rooted = report
        rooted.sourceRoot = "/work/repo"
        let document = try #require(try json(SARIFFormatter().format(rooted)) as? [String: Any])
        let run = try #require((document["runs"] as? [[String: Any]])?.first)
        let base = try #require((run["originalUriBaseIds"] as? [String: Any])?["%SRCROOT%"] as? [String: Any])
        #expect(base["uri"] as? String == "file:///work/repo/")
        let results = try #require(run["results"] as? [[String: Any]])
        let fingerprints = results.compactMap { ($0["partialFingerprints"] as? [String: String])?["migcheckFindingHash/v1"] }
        #expect(fingerprints == Fingerprint.of(report))
        let edited = try #require(results.first { $0["ruleId"] as? String == "edited-migration" })
        let location = try #require(
            ((edited["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"]
                as? [String: Any])
        #expect(location["uriBaseId"] as? String == "%SRCROOT%")
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == true)
        #expect(invocation["exitCode"] as? Int == 1)
    }

    @Test func couldNotCheckInEveryMachineFormat() throws {
        let failed = Report.couldNotCheck(command: "check", message: "the base 'origin/main' is not in this repository")
        #expect(failed.exitStatus == .couldNotCheck)
        // SARIF: a run that did not execute successfully, with the reason.
        let sarif = try #require(try json(SARIFFormatter().format(failed)) as? [String: Any])
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == false)
        #expect(invocation["exitCode"] as? Int == 2)
        let notification = try #require((invocation["toolExecutionNotifications"] as? [[String: Any]])?.first)
        #expect((notification["message"] as? [String: Any])?["text"] as? String == "migcheck check could not check: \(failed.failure!)")
        #expect((run["results"] as? [Any])?.isEmpty == true)
        // JSON: the summary says why.
        let object = try #require(try json(JSONFormatter().format(failed)) as? [String: Any])
        #expect((object["summary"] as? [String: Any])?["failure"] as? String == failed.failure)
        // Code Quality: one blocker issue.
        let issues = try #require(try json(CodeQualityFormatter().format(failed)) as? [[String: Any]])
        #expect(issues.count == 1)
        #expect(issues[0]["severity"] as? String == "blocker")
        #expect(issues[0]["check_name"] as? String == "could-not-check")
        #expect((issues[0]["fingerprint"] as? String)?.count == 40)
        // JUnit: one case in error.
        let xml = try XMLDocument(xmlString: JUnitFormatter().format(failed))
        let errors = try xml.nodes(forXPath: "//testcase/error")
        #expect(errors.count == 1)
        #expect((errors.first as? XMLElement)?.attribute(forName: "type")?.stringValue == "could-not-check")
        // GitHub: an error annotation.
        #expect(GitHubFormatter().format(failed).hasPrefix("::error title=migcheck could not check::the base 'origin/main'"))
        #expect(GitHubFormatter().summary(failed).contains("**Could not check:**"))
    }
}
