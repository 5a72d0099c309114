import Foundation
import Testing

@testable import MigcheckCore

/// A project written by `Tests/Corpus/gen_alembic_project.py` into a temp directory, with helpers
/// to plant faults by rewriting revision files, and to run `migcheck roundtrip` on it.
struct GeneratedProject {
    /// The project directory (holds alembic.ini).
    let directory: URL
    /// A private TMPDIR for migcheck runs, so leftovers can be detected.
    let tmp: URL

    /// Generates a project; `arguments` go to the generator (`--revisions 6 --env psycopg2`).
    init(_ arguments: [String]) throws {
        let base = try TemporaryDirectory(purpose: "roundtrip-test")
        directory = base.url.appendingPathComponent("project")
        tmp = base.url.appendingPathComponent("tmp")
        do {
            try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
            let result = try ProcessRunner.run(TestEnvironment.python, [TestEnvironment.generator] + arguments + [directory.path])
            #expect(result.status == 0, "generator failed: \(result.stderrText)")
            if result.status != 0 { throw GeneratorFailure(message: result.stderrText) }
        } catch {
            base.remove()
            throw error
        }
    }

    /// Removes the project and the private TMPDIR.
    func remove() {
        try? FileManager.default.removeItem(at: directory.deletingLastPathComponent())
    }

    /// The loaded project (graph, files) as migcheck reads it.
    func load() throws -> LoadedProject {
        let locator = ProjectLocator(directory: directory)
        let tree = DiskTree(root: locator.root)
        return try RevisionLoader.load(try locator.locate(in: tree), from: tree)
    }

    /// Revision ids oldest first.
    func upgradeOrder() throws -> [String] { try load().graph.upgradeOrder() }

    /// The file of `revision`, relative to the project directory.
    func path(of revision: String) throws -> String {
        try #require(try load().graph.nodes[revision]?.file.path)
    }

    /// Replaces everything from `def upgrade()` on with the given bodies (indented by the caller
    /// or not: each line gets four spaces).
    func rewrite(_ revision: String, upgrade: String, downgrade: String, header: String = "") throws {
        let url = directory.appendingPathComponent(try path(of: revision))
        let text = try String(contentsOf: url, encoding: .utf8)
        let head = try #require(text.range(of: "def upgrade()"), "no upgrade() in \(url.path)")
        func indent(_ body: String) -> String {
            body.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        }
        let rewritten =
            String(text[..<head.lowerBound]) + header
            + "def upgrade() -> None:\n\(indent(upgrade))\n\n\ndef downgrade() -> None:\n\(indent(downgrade))\n"
        try rewritten.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Runs `migcheck roundtrip --format json --python <venv>` plus `arguments` in the project.
    func roundTrip(_ arguments: [String] = [], python: String = TestEnvironment.python) throws -> RoundTripRun {
        let result = try TestEnvironment.runMigcheck(
            ["roundtrip", "--format", "json", "--python", python] + arguments,
            in: directory, environment: ["TMPDIR": tmp.path])
        return RoundTripRun(result: result)
    }
}

/// A revision file `id` on `parents` whose upgrade creates table `t_<id>` and then runs `upgrade`,
/// and whose downgrade runs `downgrade` and then drops the table (leaves it: `dropsTable: false`).
func revisionText(_ id: String, parents: [String], upgrade: String = "", downgrade: String = "", dropsTable: Bool = true) -> String {
    let down = parents.count == 1 ? "\"\(parents[0])\"" : "(\(parents.map { "\"\($0)\"" }.joined(separator: ", ")))"
    let drop = dropsTable ? "op.drop_table(\"t_\(id)\")" : "pass"
    return """
        \"\"\"add \(id)

        Revision ID: \(id)
        Revises: \(parents.joined(separator: ", "))
        \"\"\"
        from alembic import op
        import sqlalchemy as sa

        revision = "\(id)"
        down_revision = \(down)
        branch_labels = None
        depends_on = None


        def upgrade():
            op.create_table("t_\(id)", sa.Column("id", sa.Integer, primary_key=True))
            \(upgrade.isEmpty ? "pass" : upgrade)


        def downgrade():
            \(downgrade.isEmpty ? "pass" : downgrade)
            \(drop)

        """
}

/// The generator script failed.
struct GeneratorFailure: Error {
    var message: String
}

/// One `migcheck roundtrip --format json` run.
struct RoundTripRun {
    /// The process result.
    let result: ProcessResult

    /// One finding of the JSON output.
    struct Item: Decodable {
        var rule: String
        var severity: String
        var revision: String?
        var path: String?
        var message: String
        var hint: String?
        var details: [String]?
    }

    /// The JSON summary's round-trip counts.
    struct Counts: Decodable, Equatable {
        var roundTripped: Int
        var upgradeOnly: Int
        var skipped: Int
        var failed: Int
        var snapshots: Int
        var stopped: String?
    }

    private struct Environment: Decodable { var roundTrip: Counts? }
    private struct Summary: Decodable { var environments: [Environment]? }
    private struct Output: Decodable {
        var findings: [Item]
        var summary: Summary?
    }

    /// The findings (empty when the output is not JSON).
    var findings: [Item] {
        (try? JSONDecoder().decode(Output.self, from: result.stdout))?.findings ?? []
    }

    /// The round-trip counts of the (first) environment, if the output has them.
    var counts: Counts? {
        (try? JSONDecoder().decode(Output.self, from: result.stdout))?.summary?.environments?.first?.roundTrip
    }

    /// Findings of `rule` on `revision`.
    func findings(_ rule: String, on revision: String) -> [Item] {
        findings.filter { $0.rule == rule && $0.revision == revision }
    }

    /// Everything, for failure messages.
    var transcript: String { "status \(result.status)\nstdout:\n\(result.stdoutText)\nstderr:\n\(result.stderrText)" }
}

/// Checks that nothing a migcheck process with `pid` created is left: no PostgreSQL process of its
/// cluster and no `migcheck-*-<pid>-*` directory in /dev/shm or `tmp`.
func expectNothingLeft(by pid: Int32, tmp: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let marker = "-\(pid)-"
    for directory in ["/dev/shm", tmp.path, NSTemporaryDirectory()] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let left = entries.filter { $0.hasPrefix("migcheck-") && $0.contains(marker) }
        #expect(left.isEmpty, "left behind in \(directory): \(left)", sourceLocation: sourceLocation)
    }
    let tmpEntries = (try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? []
    #expect(tmpEntries.isEmpty, "TMPDIR not empty: \(tmpEntries)", sourceLocation: sourceLocation)
    var processes: [String] = []
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where Int(entry) != nil {
        guard let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
        let command = String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
        if command.contains("migcheck-pg\(marker)") || command.contains("migcheck-driver\(marker)") { processes.append(command) }
    }
    #expect(processes.isEmpty, "processes left: \(processes)", sourceLocation: sourceLocation)
}
