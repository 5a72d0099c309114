import Foundation
import MigcheckCore
import Testing

/// Planted faults, one per revision of one generated linear project: each is caught and pinned to
/// the revision (and file) that has it, and the faults do not bleed into each other.
@Suite("Round trip: planted faults")
struct RoundTripFaultTests {
    /// A fault: the revision's new upgrade/downgrade bodies, and what must be reported on it.
    struct Fault {
        var name: String
        var upgrade: String
        var downgrade: String
        var header = ""
        /// (rule, fragment of the message) pairs expected on the revision.
        var expected: [(String, String)]
    }

    static let faults: [Fault] = [
        Fault(
            name: "setup: a table for the position fault",
            upgrade: """
                op.create_table('f_pos', sa.Column('a', sa.Integer()), sa.Column('b', sa.Integer()), sa.Column('c', sa.Integer()))
                """, downgrade: "op.drop_table('f_pos')", expected: []),
        Fault(
            name: "enum left behind",
            upgrade: """
                op.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')")
                op.create_table('f_enum', sa.Column('id', sa.Integer()), sa.Column('m', postgresql.ENUM(name='mood', create_type=False)))
                """, downgrade: "op.drop_table('f_enum')",
            header: "from sqlalchemy.dialects import postgresql\n\n\n",
            expected: [("downgrade-mismatch", "type public.mood is left behind by the downgrade of")]),
        Fault(
            name: "sequence left behind",
            upgrade: """
                op.execute("CREATE SEQUENCE f_seq_counter")
                op.execute("CREATE TABLE f_seq (id integer DEFAULT nextval('f_seq_counter'))")
                """, downgrade: "op.drop_table('f_seq')",
            expected: [("downgrade-mismatch", "sequence public.f_seq_counter is left behind")]),
        Fault(
            name: "column not dropped", upgrade: "op.add_column('t_m_1', sa.Column('f_col', sa.Text()))",
            downgrade: "op.execute('SELECT 1')",
            expected: [("downgrade-mismatch", "column public.t_m_1.f_col is left behind")]),
        Fault(
            name: "index not dropped", upgrade: "op.create_index('ix_f_left', 't_m_1', ['id', 'name'])",
            downgrade: "op.execute('SELECT 1')",
            expected: [("downgrade-mismatch", "index public.ix_f_left is left behind")]),
        Fault(
            name: "constraint not dropped", upgrade: "op.create_check_constraint('ck_f_left', 't_m_1', 'id > -1')",
            downgrade: "op.execute('SELECT 1')",
            expected: [("downgrade-mismatch", "ck_f_left is left behind")]),
        Fault(
            name: "view not dropped", upgrade: "op.execute('CREATE VIEW f_view AS SELECT id, name FROM t_m_1')",
            downgrade: "op.execute('SELECT 1')",
            expected: [("downgrade-mismatch", "view public.f_view is left behind")]),
        Fault(
            name: "downgrade drops too much", upgrade: "op.add_column('t_m_1', sa.Column('f_more', sa.Integer()))",
            downgrade: "op.drop_column('t_m_1', 'f_more')\nop.drop_index('ix_t_m_1_name', table_name='t_m_1')",
            expected: [("downgrade-mismatch", "index public.ix_t_m_1_name is missing after the downgrade of")]),
        Fault(
            name: "column re-added in another position", upgrade: "op.drop_column('f_pos', 'b')",
            downgrade: "op.add_column('f_pos', sa.Column('b', sa.Integer()))",
            expected: [("column-order", "column public.f_pos.b is re-created at the end of the table instead of position 2")]),
        Fault(
            name: "downgrade pass", upgrade: "op.add_column('t_m_1', sa.Column('f_pass', sa.Integer()))",
            downgrade: "pass",
            expected: [("downgrade-mismatch", "column public.t_m_1.f_pass is left behind")]),
        Fault(
            name: "downgrade raises NotImplementedError", upgrade: "op.create_table('f_oneway', sa.Column('id', sa.Integer()))",
            downgrade: "raise NotImplementedError('one way')",
            expected: [("irreversible", "raises NotImplementedError")]),
        Fault(
            name: "downgrade fails", upgrade: "op.create_table('f_broken', sa.Column('id', sa.Integer()))",
            downgrade: "op.drop_table('f_no_such_table')",
            expected: [("downgrade-failed", "f_no_such_table")]),
        Fault(
            name: "upgrade fails the second time",
            upgrade: """
                op.execute("CREATE SEQUENCE f_twice_seq")
                op.create_table('f_twice', sa.Column('id', sa.Integer()))
                """, downgrade: "op.drop_table('f_twice')",
            expected: [
                ("downgrade-mismatch", "sequence public.f_twice_seq is left behind"),
                ("reupgrade-failed", "f_twice_seq"),
            ]),
        Fault(
            name: "marked irreversible: not downgraded, no finding",
            upgrade: "op.create_table('f_marked', sa.Column('id', sa.Integer()))",
            downgrade: "raise NotImplementedError()", header: "# migcheck: irreversible\n", expected: []),
        Fault(
            name: "upgrade fails", upgrade: "op.execute('SELECT * FROM f_missing_relation')", downgrade: "pass",
            expected: [("upgrade-failed", "f_missing_relation")]),
    ]

    @Test("every planted fault is reported on its own revision, with its file")
    func plantedFaults() throws {
        let faults = Self.faults
        let project = try GeneratedProject(["--revisions", "\(faults.count + 1)", "--env", "psycopg2", "--seed", "7"])
        defer { project.remove() }
        let order = try project.upgradeOrder()
        try #require(order.count == faults.count + 1)
        for (fault, revision) in zip(faults, order.dropFirst()) {
            try project.rewrite(revision, upgrade: fault.upgrade, downgrade: fault.downgrade, header: fault.header)
        }
        let junit = project.tmp.deletingLastPathComponent().appendingPathComponent("faults.xml")
        let run = try project.roundTrip(["--junit", junit.path])
        #expect(run.result.status == 1, "\(run.transcript)")
        var explained = 0
        for (fault, revision) in zip(faults, order.dropFirst()) {
            let path = try project.path(of: revision)
            for (rule, fragment) in fault.expected {
                let matches = run.findings(rule, on: revision).filter { $0.message.contains(fragment) }
                #expect(
                    !matches.isEmpty,
                    "\(fault.name): no \(rule) containing '\(fragment)' on \(revision); got \(run.findings.filter { $0.revision == revision }.map { "\($0.rule): \($0.message)" })"
                )
                #expect(matches.allSatisfy { $0.path == path }, "\(fault.name): wrong path")
            }
            let onRevision = run.findings.filter { $0.revision == revision }
            if fault.expected.isEmpty {
                #expect(onRevision.isEmpty, "\(fault.name): unexpected \(onRevision.map(\.message))")
            }
            explained += onRevision.count
        }
        #expect(
            explained == run.findings.count,
            "findings on revisions without faults: \(run.findings.map { "\($0.revision ?? "?") \($0.message)" })")
        let irreversible = run.findings.filter { $0.rule == "irreversible" }
        #expect(irreversible.allSatisfy { $0.severity == "warning" })
        let upgradeFailure = try #require(run.findings.first { $0.rule == "upgrade-failed" })
        #expect(
            upgradeFailure.hint?.contains("Traceback") == true || upgradeFailure.hint?.contains("File \"") == true,
            "no Python traceback in \(upgradeFailure.hint ?? "nil")")
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.contains("<failure message=\"sequence public.f_seq_counter is left behind"))
        #expect(xml.contains("skipped message=\"marked irreversible\""))
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == order.count * 3, "one case per revision step")
    }

    @Test("text output names revision, file and sentence; github output annotates the file")
    func formats() throws {
        let project = try GeneratedProject(["--revisions", "3", "--env", "psycopg", "--seed", "8"])
        defer { project.remove() }
        let revision = try project.upgradeOrder()[1]
        try project.rewrite(revision, upgrade: "op.execute(\"CREATE TYPE mood AS ENUM ('a')\")", downgrade: "pass")
        let path = try project.path(of: revision)
        let text = try TestEnvironment.runMigcheck(
            ["roundtrip", "--python", TestEnvironment.python], in: project.directory,
            environment: ["TMPDIR": project.tmp.path])
        #expect(text.status == 1)
        #expect(text.stdoutText.contains("\(path):"))
        #expect(text.stdoutText.contains("type public.mood is left behind by the downgrade of \(revision)"))
        #expect(text.stdoutText.contains("[downgrade-mismatch]"))
        let github = try TestEnvironment.runMigcheck(
            ["roundtrip", "--format", "github", "--python", TestEnvironment.python],
            in: project.directory, environment: ["TMPDIR": project.tmp.path])
        #expect(github.status == 1)
        #expect(github.stdoutText.contains("::error file=\(path)"))
    }
}
