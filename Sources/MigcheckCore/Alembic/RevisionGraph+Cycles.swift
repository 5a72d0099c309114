extension RevisionGraph {
    /// Why `id` is not a valid revision id, or `nil`.
    static func invalidReason(_ id: String) -> String? {
        if id.isEmpty { return "is empty" }
        var illegal: [Character] = []
        for byte in id.utf8
        where byte == UInt8(ascii: "@") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ":") {
            let character = Character(Unicode.Scalar(byte))
            if !illegal.contains(character) { illegal.append(character) }
        }
        if !illegal.isEmpty {
            return "contains \(illegal.sorted().map { "'\($0)'" }.joined(separator: ", ")), which Alembic does not allow"
        }
        if id.utf8.count > 32 { return "is \(id.utf8.count) characters long; alembic_version.version_num holds 32" }
        return nil
    }

    /// Cycles: strongly connected components with more than one revision, through
    /// down_revision and depends_on edges (iterative Tarjan). Alembic's own check only catches
    /// cycles that cut revisions off from every head or base; a cycle hanging off a merge point
    /// slips through it, so migcheck looks at the edges.
    static func stronglyConnected(count: Int, edges: (Int) -> [Int]) -> [[Int]] {
        var index = [Int](repeating: -1, count: count)
        var low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var counter = 0
        var result: [[Int]] = []
        for start in 0..<count where index[start] < 0 {
            var work: [(node: Int, edges: [Int], next: Int)] = [(start, edges(start), 0)]
            index[start] = counter; low[start] = counter; counter += 1
            stack.append(start); onStack[start] = true
            while !work.isEmpty {
                let top = work.count - 1
                let v = work[top].node
                if work[top].next < work[top].edges.count {
                    let w = work[top].edges[work[top].next]
                    work[top].next += 1
                    if index[w] < 0 {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        work.append((w, edges(w), 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last?.node { low[parent] = min(low[parent], low[v]) }
                    if low[v] == index[v] {
                        var component: [Int] = []
                        while let w = stack.popLast() {
                            onStack[w] = false
                            component.append(w)
                            if w == v { break }
                        }
                        if component.count > 1 { result.append(component) }
                    }
                }
            }
        }
        return result
    }
}
