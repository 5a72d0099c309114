import Foundation
import MigcheckCore
import Testing

/// The supported Alembic range, each in its own venv made by ci/setup.sh: Alembic 1.4 with
/// SQLAlchemy 1.3, SQLAlchemy 1.4, and the main venv (SQLAlchemy 2) find the same faults; an
/// Alembic older than 1.4 is refused. A missing venv fails the test (it never skips).
@Suite("Round trip: supported Alembic and SQLAlchemy versions")
struct RoundTripAlembicVersionTests {
    /// The venv's Python, required to exist.
    static func require(_ python: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(
            FileManager.default.isExecutableFile(atPath: python),
            "\(python) is missing: run ci/setup.sh (it makes the Alembic/SQLAlchemy version venvs)",
            sourceLocation: sourceLocation)
        return python
    }

    /// A generated project (sync psycopg2 env.py, which SQLAlchemy 1.3 can run; the sample's
    /// async env.py needs SQLAlchemy 1.4) with a fault of each kind planted.
    static func plantedProject() throws -> (GeneratedProject, [String]) {
        let project = try GeneratedProject(["--revisions", "6", "--env", "psycopg2", "--seed", "21"])
        let order = try project.upgradeOrder()
        try project.rewrite(order[2], upgrade: "op.create_table('v_left', sa.Column('id', sa.Integer()))", downgrade: "pass")
        try project.rewrite(
            order[3],
            upgrade: "op.create_table('v_parent', sa.Column('id', sa.Integer()))\nop.create_index('ix_v_parent', 'v_parent', ['id'])",
            downgrade: "op.drop_index('ix_v_parent', table_name='v_parent')\nop.drop_table('v_parent')\nop.execute('CREATE SEQUENCE v_seq')"
        )
        try project.rewrite(
            order[4], upgrade: "op.create_table('v_broken', sa.Column('id', sa.Integer()))", downgrade: "op.drop_table('v_missing')")
        try project.rewrite(order[5], upgrade: "op.execute('SELECT * FROM v_no_such_relation')", downgrade: "pass")
        return (project, order)
    }

    /// What must agree between versions: rule, revision, path, and the message of schema
    /// comparisons (exception texts come from the database driver and may differ in detail).
    static func signature(_ run: RoundTripRun) -> [String] {
        run.findings.map { finding in
            let compared = finding.rule.hasSuffix("-mismatch")
            return "\(finding.rule) \(finding.revision ?? "") \(finding.path ?? "") \(compared ? finding.message : "")"
        }.sorted()
    }

    @Test(
        "Alembic 1.4 + SQLAlchemy 1.3 and SQLAlchemy 1.4 find what the main venv finds",
        arguments: ["alembic14", "sqla14"])
    func sameFindings(_ venv: String) throws {
        let python = try Self.require(venv == "alembic14" ? TestEnvironment.pythonAlembic14 : TestEnvironment.pythonSQLA14)
        let (project, order) = try Self.plantedProject()
        defer { project.remove() }
        let reference = try project.roundTrip()
        #expect(reference.result.status == 1, "\(reference.transcript)")
        #expect(reference.findings.count >= 5, "\(reference.transcript)")
        #expect(!reference.findings("upgrade-failed", on: order[5]).isEmpty, "\(reference.transcript)")
        let other = try project.roundTrip(python: python)
        #expect(other.result.status == 1, "\(other.transcript)")
        #expect(Self.signature(other) == Self.signature(reference), "\(venv):\n\(other.transcript)\nmain venv:\n\(reference.transcript)")
        #expect(other.counts == reference.counts, "\(other.transcript)")
    }

    @Test("the sample (async env.py, asyncpg) round-trips on SQLAlchemy 1.4")
    func sampleOnSQLAlchemy14() throws {
        let python = try Self.require(TestEnvironment.pythonSQLA14)
        let sample = TestEnvironment.packageRoot.appendingPathComponent("migrations")
        let tmp = try TemporaryDirectory(purpose: "roundtrip-sample-sqla14")
        defer { tmp.remove() }
        let result = try TestEnvironment.runMigcheck(
            ["roundtrip", "--python", python], in: sample, environment: ["TMPDIR": tmp.url.path])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
        #expect(result.stdoutText.contains("10 round-tripped"), "\(result.stdoutText)")
    }

    @Test("Alembic older than 1.4 is refused in one line naming the version found and the minimum")
    func oldAlembicRefused() throws {
        let python = try Self.require(TestEnvironment.pythonAlembic13)
        let project = try GeneratedProject(["--revisions", "2", "--env", "psycopg2", "--seed", "22"])
        defer { project.remove() }
        let run = try project.roundTrip(python: python)
        #expect(run.result.status == 2, "\(run.transcript)")
        let lines = run.result.stderrText.split(separator: "\n").filter { $0.contains("Alembic 1.3") }
        #expect(lines.count == 1, "\(run.transcript)")
        #expect(lines.first?.contains("needs Alembic 1.4 or newer") == true, "\(run.transcript)")
    }
}
