import Foundation

/// Decides whether an edit of a revision file matters and says briefly what changed.
enum ContentComparison {
    /// `data` with CRLF and CR line endings turned into LF.
    static func normalizedLineEndings(_ data: Data) -> [UInt8] {
        PythonLexer.normalizingLineEndings(data)
    }

    /// Whether two versions differ only in line endings (or not at all).
    static func sameIgnoringLineEndings(_ a: Data, _ b: Data) -> Bool {
        a == b || normalizedLineEndings(a) == normalizedLineEndings(b)
    }

    /// Whether two versions have the same Python token stream once comments, docstrings and
    /// whitespace (other than the block structure) are ignored. `false` when either cannot be lexed.
    static func sameIgnoringComments(_ a: Data, _ b: Data) -> Bool {
        guard let x = significantTokens(a), let y = significantTokens(b) else { return false }
        return x == y
    }

    /// The code as a list of "depth|token token …" strings: logical lines without comments and
    /// without lines that are a bare string (docstrings), with indentation reduced to nesting depth.
    static func significantTokens(_ data: Data) -> [String]? {
        var lexer = PythonLexer(normalizedLineEndings(data), summarizeIndentedLines: false)
        guard let (lines, _) = try? lexer.lex() else { return nil }
        var result: [String] = []
        var indents: [Int] = [0]
        for line in lines {
            if line.tokens.count == 1, case .string = line.tokens[0].kind { continue }
            while let last = indents.last, line.indent < last { indents.removeLast() }
            if line.indent > (indents.last ?? 0) { indents.append(line.indent) }
            var texts: [String] = []
            for token in line.tokens {
                if case .string(let value) = token.kind {
                    // f-strings and bytes have no decoded value: never call two of them equal.
                    guard let value else { return nil }
                    texts.append("s" + String(reflecting: value))
                } else {
                    texts.append(token.text)
                }
            }
            result.append("\(indents.count - 1)|" + texts.joined(separator: " "))
        }
        return result
    }

    /// A short description of what changed between two versions of a revision file, e.g.
    /// `down_revision changed from 'a' to 'b'; upgrade() changed (+3/-1 lines)`.
    static func describe(old: Data, new: Data, path: String) -> String {
        let before = RevisionFileParser.parse(path: path, data: old)
        let after = RevisionFileParser.parse(path: path, data: new)
        var parts: [String] = []
        func show(_ ids: [String]) -> String {
            switch ids.count {
            case 0: return "None"
            case 1: return "'\(ids[0])'"
            default: return "(" + ids.map { "'\($0)'" }.joined(separator: ", ") + ")"
            }
        }
        if before.revision != after.revision {
            parts.append("revision changed from \(show(before.revision.map { [$0] } ?? [])) to \(show(after.revision.map { [$0] } ?? []))")
        }
        if before.downRevisions != after.downRevisions {
            parts.append("down_revision changed from \(show(before.downRevisions)) to \(show(after.downRevisions))")
        }
        if before.branchLabels != after.branchLabels {
            parts.append("branch_labels changed from \(show(before.branchLabels)) to \(show(after.branchLabels))")
        }
        if before.dependsOn != after.dependsOn {
            parts.append("depends_on changed from \(show(before.dependsOn)) to \(show(after.dependsOn))")
        }
        let oldLines = lines(old)
        let newLines = lines(new)
        let oldFunctions = functionTexts(before, lines: oldLines)
        let newFunctions = functionTexts(after, lines: newLines)
        for name in Set(oldFunctions.keys).union(newFunctions.keys).sorted() where oldFunctions[name] != newFunctions[name] {
            if oldFunctions[name] == nil {
                parts.append("\(name)() added")
            } else if newFunctions[name] == nil {
                parts.append("\(name)() removed")
            } else {
                let d = newFunctions[name]!.difference(from: oldFunctions[name]!)
                parts.append("\(name)() changed (+\(d.insertions.count)/-\(d.removals.count) lines)")
            }
        }
        let difference = newLines.difference(from: oldLines)
        let changed = max(difference.insertions.count, difference.removals.count)
        if parts.isEmpty {
            parts.append(changed == 1 ? "1 line changed" : "\(changed) lines changed")
        } else if changed > parts.count {
            parts.append("\(changed) lines changed in all")
        }
        return parts.joined(separator: "; ")
    }

    static func lines(_ data: Data) -> [String] {
        String(decoding: normalizedLineEndings(data), as: UTF8.self).components(separatedBy: "\n")
    }

    /// The source lines of each module-level function: from its `def` to the next module-level
    /// function or the end of the file.
    private static func functionTexts(_ file: RevisionFile, lines: [String]) -> [String: [String]] {
        let starts = file.functions.map { (name: $0.name, line: $0.line) }.sorted { $0.line < $1.line }
        var result: [String: [String]] = [:]
        for (index, (name, line)) in starts.enumerated() {
            let start = max(line - 1, 0)
            let end = index + 1 < starts.count ? starts[index + 1].line - 1 : lines.count
            result[name] = Array(lines[start..<min(end, lines.count)])
        }
        return result
    }
}

extension ContentComparison {
    /// The 1-based line of the new version where the first change is (for annotations).
    static func firstChangedLine(old: Data, new: Data) -> Int? {
        let a = lines(old)
        let b = lines(new)
        for index in 0..<min(a.count, b.count) where a[index] != b[index] { return index + 1 }
        return a.count == b.count ? nil : min(a.count, b.count) + (b.count > a.count ? 1 : 0)
    }
}
