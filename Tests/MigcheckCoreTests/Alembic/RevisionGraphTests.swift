import Testing

@testable import MigcheckCore

@Suite struct RevisionGraphTests {
    @Test func headsBasesBranchAndMergePoints() {
        let g = graph([("a", [], [], []), ("b", ["a"], [], []), ("c", ["a"], [], []), ("d", ["b", "c"], [], []), ("e", ["d"], [], [])])
        #expect(g.heads == ["e"])
        #expect(g.bases == ["a"])
        #expect(g.nodes["a"]!.isBranchPoint)
        #expect(g.nodes["d"]!.isMergePoint)
        #expect(g.problems.isEmpty)
        #expect(g.historyOrder() == ["e", "d", "c", "b", "a"] || g.historyOrder() == ["e", "d", "b", "c", "a"])
        #expect(g.upgradeOrder().first == "a")
    }

    @Test func dependencyOnlyChildMakesAnEffectiveHead() {
        let g = graph([("a", [], [], []), ("b", ["a"], [], []), ("x", [], ["other"], []), ("y", ["x"], [], ["b"])])
        #expect(g.heads == ["b", "y"])
        #expect(g.realHeads == ["y"])
        #expect(g.nodes["b"]!.isHead && !g.nodes["b"]!.isRealHead)
    }

    @Test func dependsOnResolvesBranchLabels() {
        let g = graph([("a", [], ["core"], []), ("b", [], [], ["core"])])
        #expect(g.nodes["b"]!.resolvedDependencies == ["a"])
        #expect(g.problems.isEmpty)
    }

    @Test func labelsPropagateToDescendants() {
        let g = graph([("a", [], [], []), ("b", ["a"], ["feature"], []), ("c", ["b"], [], [])])
        #expect(g.nodes["c"]!.labels == ["feature"])
        #expect(g.nodes["a"]!.labels == ["feature"])
    }

    @Test func missingParentDuplicateAndInvalidIds() {
        let g = graph([
            ("a", [], [], []), ("b", ["zz"], [], []), ("a", [], [], []), ("bad-id", ["a"], [], []),
            (String(repeating: "f", count: 33), ["a"], [], []),
        ])
        let kinds = g.problems.map(\.rule)
        #expect(kinds.contains(.missingParent))
        #expect(kinds.contains(.duplicateRevision))
        #expect(kinds.filter { $0 == .invalidRevisionID }.count == 2)
        #expect(!g.isLoadable)
    }

    /// Each problem names the variable whose line the finding points at.
    @Test func problemsNameTheFieldTheyConcern() {
        let g = graph([("a", [], ["x"], []), ("b", ["zz"], [], []), ("c", ["a"], [], ["nope"]), ("d", [], ["x"], [])])
        let fields = Dictionary(g.problems.map { ("\($0.rule.rawValue) \($0.revision)", $0.field) }) { first, _ in first }
        #expect(fields["missing-parent b"] == .downRevision)
        #expect(fields["missing-parent c"] == .dependsOn)
        #expect(fields["duplicate-branch-label d"] == .branchLabels)
    }

    @Test func duplicateBranchLabelsAndLabelsCollidingWithIds() {
        let g = graph([("a", [], ["x"], []), ("b", [], ["x"], []), ("c", [], ["a"], [])])
        #expect(g.problems.filter { $0.rule == .duplicateBranchLabel }.count == 2)
    }

    @Test func cyclesAreNamed() {
        let g = graph([("a", [], [], []), ("b", ["a", "d"], [], []), ("c", ["b"], [], []), ("d", ["c"], [], []), ("e", ["d"], [], [])])
        let cycle = g.problems.first { $0.rule == .cycle }
        #expect(cycle?.involved == ["b", "c", "d"])
        let selfLoop = graph([("a", ["a"], [], [])])
        #expect(selfLoop.problems.first?.rule == .cycle)
    }

    @Test func cyclesThroughDependenciesAreNamedAndLeaveNoOrder() {
        // The cycle search runs only when the topological ranking leaves revisions out.
        let g = graph([("a", [], [], ["c"]), ("b", ["a"], [], []), ("c", ["b"], [], [])])
        #expect(g.problems.first { $0.rule == .cycle }?.involved == ["a", "b", "c"])
        #expect(g.historyOrder().isEmpty)
        let acyclic = graph([("a", [], [], []), ("b", ["a"], [], ["a"]), ("c", ["b"], [], ["a"])])
        #expect(!acyclic.problems.contains { $0.rule == .cycle })
        #expect(acyclic.historyOrder() == ["c", "b", "a"])
        #expect(acyclic.nodes["c"]!.normalizedDependencies.isEmpty && acyclic.nodes["b"]!.normalizedDependencies == ["a"])
        #expect(acyclic.nodes["a"]!.allNextRevisions == ["b", "c"] && acyclic.nodes["zz"] == nil)
    }

    @Test func ancestorsAndDescendantsFollowTheirEdges() {
        let g = graph([("a", [], [], []), ("b", ["a"], [], []), ("x", [], [], []), ("c", ["b"], [], ["x"])])
        #expect(g.ancestors(of: ["c"]) == ["c", "b", "a", "x"])
        #expect(g.ancestors(of: ["c"], includeDependencies: false) == ["c", "b", "a"])
        #expect(g.descendants(of: ["a"]) == ["a", "b", "c"])
        #expect(g.ancestors(of: ["nope", "b"]) == ["nope", "b", "a"])
        let cyclic = graph([("a", [], [], ["c"]), ("b", ["a"], [], []), ("c", ["b"], [], [])])
        #expect(cyclic.ancestors(of: ["c"]) == ["a", "b", "c"])
    }

    @Test func longChainDoesNotOverflowTheStack() {
        var specs: [(String, [String], [String], [String])] = [("r0", [], [], [])]
        for i in 1..<100_000 { specs.append(("r\(i)", ["r\(i - 1)"], [], [])) }
        let g = graph(specs)
        #expect(g.heads == ["r99999"])
        #expect(g.historyOrder().count == 100_000)
    }

    @Test func historyRangeSelectsBetweenRevisions() throws {
        let g = graph([("a", [], [], []), ("b", ["a"], [], []), ("c", ["b"], [], []), ("d", ["c"], [], [])])
        #expect(try g.history(range: "b:c") == ["c", "b"])
        #expect(try g.history(range: "c:") == ["d", "c"])
        #expect(try g.history(range: ":b") == ["b", "a"])
        #expect(throws: RevisionLookupError.self) { try g.history(range: "zz:") }
    }

    @Test func resolvesPartialIdsAndLabels() throws {
        let g = graph([("abc123", [], ["core"], []), ("abd456", ["abc123"], [], [])])
        #expect(try g.resolve("abc") == "abc123")
        #expect(try g.resolve("core") == "abc123")
        #expect(throws: RevisionLookupError.self) { try g.resolve("ab") }
    }
}
