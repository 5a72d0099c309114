/// The order in which the round trip visits revisions, and what it does at each.
///
/// Revisions are visited in upgrade order (every revision after its parents and dependencies,
/// Alembic's own topological order reversed), so the database before revision R holds exactly the
/// revisions listed before it: the state "at R's parents" of the stairway.
struct StairwayPlan: Sendable, Equatable {
    /// What happens at one revision.
    enum Action: Sendable, Equatable {
        /// Upgrade only, unchecked: an ancestor of the checked range (`--from`).
        case setUp
        /// Upgrade, then (if `downgrade`) downgrade, compare and upgrade again.
        case check(downgrade: Bool, reason: String?)
    }

    /// One revision and its action.
    struct Step: Sendable, Equatable {
        /// The revision id.
        var revision: String
        /// What to do.
        var action: Action
    }

    /// Revisions applied before the steps by plain upgrades, unchecked (the base's revisions with
    /// `--changed`, the revisions before a shard's slice), in upgrade order. The database is
    /// brought to this state with one `upgrade` per head of the set (``baseHeads``).
    var baseRevisions: [String] = []
    /// The steps in order.
    var steps: [Step]

    /// The heads of ``baseRevisions``: what the plain upgrades name.
    func baseHeads(in graph: RevisionGraph) -> [String] {
        let members = Set(baseRevisions)
        let parents = Set(baseRevisions.flatMap { graph.nodes[$0]?.allDownRevisions ?? [] })
        return baseRevisions.filter { members.contains($0) && !parents.contains($0) }
    }

    /// The revisions that are checked (not merely set up).
    var checkedCount: Int { steps.filter { if case .check = $0.action { return true } else { return false } }.count }

    /// Plans the stairway over `graph`.
    ///
    /// - Parameters:
    ///   - from: check only this revision and its descendants (its ancestors are set up unchecked).
    ///   - to: check only this revision and its ancestors.
    ///   - upgradeOnly: never downgrade.
    ///   - irreversible: revisions not to downgrade (from the settings); files marked
    ///     `# migcheck: irreversible` are added here.
    init(
        graph: RevisionGraph, from: String? = nil, to: String? = nil, upgradeOnly: Bool = false,
        irreversible: Set<String> = []
    ) {
        let order = graph.upgradeOrder()
        var inRange = Set(order)
        if let from { inRange.formIntersection(Self.descendants(of: from, in: graph)) }
        if let to { inRange.formIntersection(graph.ancestors(of: [to])) }
        let needed = graph.ancestors(of: Array(inRange))
        steps = order.compactMap { id in
            if inRange.contains(id) {
                let marked = irreversible.contains(id) || graph.nodes[id]?.file.markedIrreversible == true
                if upgradeOnly { return Step(revision: id, action: .check(downgrade: false, reason: "--upgrade-only")) }
                if marked { return Step(revision: id, action: .check(downgrade: false, reason: "marked irreversible")) }
                return Step(revision: id, action: .check(downgrade: true, reason: nil))
            }
            if needed.contains(id) { return Step(revision: id, action: .setUp) }
            return nil
        }
    }

    /// The plan restricted to checking `changed` (`roundtrip --changed`): every other revision
    /// that is not a descendant of a changed one becomes a base revision, applied by plain
    /// upgrades; changed revisions (and any revision built on one) keep their steps.
    func onlyChecking(_ changed: Set<String>, in graph: RevisionGraph) -> StairwayPlan {
        let affected = changed.isEmpty ? [] : graph.reach(from: Array(changed)) { graph.nodes[$0]?.allNextRevisions ?? [] }
        var plan = self
        plan.baseRevisions = baseRevisions + steps.map(\.revision).filter { !affected.contains($0) }
        plan.steps = steps.filter { affected.contains($0.revision) }
        return plan
    }

    /// `id` and every revision that has it as an ancestor (through down_revision or depends_on).
    static func descendants(of id: String, in graph: RevisionGraph) -> Set<String> {
        graph.reach(from: [id]) { graph.nodes[$0]?.allNextRevisions ?? [] }
    }
}
