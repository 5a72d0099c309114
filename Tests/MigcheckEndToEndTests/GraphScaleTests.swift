import Foundation
import Testing

@testable import MigcheckCore

/// The graph shapes that made `heads` and `history` take minutes (issue: hostile input, item
/// 10): a chain where every revision also depends on the one two back, a 2-wide merge lattice
/// and a wide fan-out. Each command must finish with the right output; the 60-second limit is
/// a hang detector, not a speed target (those are in `Benchmarks/scale.py`). The order itself
/// is compared with real alembic on smaller graphs of the same shapes in the oracle tests.
@Suite("Graph scale")
struct GraphScaleTests {
    /// Generates `shape` with `size` revisions (layers, leaves) into a scratch directory.
    static func project(_ shape: String, size: Int) throws -> (ScratchDirectory, head: String) {
        let dir = try ScratchDirectory()
        try AlembicOracle.requirePython()
        let result = try ProcessRunner.run(
            TestEnvironment.python, [TestEnvironment.generator, dir.url.path, "--shape", shape, "--revisions", String(size)])
        guard result.status == 0 else { throw OracleSetupError("gen_alembic_project.py --shape \(shape): \(result.stderrText)") }
        return (dir, result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Runs `migcheck command` with the hang guard; fails the test on a hang or an error.
    static func lines(_ command: String, in dir: ScratchDirectory) throws -> [String] {
        let (outcome, seconds) = try HostileFilesTests.run([command], in: dir.url, seconds: 60)
        try #require(
            outcome.status == 0, "migcheck \(command) exited \(outcome.status) after \(Int(seconds)) s: \(outcome.stderrText.prefix(300))")
        return outcome.stdoutText.split(separator: "\n").map(String.init)
    }

    /// The message at the end of a `history` line (`a -> b (head), layer 3 a` → `layer 3 a`).
    static func message(_ line: String) -> String {
        line.components(separatedBy: ", ").last ?? ""
    }

    /// The revision a `history` line is about.
    static func revision(_ line: String) -> String {
        let right = line.components(separatedBy: " -> ").last ?? ""
        return String(right.prefix { $0 != " " && $0 != "," })
    }

    @Test("8,000 revisions, each depending on the one two back: one head, history newest first")
    func chainWithDependencies() throws {
        let (dir, head) = try Self.project("chain-deps", size: 8000)
        defer { dir.remove() }
        #expect(try Self.lines("heads", in: dir) == ["\(head) (head)"])
        let history = try Self.lines("history", in: dir)
        #expect(history.map(Self.message) == (0..<8000).reversed().map { "chain \($0)" })
        #expect(OracleComparison.topologicalViolation(history.joined(separator: "\n")) == nil)
    }

    @Test("a 10,000-layer 2-wide merge lattice: two heads, history layer by layer as alembic walks it")
    func mergeLattice() throws {
        let layers = 10000
        let (dir, _) = try Self.project("lattice", size: layers)
        defer { dir.remove() }
        #expect(try Self.lines("heads", in: dir).count == 2)
        let history = try Self.lines("history", in: dir)
        // Alembic: both revisions of each layer from the top (the top two in load order, then
        // each merge's down_revision order); the base last (`layer 0 a`).
        let expected = (1..<layers - 1).reversed().flatMap { ["layer \($0) a", "layer \($0) b"] } + ["layer 0 b", "layer 0 a"]
        let messages = history.map(Self.message)
        #expect(Set(messages.prefix(2)) == ["layer \(layers - 1) a", "layer \(layers - 1) b"])
        #expect(Array(messages.dropFirst(2)) == expected)
    }

    @Test("a 20,000-way fan-out: every leaf a head, history the leaves in load order, then the root")
    func fanOut() throws {
        let width = 20000
        let (dir, _) = try Self.project("fanout", size: width)
        defer { dir.remove() }
        let heads = try Self.lines("heads", in: dir)
        #expect(heads.count == width)
        let history = try Self.lines("history", in: dir)
        try #require(history.count == width + 1)
        let leaves = history.dropLast().map(Self.revision)
        #expect(leaves == leaves.sorted(), "leaves not in load order (file names sorted)")
        #expect(heads.map { String($0.prefix { $0 != " " }) } == leaves)
        #expect(Self.message(history.last!) == "root")
    }
}
