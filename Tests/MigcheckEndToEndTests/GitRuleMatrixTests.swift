import Foundation
import Testing

@testable import MigcheckCore

/// Every git rule, firing and quiet, in each mode: working tree, --staged, --head on a branch, and
/// --head on a push straight to main (merge-base == HEAD, compared with the first parent).
@Suite("Git rule matrix")
struct GitRuleMatrixTests {
    enum Mode: String, CaseIterable, CustomTestStringConvertible {
        case worktree, staged, head, pushToMain
        var testDescription: String { rawValue }
    }

    enum Scenario: String, CaseIterable, CustomTestStringConvertible {
        case newRevision, edited, deleted, movedUnchanged, movedChanged, diverged
        var testDescription: String { rawValue }

        /// The rule expected to fire (nil = clean) and the exit status.
        func expectation(_ mode: Mode) -> (rule: String?, status: Int32, severity: String?) {
            switch self {
            case .newRevision: return (nil, 0, nil)
            case .edited: return ("edited-migration", 1, "error")
            case .deleted: return ("deleted-migration", 1, "error")
            case .movedUnchanged: return ("moved-migration", 0, "warning")
            case .movedChanged: return ("moved-migration", 1, "error")
            // On main itself nothing diverges from main: the two heads are main's own, so the
            // static multiple-heads rule fails the check instead.
            case .diverged: return mode == .pushToMain ? (nil, 1, nil) : ("diverged-from-base", 1, "error")
            }
        }
    }

    func apply(_ scenario: Scenario, to repo: ScratchRepository) throws {
        let versions = repo.path + "/migrations/versions/"
        switch scenario {
        case .newRevision:
            try repo.addRevision("ccc", down: "bbb")
        case .edited:
            try repo.addRevision("bbb", down: "aaa", body: "op.execute(\"SELECT 42\")")
        case .deleted:
            try FileManager.default.removeItem(atPath: versions + "bbb_step.py")
        case .movedUnchanged:
            try FileManager.default.moveItem(atPath: versions + "aaa_step.py", toPath: versions + "aaa_initial.py")
        case .movedChanged:
            try FileManager.default.moveItem(atPath: versions + "aaa_step.py", toPath: versions + "aaa_initial.py")
            let text = try repo.read("migrations/versions/aaa_initial.py")
            try repo.write("migrations/versions/aaa_initial.py", text.replacingOccurrences(of: "SELECT 2", with: "SELECT 22"))
        case .diverged:
            try repo.addRevision("ccc", down: "bbb")
        }
    }

    @Test(arguments: Mode.allCases, Scenario.allCases)
    func rule(_ mode: Mode, _ scenario: Scenario) throws {
        let repo = try ScratchRepository.withHistory()
        if scenario == .diverged {
            // main moves on after the branch point.
            try repo.git(["checkout", "-q", "-b", "feature"])
            try repo.git(["checkout", "-q", "main"])
            try repo.addRevision("ddd", down: "bbb")
            try repo.commitAll("ddd on main")
            if mode != .pushToMain { try repo.git(["checkout", "-q", "feature"]) }
        } else if mode != .pushToMain {
            try repo.git(["checkout", "-q", "-b", "feature"])
        }
        try apply(scenario, to: repo)
        var arguments = ["check", "--format", "json", "--base", "main"]
        switch mode {
        case .worktree:
            break
        case .staged:
            try repo.git(["add", "-A"])
            arguments.append("--staged")
        case .head, .pushToMain:
            try repo.commitAll("change")
            arguments += ["--head", "HEAD"]
        }
        let result = try repo.migcheck(arguments)
        let expected = scenario.expectation(mode)
        #expect(result.status == expected.status, "\(result.stdoutText)\(result.stderrText)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        let gitRules: Set<String> = ["edited-migration", "deleted-migration", "moved-migration", "diverged-from-base"]
        let fired = findings.filter { gitRules.contains($0["rule"] as? String ?? "") }
        if let rule = expected.rule {
            #expect(fired.count == 1, "\(fired)")
            #expect(fired.first?["rule"] as? String == rule)
            #expect(fired.first?["severity"] as? String == expected.severity)
        } else {
            #expect(fired.isEmpty, "\(fired)")
        }
        if scenario == .diverged, mode == .pushToMain {
            #expect(findings.contains { $0["rule"] as? String == "multiple-heads" })
        }
        #expect(result.stderrText.isEmpty, "\(result.stderrText)")
    }
}
