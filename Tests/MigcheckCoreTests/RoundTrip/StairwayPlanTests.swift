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
}
