import Foundation

/// Generated revision files for the reader's fuzz test: realistic files assembled from random
/// parts, then (for most cases) damaged.
enum RevisionFuzzCorpus {
    typealias Random = RevisionCacheFuzzTests.SplitMix

    static func pick<T>(_ items: [T], _ random: inout Random) -> T { items[Int(random.next() % UInt64(items.count))] }
    static func chance(_ percent: UInt64, _ random: inout Random) -> Bool { random.next() % 100 < percent }

    /// Case `index`: a quarter generated files as they are, the rest mutated; every 50th random bytes.
    static func make(_ index: Int, _ random: inout Random) -> [UInt8] {
        if index % 50 == 49 {
            return (0..<Int(random.next() % 400)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        }
        let source = generate(&random)
        if index % 4 == 0 { return source }
        var bytes = source
        for _ in 0..<(1 + Int(random.next() % 3)) { bytes = mutate(bytes, &random) }
        return bytes
    }

    /// A string literal: prefixes, quotes, escapes, unicode.
    static func literal(_ random: inout Random) -> String {
        let bodies = [
            "a1b2", "ae1027a6acf", "caf\u{E9}", "\u{1F600}x", "tab\\there", "\\x41\\u00e9\\U0001F600", "\\N{SNOWMAN}",
            "\\N{latin small letter a}", "q\\'uote", "back\\\\slash", "\\101", "", "  spaced  ", "line\\\ncont",
        ]
        let body = pick(bodies, &random)
        let quote = pick(["'", "\"", "'''", "\"\"\""], &random)
        let prefix = pick(["", "", "", "u", "r", "R", "b", "f", "rb"], &random)
        if prefix.contains("r"), body.hasSuffix("\\") { return "'x'" }
        return prefix + quote + body + quote
    }

    /// A value for one of the four variables.
    static func value(_ random: inout Random) -> String {
        switch random.next() % 9 {
        case 0: return "None"
        case 1, 2: return literal(&random)
        case 3: return "(" + literal(&random) + ",)"
        case 4: return "[" + literal(&random) + ", " + literal(&random) + "]"
        case 5: return "(\n    " + literal(&random) + ",  # c\n    " + literal(&random) + "\n)"
        case 6: return literal(&random) + " " + literal(&random)
        case 7: return pick(["cfg.X", "f()", "1", "()", "[]", "('a') + 'b'", "((('deep',),),)", "(('x'))"], &random)
        default: return "\\\n    " + literal(&random)
        }
    }

    /// A statement (or block) at module level.
    static func statement(_ random: inout Random) -> String {
        let variable = pick(["revision", "down_revision", "branch_labels", "depends_on"], &random)
        switch random.next() % 14 {
        case 0, 1, 2, 3: return "\(variable) = \(value(&random))"
        case 4: return "\(variable): Union[str, None] = \(value(&random))"
        case 5: return "import sqlalchemy as sa; from alembic import op"
        case 6: return "def upgrade():\n    op.add_column('t', sa.Column('c'))\n    \(variable) = 'inner'"
        case 7: return "class C: \(variable) = \(value(&random))"
        case 8: return pick(["if", "while", "with"], &random) + " x: \(variable) = \(value(&random))"
        case 9: return "if TYPE_CHECKING:\n    \(variable) = \(value(&random))\nelse:\n\tpass"
        case 10: return "obj.\(variable) = \(value(&random)); d[\(variable)] = 1"
        case 11: return "# migcheck: irreversible \u{2603}"
        case 12: return "\"\"\"Revision ID: x\nRevises: y\n\"\"\""
        default: return "x = \(variable) = \(value(&random))"
        }
    }

    /// A whole file with a random line ending and an optional BOM.
    static func generate(_ random: inout Random) -> [UInt8] {
        var lines = ["\"\"\"doc \u{3042}\n\nRevision ID: r\n\"\"\"", "revision = " + literal(&random), "down_revision = None"]
        for _ in 0..<Int(random.next() % 6) {
            lines.insert(statement(&random), at: Int(random.next() % UInt64(lines.count + 1)))
        }
        var text = lines.joined(separator: "\n") + "\n"
        if chance(1, &random) { text = String(repeating: "x = '" + String(repeating: "y", count: 50_000) + "'\n", count: 2) + text }
        let ending = pick(["\n", "\n", "\r\n", "\r"], &random)
        if ending != "\n" { text = text.replacingOccurrences(of: "\n", with: ending) }
        var bytes = Array(text.utf8)
        if chance(5, &random) { bytes = [0xEF, 0xBB, 0xBF] + bytes }
        return bytes
    }

    /// One damage: flip, truncate, insert bytes or brackets, swap line endings, indent a line.
    static func mutate(_ source: [UInt8], _ random: inout Random) -> [UInt8] {
        guard !source.isEmpty else { return source }
        var bytes = source
        let at = Int(random.next() % UInt64(bytes.count))
        switch random.next() % 9 {
        case 0: bytes[at] ^= UInt8(truncatingIfNeeded: random.next() | 1)
        case 1: bytes.removeLast(bytes.count - at)
        case 2: bytes.insert(contentsOf: (0..<(1 + Int(random.next() % 8))).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: at)
        case 3:
            let depth = pick([3, 50, 250, 3_000], &random)
            bytes.insert(contentsOf: Array(String(repeating: "(", count: depth).utf8), at: at)
            if chance(70, &random) {
                bytes.insert(
                    contentsOf: Array(String(repeating: ")", count: depth).utf8), at: min(bytes.count, at + depth + Int(random.next() % 20))
                )
            }
        case 4: bytes.insert(contentsOf: Array(pick(["\r", "\r\n", "\n", "\\\n", "\\\r"], &random).utf8), at: at)
        case 5: bytes.insert(contentsOf: Array(pick(["  ", "\t", " \u{0C}", "    "], &random).utf8), at: lineStart(bytes, at))
        case 6: bytes.insert(contentsOf: Array(pick(["'", "\"", "\"\"\"", "#", ":", ";", "=", "\\", "\\N{", "}"], &random).utf8), at: at)
        case 7:
            let length = min(bytes.count - at, 1 + Int(random.next() % 40))
            bytes.insert(contentsOf: bytes[at..<at + length], at: at)
        default: bytes.remove(at: at)
        }
        return bytes
    }

    static func lineStart(_ bytes: [UInt8], _ at: Int) -> Int {
        var index = at
        while index > 0, bytes[index - 1] != 0x0A { index -= 1 }
        return index
    }
}
