import Foundation
import MigcheckCore
import Testing

/// The driver starts before the database exists (``DriverLaunch``): Python imports Alembic while
/// migcheck reads the project and starts the database. Nothing of the project may run before the
/// driver has the scratch database: code in a revision file that reads the database-URL variable
/// when it is imported must see the scratch database, never the one in migcheck's environment.
@Suite("Round trip: the driver's early start")
struct RoundTripDriverStartTests {
    @Test func projectCodeSeesOnlyTheScratchDatabase() throws {
        let project = try GeneratedProject(["--revisions", "2", "--env", "psycopg2", "--seed", "41"])
        defer { project.remove() }
        let seen = project.tmp.deletingLastPathComponent().appendingPathComponent("seen.txt")
        let first = try project.upgradeOrder()[0]
        try project.rewrite(
            first, upgrade: "op.create_table('t_seen', sa.Column('id', sa.Integer()))", downgrade: "op.drop_table('t_seen')",
            header: """
                import os as _os
                with open("\(seen.path)", "a") as _seen:
                    _seen.write(repr(_os.environ.get("DATABASE_URL")) + "\\n")


                """)
        let production = "postgresql://app:secret@127.0.0.1:1/production"
        let result = try TestEnvironment.runMigcheck(
            ["roundtrip", "--python", TestEnvironment.python], in: project.directory,
            environment: ["TMPDIR": project.tmp.path, "DATABASE_URL": production])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
        let lines = try String(contentsOf: seen, encoding: .utf8).split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(line.contains("/migcheck?host=") && !line.contains("production"), "\(line)")
        }
    }
}
