import Foundation

/// Reads a revision file's module-level variables, docstring and function bodies without running it.
enum RevisionFileParser {
    /// The variables Alembic reads from a revision module.
    static let variables: Set<String> = ["revision", "down_revision", "branch_labels", "depends_on"]

    /// A literal value of one of the four variables.
    enum Value: Equatable {
        case none
        case string(String)
        case sequence([String])
    }

    /// Parses `data` as the revision file at `path`.
    static func parse(path: String, data: Data) -> RevisionFile {
        var reading = Reading(file: RevisionFile(path: path))
        var lexer = PythonLexer(Array(data))
        let lexed: (lines: [PyLogicalLine], comments: [PyComment])
        do {
            lexed = try lexer.lex()
            if let problem = indentationProblem(lexed.lines) {
                reading.file.problem = problem
                return reading.file
            }
        } catch let error as PyLexError {
            reading.file.problem = RevisionFileProblem(message: error.message, line: error.line)
            return reading.file
        } catch {
            reading.file.problem = RevisionFileProblem(message: "\(error)", line: nil)
            return reading.file
        }
        reading.file.markedIrreversible = lexed.comments.contains { comment in
            let text = comment.text.trimmingCharacters(in: .whitespaces).lowercased()
            return text.hasPrefix("migcheck:")
                && text.dropFirst("migcheck:".count).trimmingCharacters(in: .whitespaces).hasPrefix("irreversible")
        }
        let lines = lexed.lines
        var index = 0
        while index < lines.count {
            let logical = lines[index]
            index += 1
            if logical.indent > 0 {
                reading.readIndented(logical)
            } else {
                reading.blocks = []
                reading.readModuleLine(logical, lines: lines, index: &index)
            }
        }
        return finish(reading, path: path)
    }

    /// Turns the values read into the file's fields.
    private static func finish(_ reading: Reading, path: String) -> RevisionFile {
        var file = reading.file
        let values = reading.values
        if let revision = values["revision"] {
            switch revision {
            case .string(let id): file.revision = id
            case .none, .sequence:
                file.nonLiterals.append(
                    NonLiteralValue(variable: "revision", expression: describe(revision), line: file.lines[.revision] ?? 1))
            }
        } else if file.lines[.revision] == nil {
            let name = RelativePath.name(of: path)
            if name.hasSuffix(".py"), name.dropLast(3).allSatisfy({ $0.isHexDigit && !$0.isUppercase }), name.count > 3 {
                file.revision = String(name.dropLast(3))
                file.revisionFromFileName = true
            }
        }
        file.downRevisions = tuple(values["down_revision"])
        file.branchLabels = tuple(values["branch_labels"])
        file.dependsOn = tuple(values["depends_on"])
        if file.revision != nil, file.lines[.downRevision] == nil, file.problem == nil {
            // Alembic reads `module.down_revision` for every script: without it the whole
            // directory fails to load (AttributeError), so the file is as unreadable as a syntax error.
            file.problem = RevisionFileProblem(
                message:
                    "no `down_revision` variable; Alembic cannot load this file (AttributeError); "
                    + "a base revision has `down_revision = None`",
                line: nil)
        }
        return file
    }

    private static func tuple(_ value: Value?) -> [String] {
        switch value {
        case .none?, nil: return []
        case .string(let s)?: return [s]
        case .sequence(let items)?: return items
        }
    }

    private static func describe(_ value: Value) -> String {
        switch value {
        case .none: return "None"
        case .string(let s): return "'\(s)'"
        case .sequence(let items): return "(" + items.map { "'\($0)'" }.joined(separator: ", ") + ")"
        }
    }

    /// Re-renders tokens for messages.
    static func render(_ tokens: ArraySlice<PyToken>) -> String {
        var out = ""
        var previous: PyToken?
        for token in tokens {
            if let previous, needsSpace(previous, token) { out += " " }
            switch token.kind {
            case .string(let value?): out += "'\(value)'"
            case .string(nil): out += "<f-string or bytes>"
            default: out += token.text
            }
            previous = token
        }
        return out
    }

    private static func needsSpace(_ a: PyToken, _ b: PyToken) -> Bool {
        if b.kind == .op, [",", ")", "]", "}", ".", "(", "[", ":"].contains(b.text) { return false }
        if a.kind == .op, ["(", "[", "{", "."].contains(a.text) { return false }
        return true
    }
}
