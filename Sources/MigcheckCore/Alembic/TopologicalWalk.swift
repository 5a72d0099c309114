/// Alembic's `RevisionMap._topological_sort`, giving the same order in near-linear time.
///
/// Alembic keeps a list of current heads, each with the set of its ancestors, and a candidate
/// index into that list. A candidate that is an ancestor of another current head gives way to
/// the first such head in list order; otherwise it is emitted and replaced by its parents that
/// are still to do and not yet heads (the first in its place, the others appended), or removed
/// when there are none (the candidate index then steps back by one). Recomputing ancestor sets
/// and scanning every head for every step is quadratic on lattices, fan-outs and long chains
/// with dependencies; this walk keeps what those scans answer instead:
///
/// - A revision is *alive* while it is a current head or the parent of an alive revision, i.e.
///   while it lies in some current head's ancestor set. Liveness only ever ends, so each
///   revision dies once. A candidate is an ancestor of another current head exactly when it has
///   an alive child, which a per-revision count of alive children answers at once.
/// - The head to give way to is found by scanning the heads in list order and searching each
///   one's ancestors for the candidate, through alive revisions ranked above it only, with one
///   visited mark per scan.
/// - The list of heads is a linked list of slots, so removing a head costs nothing.
struct TopologicalWalk {
    private let parents: [[Int]]
    private let rank: [Int]
    private var todo: [Bool]
    private var isHead: [Bool]
    private var alive: [Bool]
    private var aliveChildren: [Int]
    /// Slot → the head it holds, and its neighbours in list order (-1: none).
    private var headOf: [Int] = []
    private var previous: [Int] = []
    private var following: [Int] = []
    private var first = -1
    private var last = -1
    /// Per revision, the scan that last visited it (for the give-way search).
    private var visitedBy: [Int]
    private var scan = 0

    /// Prepares a walk over the revisions marked in `todo`, starting at `heads`.
    init(graph: RevisionGraph, todo: [Bool], heads: [Int]) {
        parents = graph.parentIndices
        rank = graph.rank
        self.todo = todo
        let count = parents.count
        isHead = [Bool](repeating: false, count: count)
        alive = [Bool](repeating: false, count: count)
        aliveChildren = [Int](repeating: 0, count: count)
        visitedBy = [Int](repeating: -1, count: count)
        // Alembic: the heads that are to do, once each, in load order.
        for head in Set(heads.filter { todo[$0] }).sorted() {
            isHead[head] = true
            append(head)
        }
        var stack = headOf
        while let i = stack.popLast() {
            guard !alive[i] else { continue }
            alive[i] = true
            stack.append(contentsOf: parents[i])
        }
        for i in 0..<count where alive[i] {
            for parent in parents[i] { aliveChildren[parent] += 1 }
        }
    }

    /// Emits the revisions, newest first.
    mutating func run() -> [Int] {
        var output: [Int] = []
        var slot = first
        while slot >= 0 {
            let candidate = headOf[slot]
            if aliveChildren[candidate] > 0, let other = firstHead(above: candidate, besides: slot) {
                slot = other
                continue
            }
            if todo[candidate] {
                output.append(candidate)
                todo[candidate] = false
            }
            let added = parents[candidate].filter { todo[$0] && !isHead[$0] }
            isHead[candidate] = false
            if let replacement = added.first {
                headOf[slot] = replacement
                isHead[replacement] = true
                for extra in added.dropFirst() {
                    isHead[extra] = true
                    append(extra)
                }
            } else {
                slot = remove(slot)
            }
            die(candidate)
        }
        return output
    }

    /// The first slot in list order, other than `own`, whose head has `candidate` among its
    /// ancestors.
    private mutating func firstHead(above candidate: Int, besides own: Int) -> Int? {
        scan += 1
        var slot = first
        var stack: [Int] = []
        while slot >= 0 {
            if slot != own {
                stack.append(headOf[slot])
                while let i = stack.popLast() {
                    if i == candidate { return slot }
                    guard visitedBy[i] != scan, alive[i], rank[i] > rank[candidate] else { continue }
                    visitedBy[i] = scan
                    stack.append(contentsOf: parents[i])
                }
            }
            slot = following[slot]
        }
        assertionFailure("revision \(candidate) has an alive child but no head above it")
        return nil
    }

    /// Ends the liveness of `revision` (no longer a head, no alive child) and of every parent
    /// that this leaves without a reason to live.
    private mutating func die(_ revision: Int) {
        guard alive[revision], !isHead[revision], aliveChildren[revision] == 0 else { return }
        var stack = [revision]
        alive[revision] = false
        while let i = stack.popLast() {
            for parent in parents[i] {
                aliveChildren[parent] -= 1
                if aliveChildren[parent] == 0, !isHead[parent], alive[parent] {
                    alive[parent] = false
                    stack.append(parent)
                }
            }
        }
    }

    /// Appends a slot holding `head` at the end of the list.
    private mutating func append(_ head: Int) {
        let slot = headOf.count
        headOf.append(head)
        previous.append(last)
        following.append(-1)
        if last >= 0 { following[last] = slot } else { first = slot }
        last = slot
    }

    /// Unlinks `slot`; returns the slot Alembic's index then points at (the one before, or the
    /// new first one when it was first), or -1 when the list is empty.
    private mutating func remove(_ slot: Int) -> Int {
        let before = previous[slot], after = following[slot]
        if before >= 0 { following[before] = after } else { first = after }
        if after >= 0 { previous[after] = before } else { last = before }
        return before >= 0 ? before : first
    }
}
