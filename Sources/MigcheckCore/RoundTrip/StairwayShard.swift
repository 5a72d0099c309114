import Foundation

/// One of N slices of a stairway (`roundtrip --shard K/N`), so a long history runs on a CI
/// system's parallel jobs: shard K applies everything before its slice with plain upgrades
/// (unchecked) and checks its slice; the N shards together check every revision exactly once.
public struct StairwayShard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based index.
    var index: Int
    /// How many shards there are.
    var total: Int

    /// A shard; `nil` unless `1 <= index <= total`.
    init?(index: Int, total: Int) {
        guard total >= 1, (1...total).contains(index) else { return nil }
        self.index = index
        self.total = total
    }

    /// Parses `K/N`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let total = Int(parts[1]) else { return nil }
        self.init(index: index, total: total)
    }

    /// GitLab's `parallel:` variables (`CI_NODE_INDEX` is 1-based), when both are set.
    init?(environment: [String: String]) {
        guard let index = environment["CI_NODE_INDEX"].flatMap(Int.init),
            let total = environment["CI_NODE_TOTAL"].flatMap(Int.init)
        else { return nil }
        self.init(index: index, total: total)
    }

    public var description: String { "\(index)/\(total)" }

    /// Estimated costs, relative to checking the first revision (upgrade, downgrade, re-upgrade and
    /// three snapshots): an upgrade-only check is about a third; a revision applied in a plain
    /// upgrade (one env.py run for the whole prefix) about a tenth. Checking grows a little with
    /// the schema (the snapshot queries still scan some catalogs whole): measured on a generated
    /// linear project (`roundtrip_scope.py`, 400 revisions, `MIGCHECK_TIMING=1` per shard, three
    /// runs each: about 11 ms a checked revision at the start, 15 ms at the end, 1.15 ms a revision
    /// applied in the prefix). The growth follows the schema, so it is counted in revisions applied
    /// before the step, not in a share of the history: a step's cost is scaled by
    /// `1 + 0.37 / 400 × applied`.
    static let upgradeOnlyCost = 0.35
    static let setUpCost = 0.10
    static let growthPerRevision = 0.37 / 400

    /// The cost of a step checked after `applied` revisions (the base and the steps before it).
    static func cost(_ step: StairwayPlan.Step, applied: Int) -> Double {
        let scale = 1 + growthPerRevision * Double(applied)
        switch step.action {
        case .setUp: return setUpCost
        case .check(let downgrade, _): return (downgrade ? 1 : upgradeOnlyCost) * scale
        }
    }

    /// The slices' boundaries: `total` ranges of step indices covering `steps` in order, chosen so
    /// the largest shard cost (its prefix's set-up plus its slice's checks) is as small as a
    /// greedy split under a binary-searched bound can make it. Trailing ranges may be empty.
    static func boundaries(_ steps: [StairwayPlan.Step], prefix: Int, total: Int) -> [Range<Int>] {
        let costs = steps.enumerated().map { cost($1, applied: prefix + $0) }
        func split(limit: Double) -> [Range<Int>]? {
            var ranges: [Range<Int>] = []
            var start = 0
            while start < costs.count {
                var cost = Double(prefix + start) * setUpCost
                var end = start
                while end < costs.count, end == start || cost + costs[end] <= limit {
                    cost += costs[end]
                    end += 1
                }
                ranges.append(start..<end)
                if ranges.count > total { return nil }
                start = end
            }
            return ranges
        }
        var low = 0.0
        var high = Double(prefix + costs.count) * setUpCost + costs.reduce(0, +) + 1
        var best = split(limit: high) ?? [0..<costs.count]
        for _ in 0..<64 where high - low > 1e-6 {
            let middle = (low + high) / 2
            if let ranges = split(limit: middle) {
                best = ranges
                high = middle
            } else {
                low = middle
            }
        }
        while best.count < total { best.append(costs.count..<costs.count) }
        return best
    }
}

extension StairwayPlan {
    /// This plan's part for `shard`: the steps before its slice join the base revisions (plain
    /// upgrades), the slice keeps its steps, the steps after it are dropped.
    func slice(_ shard: StairwayShard) -> StairwayPlan {
        let ranges = StairwayShard.boundaries(steps, prefix: baseRevisions.count, total: shard.total)
        let range = ranges[shard.index - 1]
        var plan = self
        plan.baseRevisions = baseRevisions + steps[..<range.lowerBound].map(\.revision)
        plan.steps = Array(steps[range])
        return plan
    }
}
