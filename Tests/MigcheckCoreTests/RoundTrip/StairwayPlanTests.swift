import Foundation
import Testing

@testable import MigcheckCore

/// The stairway's visiting order and per-revision actions, on hand-built graphs.
@Suite struct StairwayPlanTests {
    /// A revision file with the given graph variables.
    func file(_ id: String, _ down: [String], depends: [String] = [], irreversible: Bool = false) -> RevisionFile {
        var file = RevisionFile(path: "versions/\(id).py")
        file.revision = id
        file.downRevisions = down
        file.dependsOn = depends
        file.markedIrreversible = irreversible
        return file
    }

    /// base a; branches b1 -> b2 and c1; merge m (b2, c1); d after m; second base x; y depends on x.
    var graph: RevisionGraph {
        RevisionGraph(files: [
            file("a", []), file("b1", ["a"]), file("b2", ["b1"]), file("c1", ["a"]),
            file("m", ["b2", "c1"]), file("d", ["m"], irreversible: true),
            file("x", []), file("y", ["d"], depends: ["x"]),
        ])
    }

    func position(_ plan: StairwayPlan, _ id: String) -> Int {
        plan.steps.firstIndex { $0.revision == id }!
    }

    @Test func visitsEveryRevisionAfterItsParentsAndDependencies() {
        let plan = StairwayPlan(graph: graph)
        #expect(plan.steps.count == 8)
        #expect(plan.checkedCount == 8)
        let g = graph
        for step in plan.steps {
            for parent in g.nodes[step.revision]!.allDownRevisions {
                #expect(position(plan, parent) < position(plan, step.revision), "\(parent) must come before \(step.revision)")
            }
        }
    }

    @Test func markedRevisionsAreNotDowngraded() {
        let plan = StairwayPlan(graph: graph, irreversible: ["b1"])
        let actions = Dictionary(uniqueKeysWithValues: plan.steps.map { ($0.revision, $0.action) })
        #expect(actions["d"] == .check(downgrade: false, reason: "marked irreversible"))
        #expect(actions["b1"] == .check(downgrade: false, reason: "marked irreversible"))
        #expect(actions["m"] == .check(downgrade: true, reason: nil))
    }

    @Test func upgradeOnlyNeverDowngrades() {
        let plan = StairwayPlan(graph: graph, upgradeOnly: true)
        #expect(plan.steps.allSatisfy { $0.action == .check(downgrade: false, reason: "--upgrade-only") })
    }

    @Test func fromSetsUpAncestorsWithoutCheckingThem() {
        let plan = StairwayPlan(graph: graph, from: "m")
        let setUp = Set(plan.steps.filter { $0.action == .setUp }.map(\.revision))
        let checked = Set(plan.steps.filter { $0.action != .setUp }.map(\.revision))
        #expect(checked == ["m", "d", "y"])
        #expect(setUp == ["a", "b1", "b2", "c1", "x"])
    }

    @Test func toLimitsToAncestors() {
        let plan = StairwayPlan(graph: graph, to: "b2")
        #expect(plan.steps.map(\.revision) == ["a", "b1", "b2"])
        let both = StairwayPlan(graph: graph, from: "b1", to: "m")
        #expect(Set(both.steps.filter { $0.action != .setUp }.map(\.revision)) == ["b1", "b2", "m"])
        #expect(Set(both.steps.filter { $0.action == .setUp }.map(\.revision)) == ["a", "c1"])
    }

    /// A linear chain of `count` revisions.
    func chain(_ count: Int) -> RevisionGraph {
        RevisionGraph(files: (0..<count).map { file("r\($0)", $0 == 0 ? [] : ["r\($0 - 1)"]) })
    }

    @Test(arguments: [1, 2, 3, 4, 7])
    func shardsCheckEveryRevisionExactlyOnce(total: Int) throws {
        let full = StairwayPlan(graph: graph)
        var checked: [String] = []
        for index in 1...total {
            let shard = try #require(StairwayShard(index: index, total: total))
            let plan = full.slice(shard)
            checked += plan.steps.map(\.revision)
            // Everything before the slice is applied unchecked, nothing after it.
            let first = plan.steps.first.map { position(full, $0.revision) } ?? full.steps.count
            #expect(Set(plan.baseRevisions) == Set(full.steps[..<first].map(\.revision)))
        }
        #expect(checked == full.steps.map(\.revision))
    }

    @Test func shardsAreBalancedWithTheirPrefixCost() throws {
        let full = StairwayPlan(graph: chain(400))
        let sizes = (1...4).map { full.slice(StairwayShard(index: $0, total: 4)!).steps.count }
        #expect(sizes.reduce(0, +) == 400)
        // Later revisions cost more to check (a bigger schema to snapshot) and later shards pay
        // for a longer prefix, so they check fewer revisions; none checks nearly half of them.
        #expect(sizes == sizes.sorted(by: >), "\(sizes)")
        #expect(sizes.allSatisfy { $0 <= 180 } && sizes.last! >= 40, "\(sizes)")
        var start = 0
        var costs: [Double] = []
        for size in sizes {
            let checks = (start..<(start + size)).map { StairwayShard.cost(full.steps[$0], applied: $0) }
            costs.append(Double(start) * StairwayShard.setUpCost + checks.reduce(0, +))
            start += size
        }
        #expect(costs.max()! - costs.min()! <= 3, "\(costs)")
    }

    @Test func shardsParseAndComeFromGitLab() {
        #expect(StairwayShard("2/4") == StairwayShard(index: 2, total: 4))
        for bad in ["0/4", "5/4", "1/0", "x/2", "1/2/3", ""] { #expect(StairwayShard(bad) == nil, "\(bad)") }
        #expect(StairwayShard(environment: ["CI_NODE_INDEX": "3", "CI_NODE_TOTAL": "5"]) == StairwayShard(index: 3, total: 5))
        #expect(StairwayShard(environment: ["CI_NODE_TOTAL": "5"]) == nil)
    }

    @Test func changedKeepsDescendantsOfChangedRevisions() {
        let plan = StairwayPlan(graph: graph).onlyChecking(["c1"], in: graph)
        #expect(Set(plan.steps.map(\.revision)) == ["c1", "m", "d", "y"])
        #expect(Set(plan.baseRevisions) == ["a", "b1", "b2", "x"])
        #expect(Set(plan.baseHeads(in: graph)) == ["b2", "x"])
    }
}
