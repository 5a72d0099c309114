/// The order in which the round trip visits revisions, and what it does at each.
///
/// Revisions are visited in upgrade order (every revision after its parents and dependencies,
/// Alembic's own topological order reversed), so the database before revision R holds exactly the
/// revisions listed before it: the state "at R's parents" of the stairway.
public struct StairwayPlan: Sendable, Equatable {
    /// What happens at one revision.
    public enum Action: Sendable, Equatable {
        /// Upgrade only, unchecked: an ancestor of the checked range (`--from`).
        case setUp
        /// Upgrade, then (if `downgrade`) downgrade, compare and upgrade again.
        case check(downgrade: Bool, reason: String?)
    }

    /// One revision and its action.
    public struct Step: Sendable, Equatable {
        /// The revision id.
        public var revision: String
        /// What to do.
        public var action: Action
    }

    /// The steps in order.
    public var steps: [Step]

    /// The revisions that are checked (not merely set up).
    public var checkedCount: Int { steps.filter { if case .check = $0.action { return true } else { return false } }.count }

    /// Plans the stairway over `graph`.
    ///
    /// - Parameters:
    ///   - from: check only this revision and its descendants (its ancestors are set up unchecked).
    ///   - to: check only this revision and its ancestors.
    ///   - upgradeOnly: never downgrade.
    ///   - irreversible: revisions not to downgrade (from the settings); files marked
    ///     `# migcheck: irreversible` are added here.
    public init(
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

    /// `id` and every revision that has it as an ancestor (through down_revision or depends_on).
    static func descendants(of id: String, in graph: RevisionGraph) -> Set<String> {
        graph.reach(from: [id]) { graph.nodes[$0]?.allNextRevisions ?? [] }
    }
}
