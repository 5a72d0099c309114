import Foundation

/// Compares migcheck's output with Alembic's where Alembic's own output is well defined.
///
/// Alembic prints a few Python sets (`branch_labels`, a revision's children) whose order depends on
/// `PYTHONHASHSEED`, and for graphs with several heads even its `history` and `branches` order
/// changes from run to run. So: the items of those sets are sorted on both sides, and when two
/// Alembic runs under different hash seeds disagree, only the entries are compared, not their order
/// (migcheck's history must then still list every revision before its parents).
enum OracleComparison {
    /// The indicators Alembic prints in parentheses, which are never label lists.
    static let indicators: Set<String> = ["head", "effective head", "branchpoint", "mergepoint", "current"]

    /// Sorts the hash-ordered parts of Alembic's text output.
    static func normalize(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n").map(normalizeLine)
        // `branches` prints one `-> child` line per child in set order.
        var index = 0
        while index < lines.count {
            guard isChildLine(lines[index]) else { index += 1; continue }
            var end = index
            while end < lines.count, isChildLine(lines[end]) { end += 1 }
            lines[index..<end].sort()
            index = end
        }
        return lines.joined(separator: "\n")
    }

    private static func isChildLine(_ line: String) -> Bool {
        line.drop(while: { $0 == " " }).hasPrefix("-> ")
    }

    private static func normalizeLine(_ line: String) -> String {
        for prefix in ["Branches into: ", "Branch names: "] where line.hasPrefix(prefix) {
            return prefix + line.dropFirst(prefix.count).components(separatedBy: ", ").sorted().joined(separator: ", ")
        }
        return sortLabelGroups(line)
    }

    /// Sorts `(b, a)` label groups that follow a revision id: groups followed by ` (`, `,` or the
    /// end of the line. Dependency groups (`a (dep1, dep2) -> b`) keep their order.
    static func sortLabelGroups(_ line: String) -> String {
        let chars = Array(line)
        var out = ""
        var i = 0
        while i < chars.count {
            if chars[i] == " ", i + 1 < chars.count, chars[i + 1] == "(",
                let close = chars[(i + 2)...].firstIndex(of: ")")
            {
                let content = String(chars[(i + 2)..<close])
                let after = close + 1
                let followedRight =
                    after == chars.count || chars[after] == ","
                    || (after + 1 < chars.count && chars[after] == " " && chars[after + 1] == "(")
                let isLabelList =
                    content.contains(", ") && !indicators.contains(content)
                    && content.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "," || $0 == " " }
                if followedRight, isLabelList {
                    out += " (" + content.components(separatedBy: ", ").sorted().joined(separator: ", ") + ")"
                    i = after
                    continue
                }
            }
            out.append(chars[i])
            i += 1
        }
        return out
    }

    /// Splits a command's output into entries: `Rev:` blocks for verbose output, blank-line
    /// separated blocks for `branches`, else lines.
    static func entries(_ text: String, command: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        if lines.contains(where: { $0.hasPrefix("Rev: ") }) {
            var blocks: [String] = []
            for line in lines {
                if line.hasPrefix("Rev: ") || blocks.isEmpty { blocks.append(line) } else { blocks[blocks.count - 1] += "\n" + line }
            }
            return blocks
        }
        if command.hasPrefix("branches") {
            return text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        }
        return lines.filter { !$0.isEmpty }
    }

    /// For `history` output (newest first): the first revision listed before one of its parents, if any.
    static func topologicalViolation(_ historyText: String) -> String? {
        var position: [String: Int] = [:]
        var parents: [(String, [String])] = []
        for (n, line) in historyText.components(separatedBy: "\n").enumerated() where line.contains(" -> ") {
            let parts = line.components(separatedBy: " -> ")
            guard parts.count >= 2 else { continue }
            let revision = String(parts[1].prefix { $0 != " " && $0 != "," })
            var left = parts[0]
            if let paren = left.firstIndex(of: "(") { left = String(left[..<paren]) }
            let ups = left.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0 != "<base>" && !$0.isEmpty }
            position[revision] = n
            parents.append((revision, ups))
        }
        for (revision, ups) in parents {
            for up in ups where (position[up] ?? Int.max) < position[revision]! {
                return "\(revision) is listed after its parent \(up)"
            }
        }
        return nil
    }
}
