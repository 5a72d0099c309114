import Foundation
import Testing

@testable import MigcheckCore

/// Keeps README.md and `migcheck --help` true to the code.
@Suite struct DocumentationTests {
    static var readme: String {
        (try? String(contentsOf: TestEnvironment.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    }

    @Test(arguments: Rule.allCases)
    func everyRuleIsInTheReadmeWithItsSeverity(rule: Rule) {
        let row = Self.readme.split(separator: "\n").first { $0.hasPrefix("| `\(rule.rawValue)` |") }
        #expect(row != nil, "README.md has no row for rule \(rule.rawValue)")
        #expect(row?.contains("| \(rule.defaultSeverity.rawValue) |") == true, "README.md gives \(rule.rawValue) another severity")
    }

    @Test func everySubcommandIsInHelpAndReadme() throws {
        let help = try TestEnvironment.runMigcheck(["--help"], in: TestEnvironment.packageRoot)
        #expect(help.status == 0)
        let lines = help.stdoutText.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: "SUBCOMMANDS:") else {
            Issue.record("no SUBCOMMANDS section in --help")
            return
        }
        let names = lines[(start + 1)...].compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            return line.split(separator: " ").first.map(String.init)
        }
        #expect(names.count >= 4)
        for name in names where name != "See" {
            #expect(Self.readme.contains("`migcheck \(name)"), "README.md does not document `migcheck \(name)`")
        }
    }

    @Test func changelogExists() throws {
        let changelog = try String(contentsOf: TestEnvironment.packageRoot.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        #expect(changelog.contains("## [Unreleased]"))
    }
}
