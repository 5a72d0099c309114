import Foundation
import MigcheckCore
import Testing

/// `--with-data`, `data-not-restored` and `data-dir` on generated projects with real Alembic and
/// PostgreSQL: migrations that pass on an empty database and fail over rows are reported only with
/// data; downgrades that lose or change rows are `data-not-restored`; data files load at their
/// revision.
@Suite("Round trip: with data")
struct RoundTripDataTests {
    /// A revision that creates `d_users` (the table the faults work on); `age` is last so a
    /// downgrade can re-add it in place.
    static let setup = (
        upgrade: """
        op.create_table('d_users', sa.Column('id', sa.Integer(), primary_key=True),
            sa.Column('name', sa.String(20), nullable=False), sa.Column('bio', sa.Text()),
            sa.Column('age', sa.String(10), nullable=False))
        """,
        downgrade: "op.drop_table('d_users')"
    )

    /// A fault that only data reveals.
    struct DataFault: Sendable, CustomStringConvertible {
        var description: String
        var upgrade: String
        var downgrade: String
        var rule: String
        var fragment: String
    }

    static let dataFaults: [DataFault] = [
        DataFault(
            description: "NOT NULL column without a default",
            upgrade: "op.add_column('d_users', sa.Column('email', sa.Text(), nullable=False))",
            downgrade: "op.drop_column('d_users', 'email')", rule: "upgrade-failed", fragment: "contains null values"),
        DataFault(
            description: "unique index over duplicate values",
            upgrade: """
                op.add_column('d_users', sa.Column('code', sa.Text(), server_default='x', nullable=False))
                op.create_index('ix_d_users_code', 'd_users', ['code'], unique=True)
                """,
            downgrade: "op.drop_index('ix_d_users_code', table_name='d_users')\nop.drop_column('d_users', 'code')",
            rule: "upgrade-failed", fragment: "could not create unique index"),
        DataFault(
            description: "a type change whose cast fails",
            upgrade: "op.alter_column('d_users', 'name', type_=sa.Integer(), postgresql_using='name::integer')",
            downgrade: "op.alter_column('d_users', 'name', type_=sa.String(20))", rule: "upgrade-failed",
            fragment: "invalid input syntax"),
        DataFault(
            description: "a downgrade that re-adds a NOT NULL column",
            upgrade: "op.drop_column('d_users', 'age')",
            downgrade: "op.add_column('d_users', sa.Column('age', sa.String(10), nullable=False))", rule: "downgrade-failed",
            fragment: "contains null values"),
        DataFault(
            description: "NOT NULL imposed on a column with NULLs",
            upgrade: "op.alter_column('d_users', 'bio', nullable=False)",
            downgrade: "op.alter_column('d_users', 'bio', nullable=True)", rule: "upgrade-failed", fragment: "contains null values"),
    ]

    @Test("a migration that passes empty and fails over rows is reported with --with-data only", arguments: dataFaults)
    func dataFault(_ fault: DataFault) throws {
        let project = try GeneratedProject(["--revisions", "3", "--env", "psycopg2", "--seed", "21"])
        defer { project.remove() }
        let order = try project.upgradeOrder()
        try project.rewrite(order[1], upgrade: Self.setup.upgrade, downgrade: Self.setup.downgrade)
        try project.rewrite(order[2], upgrade: fault.upgrade, downgrade: fault.downgrade)
        let empty = try project.roundTrip()
        #expect(empty.result.status == 0, "\(fault): without data\n\(empty.transcript)")
        let run = try project.roundTrip(["--with-data"])
        #expect(run.result.status == 1, "\(fault)\n\(run.transcript)")
        let found = run.findings(fault.rule, on: order[2])
        #expect(found.count == 1, "\(fault)\n\(run.transcript)")
        let message = found.first?.message ?? ""
        #expect(message.contains(fault.fragment), "\(message)")
        #expect(message.contains("public.d_users has 3 rows"), "\(message)")
        #expect(run.findings.allSatisfy { $0.revision == order[2] }, "\(run.transcript)")
    }

    @Test("downgrades that delete or truncate rows are data-not-restored; dropping an added column is not")
    func dataNotRestored() throws {
        let project = try GeneratedProject(["--revisions", "6", "--env", "psycopg", "--seed", "22"])
        defer { project.remove() }
        let order = try project.upgradeOrder()
        try project.rewrite(order[1], upgrade: Self.setup.upgrade, downgrade: Self.setup.downgrade)
        try project.rewrite(
            order[2], upgrade: "op.add_column('d_users', sa.Column('flag', sa.Boolean()))",
            downgrade: "op.execute('DELETE FROM d_users WHERE id > 1')\nop.drop_column('d_users', 'flag')")
        try project.rewrite(
            order[3], upgrade: "op.alter_column('d_users', 'name', type_=sa.Text())",
            downgrade: "op.alter_column('d_users', 'name', type_=sa.String(20), postgresql_using='substr(name, 1, 3)')")
        try project.rewrite(
            order[4], upgrade: "op.add_column('d_users', sa.Column('nick', sa.Text(), server_default='n', nullable=False))",
            downgrade: "op.drop_column('d_users', 'nick')")
        try project.rewrite(
            order[5], upgrade: "op.alter_column('d_users', 'age', type_=sa.Text())",
            downgrade: "op.alter_column('d_users', 'age', type_=sa.String(10))")
        #expect(try project.roundTrip().findings.isEmpty)
        let run = try project.roundTrip(["--with-data", "--data-rows", "4"])
        #expect(run.result.status == 0, "warnings only\n\(run.transcript)")
        let deleted = run.findings("data-not-restored", on: order[2])
        #expect(deleted.count == 1, "\(run.transcript)")
        #expect(deleted.first?.message.contains("rows of public.d_users not restored by the downgrade of \(order[2])") == true)
        #expect(
            deleted.first?.message.contains("3 rows lost (4 rows before the upgrade, 1 after the downgrade)") == true, "\(run.transcript)")
        #expect(deleted.first?.severity == "warning")
        let truncated = run.findings("data-not-restored", on: order[3])
        #expect(truncated.first?.message.contains("4 rows changed") == true, "\(run.transcript)")
        #expect(run.findings.count == 2, "only the two lossy downgrades\n\(run.transcript)")
    }

    @Test("a downgrade that does not restore a column is downgrade-mismatch only; the other tables are still compared")
    func columnNotRestored() throws {
        let project = try GeneratedProject(["--revisions", "3", "--env", "psycopg2", "--seed", "25"])
        defer { project.remove() }
        let order = try project.upgradeOrder()
        try project.rewrite(order[1], upgrade: Self.setup.upgrade, downgrade: Self.setup.downgrade)
        try project.rewrite(
            order[2], upgrade: "op.drop_column('d_users', 'bio')", downgrade: "op.execute('DELETE FROM t_m_1 WHERE id > 1')")
        let run = try project.roundTrip(["--with-data"])
        #expect(run.result.status == 1, "\(run.transcript)")
        #expect(
            run.findings("downgrade-mismatch", on: order[2]).contains { $0.message.contains("d_users.bio is missing") }, "\(run.transcript)"
        )
        let lost = run.findings("data-not-restored", on: order[2])
        #expect(lost.map(\.message).contains { $0.contains("public.t_m_1") && $0.contains("2 rows lost") }, "\(run.transcript)")
        #expect(!lost.contains { $0.message.contains("d_users") }, "\(run.transcript)")
    }

    @Test("data-dir files run just before the upgrade to their revision; a stray file is a could-not-check")
    func dataDirectory() throws {
        let project = try GeneratedProject(["--revisions", "3", "--env", "psycopg2", "--seed", "23"])
        defer { project.remove() }
        let order = try project.upgradeOrder()
        try project.rewrite(
            order[1], upgrade: "op.create_table('d_notes', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('body', sa.Text()))",
            downgrade: "op.drop_table('d_notes')")
        try project.rewrite(
            order[2], upgrade: "op.add_column('d_notes', sa.Column('title', sa.Text(), nullable=False))",
            downgrade: "op.drop_column('d_notes', 'title')")
        #expect(try project.roundTrip().result.status == 0)
        let data = project.directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        // d_notes exists only from order[1] on: the file must run after that upgrade.
        try "INSERT INTO d_notes (id, body) VALUES (1, 'hello'), (2, 'world');".write(
            to: data.appendingPathComponent("\(order[2]).sql"), atomically: true, encoding: .utf8)
        let run = try project.roundTrip(["--data-dir", "data"])
        #expect(run.result.status == 1, "\(run.transcript)")
        let failed = run.findings("upgrade-failed", on: order[2])
        #expect(failed.first?.message.contains("public.d_notes has 2 rows") == true, "\(run.transcript)")
        #expect(run.findings.count == 1, "\(run.transcript)")

        try "data-dir = \"data\"\n".write(to: project.directory.appendingPathComponent("migcheck.toml"), atomically: true, encoding: .utf8)
        let fromSettings = try project.roundTrip()
        #expect(fromSettings.findings("upgrade-failed", on: order[2]).count == 1, "\(fromSettings.transcript)")

        try "SELECT 1;".write(to: data.appendingPathComponent("nosuchrev.sql"), atomically: true, encoding: .utf8)
        let stray = try project.roundTrip()
        #expect(stray.result.status == 2, "\(stray.transcript)")
        #expect(stray.result.stderrText.contains("nosuchrev.sql"), "\(stray.transcript)")
    }

    @Test("the generated corpus passes with --with-data, and every table gets rows")
    func corpusPasses() throws {
        let project = try GeneratedProject(["--revisions", "14", "--branches", "1", "--env", "psycopg2", "--seed", "24"])
        defer { project.remove() }
        let run = try project.roundTrip(["--with-data"])
        #expect(run.result.status == 0, "\(run.transcript)")
        #expect(run.findings.isEmpty, "\(run.transcript)")
        let text = try TestEnvironment.runMigcheck(
            ["roundtrip", "--python", TestEnvironment.python, "--with-data", "--no-drift"], in: project.directory,
            environment: ["TMPDIR": project.tmp.path])
        #expect(text.stdoutText.contains("generated rows (3 per table) in"), "\(text.stdoutText)")
        #expect(!text.stdoutText.contains("could not fill"), "\(text.stdoutText)")
    }

    @Test("the sample migrations/ pass with --with-data")
    func samplePasses() throws {
        let sample = TestEnvironment.packageRoot.appendingPathComponent("migrations")
        let tmp = try TemporaryDirectory(purpose: "roundtrip-sample-data")
        defer { tmp.remove() }
        let result = try TestEnvironment.runMigcheck(
            ["roundtrip", "--python", TestEnvironment.python, "--with-data"], in: sample, environment: ["TMPDIR": tmp.url.path])
        #expect(result.status == 0, "\(result.stdoutText)\n\(result.stderrText)")
        #expect(result.stdoutText.contains("0 errors, 0 warnings"), "\(result.stdoutText)")
        #expect(!result.stdoutText.contains("could not fill"), "\(result.stdoutText)")
    }
}
