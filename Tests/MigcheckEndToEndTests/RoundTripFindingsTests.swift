import Foundation
import MigcheckCore
import Testing

/// What the round trip tells people, on faults the corpus generator plants (`--plant`): the
/// significant differences first and all of them, column order as one warning per table, and
/// one-way downgrades as `irreversible`, agreeing with the static check.
@Suite("Round trip: findings people act on")
struct RoundTripFindingsTests {
    /// The last `count` revisions in upgrade order: the planted ones.
    func planted(_ project: GeneratedProject, _ count: Int) throws -> [String] {
        Array(try project.upgradeOrder().suffix(count))
    }

    @Test("a column re-added at the end of a 10-column table is one column-order warning")
    func columnReaddedAtTheEnd() throws {
        let project = try GeneratedProject(["--revisions", "2", "--env", "psycopg2", "--seed", "21", "--plant", "column-order"])
        defer { project.remove() }
        let fault = try #require(try planted(project, 1).first)
        let run = try project.roundTrip()
        #expect(run.result.status == 0, "\(run.transcript)")
        try #require(run.findings.count == 1, "\(run.transcript)")
        let finding = run.findings[0]
        #expect(finding.rule == "column-order")
        #expect(finding.severity == "warning")
        #expect(finding.revision == fault)
        #expect(
            finding.message.hasPrefix(
                "column public.p_wide.c5 is re-created at the end of the table instead of position 5 by the downgrade of \(fault)"))
        #expect(finding.message.hasSuffix("; 5 columns after it shift"))
        #expect(finding.hint?.contains("without rewriting the table") == true)
        #expect(finding.hint?.contains("column-order") == true)
        // JSON carries every position change; text shows them with --verbose only.
        #expect(finding.details?.count == 6)
        #expect(
            finding.details?.first
                == "column public.p_wide.c5: position changed from 5 to 10 after the downgrade of \(fault) (plant column re-added at the end)"
        )
        let text = try TestEnvironment.runMigcheck(
            ["roundtrip", "--python", TestEnvironment.python], in: project.directory, environment: ["TMPDIR": project.tmp.path])
        #expect(text.status == 0)
        #expect(text.stdoutText.components(separatedBy: "[column-order]").count == 2, "\(text.stdoutText)")
        #expect(!text.stdoutText.contains("position changed"))
        let verbose = try TestEnvironment.runMigcheck(
            ["roundtrip", "--verbose", "--python", TestEnvironment.python], in: project.directory,
            environment: ["TMPDIR": project.tmp.path])
        #expect(verbose.stdoutText.components(separatedBy: ": position changed from").count == 7, "\(verbose.stdoutText)")

        // Configurable like every rule.
        try Data("[rules]\ncolumn-order = \"error\"\n".utf8).write(to: project.directory.appendingPathComponent("migcheck.toml"))
        let strict = try project.roundTrip(["--junit", project.tmp.deletingLastPathComponent().appendingPathComponent("order.xml").path])
        #expect(strict.result.status == 1)
        let failing = try String(contentsOf: project.tmp.deletingLastPathComponent().appendingPathComponent("order.xml"), encoding: .utf8)
        #expect(failing.contains("type=\"column-order\""), "\(failing)")
        #expect(failing.contains("position changed from 5 to 10"), "every position change is in the step's details")
        #expect(strict.findings.map(\.severity) == ["error"])
        try Data("[rules]\ncolumn-order = \"off\"\n".utf8).write(to: project.directory.appendingPathComponent("migcheck.toml"))
        let junit = project.tmp.deletingLastPathComponent().appendingPathComponent("order.xml")
        let off = try project.roundTrip(["--junit", junit.path])
        #expect(off.result.status == 0)
        #expect(off.findings.isEmpty)
        #expect(!(try String(contentsOf: junit, encoding: .utf8)).contains("<failure"), "a rule that is off fails no JUnit case")
    }

    @Test("a downgrade that loses foreign keys and indexes in a wide table names every lost object")
    func everyLostObjectIsNamed() throws {
        let project = try GeneratedProject(["--revisions", "2", "--env", "psycopg", "--seed", "22", "--plant", "lost-objects"])
        defer { project.remove() }
        let fault = try #require(try planted(project, 1).first)
        let lost =
            ["a", "b", "c", "d"].map { "constraint public.p_many.fk_p_many_hub_\($0) is missing" }
            + ["a", "b"].map { "index public.ix_p_many_hub_\($0) is missing" }
        let run = try project.roundTrip()
        #expect(run.result.status == 1)
        let mismatches = run.findings("downgrade-mismatch", on: fault).map(\.message)
        for object in lost {
            #expect(mismatches.contains { $0.hasPrefix(object) }, "\(object) not in \(mismatches)")
        }
        #expect(!run.findings.contains { $0.message.contains("not listed") })
        let order = try #require(run.findings("column-order", on: fault).first)
        #expect(
            order.message.hasPrefix(
                "columns public.p_many.hub_a, public.p_many.hub_b, public.p_many.hub_c, public.p_many.hub_d are re-created at the end of the table instead of positions 2, 3, 4, 5"
            ))
        #expect(order.message.hasSuffix("; 25 columns after them shift"))
        #expect(order.details?.count == 29)
        // Missing objects come before the column order on the downgrade's line.
        let onDowngrade = run.findings.filter { $0.revision == fault && ["downgrade-mismatch", "column-order"].contains($0.rule) }
        #expect(onDowngrade.last?.rule == "column-order")

        let text = try TestEnvironment.runMigcheck(
            ["roundtrip", "--python", TestEnvironment.python], in: project.directory, environment: ["TMPDIR": project.tmp.path])
        #expect(text.status == 1)
        for object in lost { #expect(text.stdoutText.contains(object), "\(object) not in the text output") }
        #expect(!text.stdoutText.contains("not listed"))
    }

    @Test("downgrades that only raise are irreversible warnings, in the round trip and the static check alike")
    func oneWayDowngrades() throws {
        let project = try GeneratedProject(
            [
                "--revisions", "2", "--env", "psycopg2", "--seed", "23", "--plant", "raise-runtime", "--plant", "raise-bare", "--plant",
                "noop-upgrade",
            ]
        )
        defer { project.remove() }
        let revisions = try planted(project, 3)
        let run = try project.roundTrip()
        #expect(run.result.status == 0, "\(run.transcript)")
        #expect(run.findings.map(\.rule) == ["irreversible", "irreversible"], "\(run.transcript)")
        let runtime = try #require(run.findings("irreversible", on: revisions[0]).first)
        #expect(runtime.severity == "warning")
        #expect(runtime.message.contains("only raises RuntimeError: Cannot undelete data!"))
        #expect(runtime.message.contains("# migcheck: irreversible"))
        #expect(runtime.hint?.contains("`irreversible` in the settings") == true)
        #expect(runtime.hint?.contains("Python traceback") == false, "the raise is intended: no traceback")
        #expect(run.findings("irreversible", on: revisions[1]).first?.message.contains("only raises Exception;") == true)
        #expect(run.findings.filter { $0.revision == revisions[2] }.isEmpty)

        let check = try TestEnvironment.runMigcheck(["check", "--no-git", "--format", "json"], in: project.directory)
        #expect(check.status == 0, "\(check.stdoutText)")
        let statics = RoundTripRun(result: check).findings
        #expect(statics.map(\.rule) == ["irreversible", "irreversible"], "\(check.stdoutText)")
        #expect(Set(statics.compactMap(\.revision)) == Set(revisions.prefix(2)))

        // Marked, both stay quiet.
        for revision in revisions.prefix(2) {
            let url = project.directory.appendingPathComponent(try project.path(of: revision))
            let text = try String(contentsOf: url, encoding: .utf8)
            try ("# migcheck: irreversible\n" + text).write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(try project.roundTrip().findings.isEmpty)
        let marked = try TestEnvironment.runMigcheck(["check", "--no-git", "--format", "json"], in: project.directory)
        #expect(RoundTripRun(result: marked).findings.isEmpty, "\(marked.stdoutText)")
    }
}
