import Foundation
import MigcheckCore
import Testing

/// The unchecked base of `--changed` and `--shard`: the driver writes its version-table updates
/// once per upgrade instead of once per revision (``AlembicDriverScript/versionWritesSource``).
/// Whatever migration code or migcheck reads must still be what Alembic itself writes: real
/// Alembic (`alembic upgrade head` on a server the test starts) is the oracle.
@Suite("Round trip: the unchecked base's version table")
struct RoundTripUncheckedBaseTests {
    /// Records what `get_current_heads()` says while revision `id` upgrades.
    static func recording(_ id: String) -> (upgrade: String, downgrade: String) {
        (
            "op.execute(\"INSERT INTO seen VALUES ('\(id)', '%s')\" % \",\".join(sorted(op.get_context().get_current_heads())))",
            "op.execute(\"DELETE FROM seen WHERE step = '\(id)'\")"
        )
    }

    /// The checked revision: its upgrade raises unless what the base's revisions saw and the
    /// version table's rows are what Alembic writes.
    static let assertion = """
        rows = op.get_bind().execute(sa.text("SELECT step, heads FROM seen ORDER BY step")).fetchall()
            versions = op.get_bind().execute(sa.text("SELECT version_num FROM alembic_version")).fetchall()
            if [tuple(row) for row in rows] != [("b4", "m3"), ("b5", "b4")] or [tuple(row) for row in versions] != [("b5",)]:
                raise RuntimeError("base state differs from Alembic's: %r %r" % (rows, versions))
        """

    /// A generated project with a base (branch point, two branches, a merge, two recording
    /// revisions) committed on `main`, and the checked revision `c6` added on `feature`.
    static func project() throws -> GeneratedProject {
        let project = try GeneratedProject(["--revisions", "2", "--seed", "31"])
        let head = try #require(try project.upgradeOrder().last)
        let versions = project.directory.appendingPathComponent("migrations/versions")
        let b4 = recording("b4")
        let b5 = recording("b5")
        let base = [
            ("b1", [head], "op.execute('CREATE TABLE seen (step text PRIMARY KEY, heads text)')", "op.execute('DROP TABLE seen')"),
            ("b2a", ["b1"], "", ""), ("b2b", ["b1"], "", ""), ("m3", ["b2a", "b2b"], "", ""),
            ("b4", ["m3"], b4.upgrade, b4.downgrade), ("b5", ["b4"], b5.upgrade, b5.downgrade),
        ]
        for (id, parents, upgrade, downgrade) in base {
            try revisionText(id, parents: parents, upgrade: upgrade, downgrade: downgrade)
                .write(to: versions.appendingPathComponent("\(id)_step.py"), atomically: true, encoding: .utf8)
        }
        for arguments in [
            ["init", "-q", "-b", "main", "."], ["add", "-A"], ["commit", "-q", "-m", "base"], ["checkout", "-q", "-b", "feature"],
        ] {
            try RoundTripScopeTests.git(arguments, in: project.directory)
        }
        try revisionText("c6", parents: ["b5"], upgrade: assertion)
            .write(to: versions.appendingPathComponent("c6_step.py"), atomically: true, encoding: .utf8)
        return project
    }

    /// The interpreter of a test venv: the main one, Alembic 1.4 with SQLAlchemy 1.3, SQLAlchemy 1.4.
    static func python(_ venv: String) -> String {
        switch venv {
        case "alembic14": TestEnvironment.pythonAlembic14
        case "sqla14": TestEnvironment.pythonSQLA14
        default: TestEnvironment.python
        }
    }

    @Test(arguments: ["main", "alembic14", "sqla14"])
    func theBaseLeavesWhatAlembicLeaves(_ venv: String) throws {
        let python = Self.python(venv)
        let project = try Self.project()
        defer { project.remove() }
        // The oracle: real Alembic's `upgrade head` on a fresh database passes c6's assertion.
        let server = try HeldServer()
        defer { server.stop() }
        let alembic = try ProcessRunner.run(
            URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("alembic").path, ["upgrade", "head"],
            environment: TestEnvironment.isolated().merging(["DATABASE_URL": server.url]) { $1 }, directory: project.directory)
        try #require(alembic.status == 0, "alembic upgrade head: \(alembic.stderrText)")

        // --changed: b1…b5 in one unchecked upgrade (a branch point and a merge in it), then c6.
        let changed = try project.roundTrip(["--changed", "--base", "main", "--no-base-cache"], python: python)
        #expect(changed.result.status == 0, "\(changed.transcript)")
        #expect(RoundTripScopeTests.detail(changed).contains("1 revision added relative to main"), "\(changed.transcript)")
        #expect(RoundTripScopeTests.detail(changed).contains("8 earlier revisions applied unchecked"), "\(changed.transcript)")
        // Per step (one env.py run per request) and every shard cut of the same history.
        let perStep = try project.roundTrip(["--changed", "--base", "main", "--no-base-cache", "--per-step"], python: python)
        #expect(perStep.result.status == 0, "\(perStep.transcript)")
        for k in 1...4 {
            let shard = try project.roundTrip(["--shard", "\(k)/4", "--no-base-cache"], python: python)
            #expect(shard.result.status == 0, "shard \(k)/4: \(shard.transcript)")
        }

        // The assertion can fail: a base that leaves another version row is reported on c6.
        try revisionText("c6", parents: ["b5"], upgrade: Self.assertion.replacingOccurrences(of: "(\"b5\",)", with: "(\"b4\",)"))
            .write(
                to: project.directory.appendingPathComponent("migrations/versions/c6_step.py"), atomically: true, encoding: .utf8)
        let wrong = try project.roundTrip(["--changed", "--base", "main", "--no-base-cache"], python: python)
        #expect(wrong.result.status == 1 && !wrong.findings("upgrade-failed", on: "c6").isEmpty, "\(wrong.transcript)")
    }
}
