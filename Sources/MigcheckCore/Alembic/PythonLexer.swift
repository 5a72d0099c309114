/// Splits Python source into logical lines the way Python's tokenizer does: strings (all
/// prefixes, triple quotes, escapes), comments, brackets and backslash continuations.
struct PythonLexer {
    private let bytes: [UInt8]
    private var pos = 0
    private var line = 1
    /// Whether indented lines are summarised (the revision reader) or fully tokenised (comparing
    /// two versions of a file token by token).
    private let summarizeIndentedLines: Bool

    init(_ source: [UInt8], summarizeIndentedLines: Bool = true) {
        var b = source
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { b.removeFirst(3) }
        bytes = b
        self.summarizeIndentedLines = summarizeIndentedLines
    }

    /// Lexes the whole source.
    mutating func lex() throws -> (lines: [PyLogicalLine], comments: [PyComment]) {
        var lines: [PyLogicalLine] = []
        var comments: [PyComment] = []
        var current: [PyToken] = []
        var depth = 0
        var indent = 0
        var lineStart = 1
        var atLineStart = true
        var column = 0
        // Light mode: an indented logical line, summarised per statement instead of tokenised.
        var hasContent = false
        var light = false
        var summaries: [PyStatementSummary] = []
        var summary = PyStatementSummary()

        func finishLine() {
            if hasContent {
                if light {
                    summaries.append(summary)
                    lines.append(PyLogicalLine(indent: indent, line: lineStart, tokens: [], statements: summaries))
                    summaries = []
                    summary = PyStatementSummary()
                } else {
                    lines.append(PyLogicalLine(indent: indent, line: lineStart, tokens: current))
                    current = []
                }
                hasContent = false
            }
        }

        /// Starts a logical line at the current token if none is open.
        func begin() {
            if !hasContent {
                hasContent = true
                indent = column
                lineStart = line
                light = column > 0 && summarizeIndentedLines
            }
        }

        /// Adds a token to the open line, or to the summary of its statement in light mode.
        func add(_ token: PyToken) {
            if light {
                if token.kind == .op, token.text == ";", depth == 0 {
                    summaries.append(summary)
                    summary = PyStatementSummary()
                    return
                }
                summary.add(token)
            } else {
                current.append(token)
            }
        }

        while pos < bytes.count {
            let c = bytes[pos]
            if atLineStart {
                // Measure indentation of a new physical line that starts a logical line.
                column = 0
                while pos < bytes.count, bytes[pos] == 0x20 || bytes[pos] == 0x09 || bytes[pos] == 0x0C {
                    column += bytes[pos] == 0x09 ? 8 - (column % 8) : 1
                    pos += 1
                }
                atLineStart = false
                continue
            }
            switch c {
            case 0x0A:  // \n
                line += 1
                pos += 1
                if depth == 0 {
                    finishLine()
                    atLineStart = true
                }
            case 0x0D, 0x20, 0x09, 0x0C:
                pos += 1
            case 0x23:  // #
                let start = pos + 1
                var mentionsMigcheck = false
                while pos < bytes.count, bytes[pos] != 0x0A {
                    if bytes[pos] == UInt8(ascii: "m"), pos + 8 <= bytes.count, bytes[pos..<pos + 8].elementsEqual("migcheck".utf8) {
                        mentionsMigcheck = true
                    }
                    pos += 1
                }
                var end = pos
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                // Only migcheck's own directives matter; other comments are skipped without copying.
                if mentionsMigcheck {
                    comments.append(PyComment(line: line, text: String(decoding: bytes[start..<end], as: UTF8.self)))
                }
            case 0x5C:  // backslash continuation
                var next = pos + 1
                if next < bytes.count, bytes[next] == 0x0D { next += 1 }
                guard next < bytes.count, bytes[next] == 0x0A else {
                    throw PyLexError(line: line, message: "unexpected character after line continuation")
                }
                pos = next + 1
                line += 1
            case 0x22, 0x27:  // quotes
                begin()
                add(try lexString(prefix: "", decode: !light))
            default:
                if isIdentStart(c) {
                    let start = pos
                    while pos < bytes.count, isIdentContinue(bytes[pos]) { pos += 1 }
                    let word = String(decoding: bytes[start..<pos], as: UTF8.self)
                    if pos < bytes.count, bytes[pos] == 0x22 || bytes[pos] == 0x27, word.count <= 2,
                        word.lowercased().allSatisfy({ "rubf".contains($0) })
                    {
                        begin()
                        add(try lexString(prefix: word.lowercased(), decode: !light))
                        continue
                    }
                    begin()
                    add(PyToken(kind: .name, text: word, line: line))
                } else if c >= 0x30 && c <= 0x39 || (c == 0x2E && pos + 1 < bytes.count && bytes[pos + 1] >= 0x30 && bytes[pos + 1] <= 0x39)
                {
                    let start = pos
                    while pos < bytes.count, isIdentContinue(bytes[pos]) || bytes[pos] == 0x2E { pos += 1 }
                    begin()
                    add(PyToken(kind: .number, text: light ? "" : String(decoding: bytes[start..<pos], as: UTF8.self), line: line))
                } else {
                    begin()
                    let op = lexOperator()
                    if op == "(" || op == "[" || op == "{" { depth += 1 }
                    if op == ")" || op == "]" || op == "}" {
                        depth -= 1
                        if depth < 0 { throw PyLexError(line: line, message: "unmatched '\(op)'") }
                    }
                    add(PyToken(kind: .op, text: op, line: line))
                }
            }
        }
        if depth > 0 { throw PyLexError(line: line, message: "unexpected end of file: unclosed bracket") }
        finishLine()
        return (lines, comments)
    }

    private func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c >= 0x80
    }

    private func isIdentContinue(_ c: UInt8) -> Bool {
        isIdentStart(c) || (c >= 0x30 && c <= 0x39)
    }

    /// Reads one operator or delimiter (longest match), without allocating.
    private mutating func lexOperator() -> String {
        let c = bytes[pos]
        let n1: UInt8 = pos + 1 < bytes.count ? bytes[pos + 1] : 0
        let n2: UInt8 = pos + 2 < bytes.count ? bytes[pos + 2] : 0
        var length = 1
        let equals = UInt8(ascii: "=")
        if c == UInt8(ascii: "."), n1 == c, n2 == c {
            length = 3
        } else if n1 == c, n2 == equals,
            c == UInt8(ascii: "*") || c == UInt8(ascii: "/") || c == UInt8(ascii: "<") || c == UInt8(ascii: ">")
        {
            length = 3
        } else if n1 == equals, "=<>!+-*/%&|^@:".utf8.contains(c) {
            length = 2
        } else if c == UInt8(ascii: "-"), n1 == UInt8(ascii: ">") {
            length = 2
        } else if n1 == c, c == UInt8(ascii: "*") || c == UInt8(ascii: "/") || c == UInt8(ascii: "<") || c == UInt8(ascii: ">") {
            length = 2
        }
        let text = String(decoding: bytes[pos..<pos + length], as: UTF8.self)
        pos += length
        return text
    }

    /// Lexes a string literal starting at a quote; `prefix` is the lower-cased prefix already read.
    /// With `decode` false (lines the reader only classifies) the value is not built.
    private mutating func lexString(prefix: String, decode: Bool) throws -> PyToken {
        let startLine = line
        let quote = bytes[pos]
        let triple = pos + 2 < bytes.count && bytes[pos + 1] == quote && bytes[pos + 2] == quote
        let raw = prefix.contains("r")
        let opaque = prefix.contains("f") || prefix.contains("b")
        pos += triple ? 3 : 1
        let contentStart = pos
        var simple = true  // no backslash and no carriage return: the value is the bytes as they are
        while true {
            guard pos < bytes.count else {
                throw PyLexError(line: startLine, message: "unterminated string literal")
            }
            let c = bytes[pos]
            if c == 0x5C {  // backslash
                guard pos + 1 < bytes.count else { throw PyLexError(line: startLine, message: "unterminated string literal") }
                if bytes[pos + 1] == 0x0A { line += 1 }
                simple = false
                pos += 2
                continue
            }
            if c == 0x0A {
                guard triple else { throw PyLexError(line: startLine, message: "unterminated string literal") }
                line += 1
            } else if c == 0x0D {
                simple = false
            } else if c == quote {
                if !triple { pos += 1; break }
                if pos + 2 < bytes.count, bytes[pos + 1] == quote, bytes[pos + 2] == quote { pos += 3; break }
            }
            pos += 1
        }
        guard decode else { return PyToken(kind: .string(value: ""), text: "", line: startLine) }
        if opaque { return PyToken(kind: .string(value: nil), text: "", line: startLine) }
        let content = bytes[contentStart..<(pos - (triple ? 3 : 1))]
        let value: String
        if simple {
            value = String(decoding: content, as: UTF8.self)
        } else {
            // Python normalises newlines inside literals to \n.
            let normalized = content.filter { $0 != 0x0D }
            value = raw ? String(decoding: normalized, as: UTF8.self) : Self.unescape(normalized)
        }
        return PyToken(kind: .string(value: value), text: "", line: startLine)
    }

    /// Decodes Python escape sequences in a non-raw string.
    static func unescape(_ content: [UInt8]) -> String {
        guard content.contains(0x5C) else { return String(decoding: content, as: UTF8.self) }
        var out: [UInt8] = []
        var i = 0
        func appendScalar(_ value: UInt32) {
            if let scalar = Unicode.Scalar(value) { out.append(contentsOf: Array(String(Character(scalar)).utf8)) }
        }
        func hex(_ count: Int) -> UInt32? {
            guard i + count < content.count + 1, i + count <= content.count else { return nil }
            let s = String(decoding: content[i..<i + count], as: UTF8.self)
            return UInt32(s, radix: 16)
        }
        while i < content.count {
            let c = content[i]
            guard c == 0x5C, i + 1 < content.count else { out.append(c); i += 1; continue }
            let e = content[i + 1]
            i += 2
            switch e {
            case 0x0A: break
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "'"): out.append(0x27)
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "x"):
                if let v = hex(2) { appendScalar(v); i += 2 } else { out.append(contentsOf: [0x5C, e]) }
            case UInt8(ascii: "u"):
                if let v = hex(4) { appendScalar(v); i += 4 } else { out.append(contentsOf: [0x5C, e]) }
            case UInt8(ascii: "U"):
                if let v = hex(8) { appendScalar(v); i += 8 } else { out.append(contentsOf: [0x5C, e]) }
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = UInt32(e - 0x30)
                var n = 1
                while n < 3, i < content.count, content[i] >= 0x30, content[i] <= 0x37 {
                    value = value * 8 + UInt32(content[i] - 0x30)
                    i += 1
                    n += 1
                }
                appendScalar(value)
            default:
                out.append(contentsOf: [0x5C, e])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
