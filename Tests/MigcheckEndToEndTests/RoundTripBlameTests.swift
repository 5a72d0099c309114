import Foundation
import MigcheckCore
import Testing

/// Blame on the right file and revision, outcomes split by what happened, hints that match the
/// direction of a difference, and summaries that count what was really done (issue #11).
@Suite("Round trip: blame, outcomes and summaries")
struct RoundTripBlameTests {
    @Test("revision files Alembic cannot import are reported on those files, before the stairway")
    func unimportableRevisions() throws {
        let project = try GeneratedProject([
            "--revisions", "6", "--env", "psycopg2", "--seed", "11", "--fault", "import-missing-package:3",
            "--fault", "import-syntax-error:4", "--fault", "import-raises:5",
        ])
        defer { project.remove() }
        let order = try project.upgradeOrder()
        let junit = project.tmp.deletingLastPathComponent().appendingPathComponent("imports.xml")
        let run = try project.roundTrip(["--junit", junit.path])
        #expect(run.result.status == 1, "\(run.transcript)")
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.components(separatedBy: "type=\"revision-import-failed\"").count - 1 == 3, "\(xml)")
        let expected = [(order[2], "ModuleNotFoundError"), (order[3], "SyntaxError"), (order[4], "RuntimeError")]
        #expect(run.findings.count == expected.count, "\(run.transcript)")
        for (revision, type) in expected {
            let path = try project.path(of: revision)
            let finding = try #require(run.findings("revision-import-failed", on: revision).first, "\(run.transcript)")
            #expect(finding.path == path)
            #expect(finding.message.contains("cannot import \(path): \(type)"), "\(finding.message)")
            #expect(finding.severity == "error")
        }
        #expect(!run.findings.contains { $0.rule == "upgrade-failed" })
        let counts = try #require(run.counts, "\(run.transcript)")
        #expect(counts.roundTripped == 0 && counts.skipped == 3 && counts.failed == 3 && counts.snapshots == 0, "\(counts)")
        #expect(counts.stopped?.contains("cannot import 3 revision files") == true, "\(counts)")
    }

    @Test("a driver that dies during an upgrade is reported on that revision and its file")
    func driverDies() throws {
        let project = try GeneratedProject(["--revisions", "5", "--env", "psycopg2", "--seed", "12", "--fault", "driver-exit:3"])
        defer { project.remove() }
        let order = try project.upgradeOrder()
        let run = try project.roundTrip()
        #expect(run.result.status == 1, "\(run.transcript)")
        let finding = try #require(run.findings("upgrade-failed", on: order[2]).first, "\(run.transcript)")
        #expect(finding.path == (try project.path(of: order[2])))
        #expect(finding.message.contains("died during the upgrade to \(order[2])"), "\(finding.message)")
        #expect(finding.message.contains("exit status 3"), "\(finding.message)")
        #expect(run.findings.count == 1, "\(run.transcript)")
        let counts = try #require(run.counts)
        #expect(counts.roundTripped == 2 && counts.failed == 1 && counts.skipped == 2, "\(counts)")
    }

    @Test("re-upgrade outcomes are split and every hint says which way the schema differs")
    func directionHints() throws {
        let project = try GeneratedProject(["--revisions", "5", "--env", "psycopg2", "--seed", "13"])
        defer { project.remove() }
        let order = try project.upgradeOrder()
        try project.rewrite(
            order[1],
            upgrade: "op.create_table('d_parent', sa.Column('id', sa.Integer()))\nop.create_index('ix_d_parent', 'd_parent', ['id'])",
            downgrade: "op.drop_table('d_parent')")
        // Removes too much: the parent's index goes with the downgrade and never comes back.
        try project.rewrite(
            order[2], upgrade: "op.add_column('d_parent', sa.Column('f_more', sa.Integer()))",
            downgrade: "op.drop_column('d_parent', 'f_more')\nop.drop_index('ix_d_parent', table_name='d_parent')")
        // Leaves something behind that the second upgrade does not trip over, so it stays extra.
        try project.rewrite(
            order[3], upgrade: "op.create_table('d_made', sa.Column('id', sa.Integer()))",
            downgrade: "op.drop_table('d_made')\nop.create_table('d_junk', sa.Column('id', sa.Integer()))")
        // Leaves the table behind: the second upgrade raises.
        try project.rewrite(order[4], upgrade: "op.create_table('d_left', sa.Column('id', sa.Integer()))", downgrade: "pass")
        let run = try project.roundTrip()
        #expect(run.result.status == 1, "\(run.transcript)")

        let removed = try #require(run.findings("downgrade-mismatch", on: order[2]).first, "\(run.transcript)")
        #expect(removed.message.contains("ix_d_parent is missing after the downgrade"), "\(removed.message)")
        #expect(removed.hint?.contains("removed too much") == true, "\(removed.hint ?? "")")
        #expect(removed.hint?.contains("leaves") == false, "\(removed.hint ?? "")")
        let gone = try #require(run.findings("reupgrade-mismatch", on: order[2]).first, "\(run.transcript)")
        #expect(gone.message.contains("ix_d_parent"), "\(gone.message)")
        #expect(gone.hint?.contains("is gone") == true, "\(gone.hint ?? "")")

        let junk = try #require(run.findings("downgrade-mismatch", on: order[3]).first, "\(run.transcript)")
        #expect(junk.message.contains("d_junk is left behind"), "\(junk.message)")
        #expect(junk.hint?.contains("leaves this behind") == true, "\(junk.hint ?? "")")
        let extra = try #require(run.findings("reupgrade-mismatch", on: order[3]).first, "\(run.transcript)")
        #expect(extra.message.contains("d_junk"), "\(extra.message)")
        #expect(extra.hint?.contains("is extra") == true, "\(extra.hint ?? "")")

        let raised = try #require(run.findings("reupgrade-failed", on: order[4]).first, "\(run.transcript)")
        #expect(raised.message.contains("d_left"), "\(raised.message)")
        #expect(run.findings("reupgrade-mismatch", on: order[4]).isEmpty)
        #expect(!run.findings.contains { $0.rule == "reupgrade-failed" && $0.revision != order[4] }, "\(run.transcript)")
        let counts = try #require(run.counts)
        #expect(counts.roundTripped == 4 && counts.failed == 1 && counts.skipped == 0 && counts.upgradeOnly == 0, "\(counts)")
    }

    @Test("a failed first upgrade: the summary counts one failed and the rest skipped, in text, JSON and the job summary")
    func failedFirstUpgrade() throws {
        let project = try GeneratedProject(["--revisions", "4", "--env", "psycopg2", "--seed", "14"])
        defer { project.remove() }
        let order = try project.upgradeOrder()
        try project.rewrite(order[0], upgrade: "op.execute('SELECT * FROM no_such_relation')", downgrade: "pass")
        let summary = project.tmp.deletingLastPathComponent().appendingPathComponent("summary.md")
        let text = try TestEnvironment.runMigcheck(
            ["roundtrip", "--python", TestEnvironment.python], in: project.directory, environment: ["TMPDIR": project.tmp.path])
        #expect(text.status == 1, "\(text.stdoutText)\(text.stderrText)")
        #expect(!text.stdoutText.contains("round-tripped"), "\(text.stdoutText)")
        #expect(text.stdoutText.contains("1 failed, 3 skipped, 1 schema snapshot compared"), "\(text.stdoutText)")
        let github = try TestEnvironment.runMigcheck(
            ["roundtrip", "--format", "github", "--python", TestEnvironment.python], in: project.directory,
            environment: ["TMPDIR": project.tmp.path, "GITHUB_STEP_SUMMARY": summary.path])
        #expect(github.status == 1)
        let markdown = try String(contentsOf: summary, encoding: .utf8)
        #expect(markdown.contains("1 failed, 3 skipped, 1 schema snapshot compared"), "\(markdown)")
        let run = try project.roundTrip()
        #expect(run.counts == RoundTripRun.Counts(roundTripped: 0, upgradeOnly: 0, skipped: 3, failed: 1, snapshots: 1, stopped: nil))
    }

    @Test("upgrade-only revisions are counted apart from round-tripped ones")
    func upgradeOnlyCounted() throws {
        let project = try GeneratedProject(["--revisions", "4", "--env", "psycopg2", "--seed", "15"])
        defer { project.remove() }
        let order = try project.upgradeOrder()
        try project.rewrite(
            order[3], upgrade: "op.create_table('u_oneway', sa.Column('id', sa.Integer()))", downgrade: "raise NotImplementedError()",
            header: "# migcheck: irreversible\n")
        let run = try project.roundTrip()
        #expect(run.result.status == 0, "\(run.transcript)")
        #expect(run.counts?.roundTripped == 3 && run.counts?.upgradeOnly == 1, "\(run.transcript)")
        let text = try TestEnvironment.runMigcheck(
            ["roundtrip", "--upgrade-only", "--python", TestEnvironment.python], in: project.directory,
            environment: ["TMPDIR": project.tmp.path])
        #expect(text.status == 0)
        #expect(text.stdoutText.contains(", 4 upgrade-only, "), "\(text.stdoutText)")
        #expect(!text.stdoutText.contains("round-tripped"), "\(text.stdoutText)")
    }

    @Test("MIGCHECK_TIMING accounts for the whole run")
    func timingAddsUp() throws {
        let project = try GeneratedProject(["--revisions", "3", "--env", "psycopg2", "--seed", "16"])
        defer { project.remove() }
        let started = Date()
        let result = try TestEnvironment.runMigcheck(
            ["roundtrip", "--python", TestEnvironment.python], in: project.directory,
            environment: ["TMPDIR": project.tmp.path, "MIGCHECK_TIMING": "1"])
        let wall = Date().timeIntervalSince(started)
        #expect(result.status == 0, "\(result.stderrText)")
        let line = try #require(result.stderrText.split(separator: "\n").first { $0.contains("timing: total ") }, "\(result.stderrText)")
        let sides = line.components(separatedBy: " = ")
        try #require(sides.count == 2, "\(line)")
        func seconds(_ text: Substring) -> Double { Double(text.dropLast()) ?? -1 }
        let total = seconds(sides[0].split(separator: " ").last ?? "")
        // Each part is "<name> <seconds>s", optionally followed by a parenthesised breakdown.
        let parts = sides[1].components(separatedBy: " + ").map { part in
            part.split(separator: "(").first.map { $0.split(separator: " ").last.map(seconds) ?? -1 } ?? -1
        }
        #expect(parts.allSatisfy { $0 >= 0 }, "\(line)")
        // With the private cluster the driver starts while the server starts.
        #expect(line.contains("driver start") && line.contains("which it overlapped"), "\(line)")
        #expect(abs(parts.reduce(0, +) - total) < 0.05, "parts \(parts.reduce(0, +)) vs total \(total): \(line)")
        // What the process reports covers what the test measured around it, but for spawning it.
        #expect(total <= wall + 0.05 && total >= wall * 0.85 - 0.1, "total \(total) vs wall \(wall): \(line)")
    }
}
