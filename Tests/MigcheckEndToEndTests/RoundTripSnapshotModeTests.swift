import Foundation
import Testing

@testable import MigcheckCore

/// Snapshots that read only what a step changed (the default) report exactly what full snapshots
/// after every step (`--full-snapshots`) report: on every planted fault and on the generated
/// corpus (every template, driver, plant and the multidb fallback), in the private cluster (DDL
/// log) and on a server given by URL where migcheck is not a superuser (fingerprints).
@Suite("Round trip: snapshots of what changed and full snapshots agree")
struct RoundTripSnapshotModeTests {
    /// Runs `migcheck roundtrip --format json` (with `extra`) and returns the run and its timing line.
    /// The default run also compares every snapshot with a full one (`MIGCHECK_VERIFY_SNAPSHOTS`,
    /// which stops the run with exit 2 at the first difference).
    func run(_ project: GeneratedProject, _ extra: [String]) throws -> (RoundTripRun, String) {
        let result = try TestEnvironment.runMigcheck(
            ["roundtrip", "--format", "json", "--python", TestEnvironment.python] + extra, in: project.directory,
            environment: ["TMPDIR": project.tmp.path, "MIGCHECK_TIMING": "1", "MIGCHECK_VERIFY_SNAPSHOTS": "1"])
        let timing = result.stderrText.split(separator: "\n").first { $0.contains("timing: total ") }.map(String.init) ?? ""
        return (RoundTripRun(result: result), timing)
    }

    /// Runs `project` both ways and expects the same status, findings and counts; returns the
    /// default run's timing line.
    @discardableResult
    func expectSame(_ project: GeneratedProject, _ label: String, extra: [String] = []) throws -> String {
        let (cheap, timing) = try run(project, extra)
        let (full, fullTiming) = try run(project, extra + ["--full-snapshots"])
        RoundTripDriverModeTests.expectSameReports(cheap, full, "\(label) (cheap, full snapshots)")
        #expect(fullTiming.contains("(0 read in part)"), "\(label): \(fullTiming)")
        return timing
    }

    @Test("every planted fault of RoundTripFaultTests is reported alike, and the cheap path is taken")
    func plantedFaults() throws {
        let project = try RoundTripDriverModeTests.plantedFaultsProject()
        defer { project.remove() }
        let timing = try expectSame(project, "planted faults")
        let partial = timing.components(separatedBy: " read in part)").first?.split(separator: "(").last.flatMap { Int($0) } ?? 0
        #expect(partial > 20, "\(timing)")
    }

    @Test(
        "the corpus: every template, driver and plant",
        arguments: RoundTripDriverModeTests.corpus.filter { !$0.joined(separator: " ").contains("import-") }
            + [["--template", "multidb", "--revisions", "6", "--seed", "33"]])
    func corpusProject(_ arguments: [String]) throws {
        let project = try GeneratedProject(arguments)
        defer { project.remove() }
        try expectSame(project, arguments.joined(separator: " "))
    }
}

extension RoundTripSnapshotModeTests {
    @Test("on a server where migcheck is no superuser (no DDL log), fingerprints agree with full snapshots")
    func fingerprintsOnAServer() throws {
        let server = try HeldServer()
        defer { server.stop() }
        let admin = try PGConnection(conninfo: server.url)
        try admin.execute("CREATE ROLE migcheck_plain LOGIN CREATEDB")
        let url = server.url.replacingOccurrences(of: "postgresql://postgres@", with: "postgresql://migcheck_plain@")
        #expect(url != server.url)
        let faults = RoundTripFaultTests.faults.prefix(6)
        let project = try GeneratedProject(["--revisions", "\(faults.count + 4)", "--env", "psycopg2", "--seed", "8"])
        defer { project.remove() }
        for (fault, revision) in zip(faults, try project.upgradeOrder().dropFirst()) {
            try project.rewrite(revision, upgrade: fault.upgrade, downgrade: fault.downgrade, header: fault.header)
        }
        let timing = try expectSame(project, "no superuser", extra: ["--database-url", url])
        #expect(!timing.contains("(0 read in part)"), "\(timing)")
        #expect(try admin.queryValue("SELECT count(*) FROM pg_database WHERE datname LIKE 'migcheck%' AND datname <> 'migcheck'") == "0")
    }
}

extension RoundTripSnapshotModeTests {
    @Test("the verification catches what the DDL log cannot see: a direct write to a system catalog")
    func verificationCatchesADirectCatalogWrite() throws {
        let project = try GeneratedProject(["--revisions", "3", "--env", "psycopg2", "--seed", "9"])
        defer { project.remove() }
        let order = try project.upgradeOrder()
        try project.rewrite(
            order[1], upgrade: "op.execute(\"CREATE TABLE t_direct (id int); COMMENT ON TABLE t_direct IS 'before'\")",
            downgrade: "op.execute(\"DROP TABLE t_direct\")")
        try project.rewrite(
            order[2],
            upgrade: "op.execute(\"UPDATE pg_description SET description = 'after' WHERE objoid = 't_direct'::regclass\")",
            downgrade: "op.execute(\"UPDATE pg_description SET description = 'before' WHERE objoid = 't_direct'::regclass\")")
        let (cheap, _) = try run(project, [])
        #expect(cheap.result.status == 2, "\(cheap.transcript)")
        #expect(
            cheap.result.stderrText.contains("differs from a full snapshot: stale or extra [\"table public.t_direct\"]"),
            "\(cheap.transcript)")
        let (full, _) = try run(project, ["--full-snapshots"])
        #expect(full.result.status == 0, "\(full.transcript)")
    }
}
