import Foundation
import Testing

@testable import MigcheckCore

/// `model-drift`: env.py's `target_metadata` compared with the schema the migrations build, through
/// real Alembic autogenerate on a real PostgreSQL, with env.py's own `context.configure` options.
@Suite("Round trip: model drift")
struct ModelDriftTests {
    /// The migrations: `users(id, name varchar(40))` with index `ix_users_old`, and `legacy_log`.
    static let revision = """
        \"\"\"users

        Revision ID: a1
        Revises:
        \"\"\"
        from alembic import op
        import sqlalchemy as sa

        revision = "a1"
        down_revision = None
        branch_labels = None
        depends_on = None


        def upgrade():
            op.create_table("users", sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String(40), nullable=False))
            op.create_index("ix_users_old", "users", ["name"])
            op.create_table("legacy_log", sa.Column("id", sa.Integer, primary_key=True))


        def downgrade():
            op.drop_table("legacy_log")
            op.drop_index("ix_users_old", "users")
            op.drop_table("users")

        """

    /// Models matching the migrations exactly.
    static let matchingModels = """
        import sqlalchemy as sa
        metadata = sa.MetaData()
        users = sa.Table("users", metadata, sa.Column("id", sa.Integer, primary_key=True),
                         sa.Column("name", sa.String(40), nullable=False))
        sa.Index("ix_users_old", users.c.name)
        sa.Table("legacy_log", metadata, sa.Column("id", sa.Integer, primary_key=True))

        """

    /// Models that drifted: a new column, a dropped index, a changed type, a new table, and no legacy_log.
    static let driftedModels = """
        import sqlalchemy as sa
        metadata = sa.MetaData()
        users = sa.Table("users", metadata, sa.Column("id", sa.Integer, primary_key=True),
                         sa.Column("name", sa.String(80), nullable=False), sa.Column("email", sa.String(200)))
        sa.Table("posts", metadata, sa.Column("id", sa.Integer, primary_key=True))

        """

    /// Writes the project: `metadata` is what env.py passes as target_metadata, `configure` any
    /// extra `context.configure` arguments.
    static func project(models: String, metadata: String = "metadata", configure: String = "") throws -> ScratchDirectory {
        let scratch = try ScratchDirectory(purpose: "model-drift")
        _ = try scratch.write("alembic.ini", "[alembic]\nscript_location = mig\nsqlalchemy.url = postgresql://localhost/unused\n")
        _ = try scratch.write("models.py", models)
        _ = try scratch.write("mig/script.py.mako", "unused\n")
        _ = try scratch.write("mig/versions/a1_users.py", revision)
        _ = try scratch.write(
            "mig/env.py",
            """
            import os, sys
            from alembic import context
            from sqlalchemy import create_engine, pool
            sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
            from models import metadata
            target_metadata = \(metadata)


            def skip_legacy(obj, name, type_, reflected, compare_to):
                return not (type_ == "table" and name.startswith("legacy_"))


            engine = create_engine(os.environ["DATABASE_URL"], poolclass=pool.NullPool)
            with engine.connect() as connection:
                context.configure(connection=connection, target_metadata=target_metadata\(configure))
                with context.begin_transaction():
                    context.run_migrations()

            """)
        return scratch
    }

    /// Runs `migcheck roundtrip --format json` plus `arguments` in `scratch`.
    static func run(_ scratch: ScratchDirectory, _ arguments: [String]) throws -> (RoundTripRun, String) {
        let result = try TestEnvironment.runMigcheck(
            ["roundtrip", "--format", "json", "--python", TestEnvironment.python] + arguments, in: scratch.url)
        let summary = (try? JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
            .flatMap { $0["summary"] as? [String: Any] }
            .flatMap { ($0["environments"] as? [[String: Any]])?.first?["detail"] as? String }
        return (RoundTripRun(result: result), summary ?? "")
    }

    @Test("every difference is named with the operation autogenerate would write", arguments: [["--drift-only"], []])
    func driftIsNamed(arguments: [String]) throws {
        let scratch = try Self.project(models: Self.driftedModels)
        defer { scratch.remove() }
        let (run, summary) = try Self.run(scratch, arguments)
        #expect(run.result.status == 1, "\(run.transcript)")
        let drift = run.findings.filter { $0.rule == "model-drift" }
        let messages = drift.map(\.message).joined(separator: "\n")
        for expected in [
            "add_column users.email", "drop_index ix_users_old on users", "alter_column users.name (type VARCHAR(length=40)",
            "create_table posts", "drop_table legacy_log",
        ] {
            #expect(messages.contains(expected), "missing \(expected) in:\n\(messages)")
        }
        #expect(drift.count == 5, "\(messages)")
        #expect(drift.allSatisfy { $0.revision == "a1" && $0.path == "mig/env.py" && $0.severity == "error" })
        // Nothing but drift: the migrations themselves round-trip cleanly.
        #expect(run.findings.count == drift.count, "\(run.transcript)")
        #expect(summary.contains("5 model differences"), "\(summary)")
        #expect(summary.contains("--drift-only") == (arguments == ["--drift-only"]), "\(summary)")
    }

    @Test func modelsInSyncGiveNoFinding() throws {
        let scratch = try Self.project(models: Self.matchingModels)
        defer { scratch.remove() }
        let (run, summary) = try Self.run(scratch, [])
        #expect(run.result.status == 0, "\(run.transcript)")
        #expect(run.findings.isEmpty, "\(run.transcript)")
        #expect(summary.contains("1 round-tripped") && summary.contains("models match the migrations"), "\(summary)")
    }

    @Test func envFiltersAreHonoured() throws {
        // legacy_log exists only in the migrations; env.py's include_object leaves legacy_* out.
        let models = Self.matchingModels.replacingOccurrences(
            of: "sa.Table(\"legacy_log\", metadata, sa.Column(\"id\", sa.Integer, primary_key=True))\n", with: "")
        let unfiltered = try Self.project(models: models)
        defer { unfiltered.remove() }
        let (plain, _) = try Self.run(unfiltered, ["--drift-only"])
        #expect(plain.findings.map(\.message).contains { $0.hasSuffix("drop_table legacy_log") }, "\(plain.transcript)")

        let filtered = try Self.project(models: models, configure: ", include_object=skip_legacy")
        defer { filtered.remove() }
        let (run, _) = try Self.run(filtered, ["--drift-only"])
        #expect(run.result.status == 0, "\(run.transcript)")
        #expect(run.findings.isEmpty, "\(run.transcript)")
    }

    @Test func includeSchemasIsHonoured() throws {
        // audit.log exists only in the migrations, in another schema: autogenerate looks at it only
        // when env.py passes include_schemas=True.
        func project(configure: String) throws -> ScratchDirectory {
            let scratch = try Self.project(models: Self.matchingModels, configure: configure)
            let extra = """
                \"\"\"audit

                Revision ID: a2
                Revises: a1
                \"\"\"
                from alembic import op
                import sqlalchemy as sa

                revision = "a2"
                down_revision = "a1"
                branch_labels = None
                depends_on = None


                def upgrade():
                    op.execute("CREATE SCHEMA audit")
                    op.create_table("log", sa.Column("id", sa.Integer, primary_key=True), schema="audit")


                def downgrade():
                    op.drop_table("log", schema="audit")
                    op.execute("DROP SCHEMA audit")

                """
            _ = try scratch.write("mig/versions/a2_audit.py", extra)
            return scratch
        }
        let plain = try project(configure: "")
        defer { plain.remove() }
        let (quiet, _) = try Self.run(plain, ["--drift-only"])
        #expect(quiet.result.status == 0 && quiet.findings.isEmpty, "\(quiet.transcript)")

        let schemas = try project(configure: ", include_schemas=True")
        defer { schemas.remove() }
        let (run, _) = try Self.run(schemas, ["--drift-only"])
        #expect(run.result.status == 1, "\(run.transcript)")
        #expect(run.findings.map(\.message).contains { $0.hasSuffix("drop_table audit.log") }, "\(run.transcript)")
        #expect(run.findings.allSatisfy { $0.revision == "a2" }, "\(run.transcript)")
    }

    @Test func withoutTargetMetadataOneLineSaysWhy() throws {
        let scratch = try Self.project(models: Self.driftedModels, metadata: "None")
        defer { scratch.remove() }
        let (run, summary) = try Self.run(scratch, [])
        #expect(run.result.status == 0, "\(run.transcript)")
        #expect(run.findings.isEmpty, "\(run.transcript)")
        #expect(summary.contains("model drift not checked: env.py passes no target_metadata"), "\(summary)")
    }

    @Test func noDriftSkipsTheComparisonAndDriftOnlyRefusesContradictions() throws {
        let scratch = try Self.project(models: Self.driftedModels)
        defer { scratch.remove() }
        let (run, summary) = try Self.run(scratch, ["--no-drift"])
        #expect(run.result.status == 0, "\(run.transcript)")
        #expect(!summary.contains("model"), "\(summary)")
        let refused = try TestEnvironment.runMigcheck(["roundtrip", "--drift-only", "--no-drift"], in: scratch.url)
        #expect(refused.status == 64, "\(refused.stderrText)")
    }
}
