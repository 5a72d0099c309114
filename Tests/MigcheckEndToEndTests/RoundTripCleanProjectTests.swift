import Foundation
import Testing

@testable import MigcheckCore

/// `migcheck roundtrip` on generated projects that are correct: every shape of graph and every
/// driver passes, with one JUnit case per revision step.
@Suite("Round trip: clean projects", .serialized)
struct RoundTripCleanProjectTests {
    @Test("linear history, psycopg2 env.py")
    func linear() throws {
        let project = try GeneratedProject(["--revisions", "8", "--env", "psycopg2", "--seed", "11"])
        defer { project.remove() }
        let junit = project.tmp.deletingLastPathComponent().appendingPathComponent("report.xml")
        let run = try project.roundTrip(["--junit", junit.path])
        #expect(run.result.status == 0, "\(run.transcript)")
        #expect(run.findings.isEmpty)
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == 8 * 3)
        #expect(xml.contains("failures=\"0\""))
        for revision in try project.upgradeOrder() {
            for step in ["upgrade", "downgrade", "reupgrade"] {
                #expect(xml.contains("classname=\"roundtrip.\(revision)\" name=\"\(step)\""))
            }
        }
    }

    @Test("branches and merge revisions, psycopg 3 env.py")
    func branchedAndMerged() throws {
        let project = try GeneratedProject(["--revisions", "14", "--branches", "3", "--env", "psycopg", "--seed", "5"])
        defer { project.remove() }
        let graph = try project.load().graph
        #expect(graph.order.contains { graph.nodes[$0]!.isMergePoint }, "the generator made no merge revision")
        let run = try project.roundTrip()
        #expect(run.result.status == 0, "\(run.transcript)")
        #expect(run.findings.isEmpty)
    }

    @Test("two bases, depends_on and an unmerged second head, asyncpg env.py")
    func basesAndDependencies() throws {
        let project = try GeneratedProject([
            "--revisions", "14", "--branches", "2", "--bases", "2", "--depends-on", "2",
            "--heads", "2", "--env", "asyncpg", "--seed", "1",
        ])
        defer { project.remove() }
        let graph = try project.load().graph
        #expect(graph.bases.count == 2)
        #expect(graph.order.contains { !graph.nodes[$0]!.resolvedDependencies.isEmpty })
        let run = try project.roundTrip()
        #expect(run.result.status == 0, "\(run.transcript)")
        #expect(run.findings.isEmpty)
    }

    @Test("--from/--to limit the checked range; --upgrade-only never downgrades")
    func range() throws {
        let project = try GeneratedProject(["--revisions", "6", "--env", "psycopg2", "--seed", "2"])
        defer { project.remove() }
        let order = try project.upgradeOrder()
        // A downgrade that leaves a column behind in the first revision is outside --from.
        try project.rewrite(order[0], upgrade: "op.create_table('early', sa.Column('id', sa.Integer()))", downgrade: "pass")
        let junit = project.tmp.deletingLastPathComponent().appendingPathComponent("range.xml")
        let limited = try project.roundTrip(["--from", order[2], "--to", order[4], "--junit", junit.path])
        #expect(limited.result.status == 0, "\(limited.transcript)")
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == 3 * 3)
        #expect(!xml.contains(order[0]) && !xml.contains(order[5]))

        let full = try project.roundTrip()
        #expect(full.result.status == 1)
        #expect(full.findings("downgrade-mismatch", on: order[0]).count == 1)

        let upgradeOnly = try project.roundTrip(["--upgrade-only"])
        #expect(upgradeOnly.result.status == 0, "\(upgradeOnly.transcript)")
    }

    @Test("server mode: runs in a fresh database on the server, never in the named one, and drops it")
    func serverMode() throws {
        let server = try ScratchDatabase.ephemeral(pgBin: nil)
        defer { server.dispose() }
        let project = try GeneratedProject(["--revisions", "4", "--env", "psycopg2", "--seed", "9"])
        defer { project.remove() }
        let viaFlag = try project.roundTrip(["--database-url", server.sqlalchemyURL(driver: "psycopg2")])
        #expect(viaFlag.result.status == 0, "\(viaFlag.transcript)")
        let viaEnvironment = try TestEnvironment.runMigcheck(
            ["roundtrip", "--python", TestEnvironment.python], in: project.directory,
            environment: ["TMPDIR": project.tmp.path, "MIGCHECK_DATABASE_URL": server.libpqURL])
        #expect(viaEnvironment.status == 0, "\(viaEnvironment.stderrText)")
        let connection = try server.connect()
        let databases = try connection.query("SELECT datname FROM pg_database WHERE datname LIKE 'migcheck\\_%'").compactMap {
            $0.first ?? nil
        }
        #expect(databases.isEmpty, "left behind: \(databases)")
        let tables = try connection.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").first?.first ?? nil
        #expect(tables == "0", "the database the URL names was migrated")
    }

    @Test("env.py printing on stdout (print and raw fd 1) does not disturb the driver protocol")
    func noisyEnvironment() throws {
        let project = try GeneratedProject(["--revisions", "3", "--env", "psycopg", "--seed", "2"])
        defer { project.remove() }
        let env = project.directory.appendingPathComponent("migrations/env.py")
        let text = try String(contentsOf: env, encoding: .utf8)
        try ("import os\nprint('noise from env.py')\nos.write(1, b'{\"ok\": false}\\n')\n" + text)
            .write(to: env, atomically: true, encoding: .utf8)
        let run = try project.roundTrip()
        #expect(run.result.status == 0, "\(run.transcript)")
        #expect(!run.result.stdoutText.contains("noise from env.py"))
    }
}
