/// Splits Python source into logical lines the way Python's tokenizer does: strings (all
/// prefixes, triple quotes, escapes), comments, brackets and backslash continuations.
///
/// Line endings are read as Python reads them: LF, CRLF and a lone CR each end a line. The source
/// must be UTF-8 without NUL bytes (what Python requires of a file without a coding declaration).
struct PythonLexer {
    /// The source, without a UTF-8 byte order mark and with every line ending turned into LF.
    let bytes: [UInt8]
    var pos = 0
    var line = 1
    /// Whether indented lines are summarised (the revision reader) or fully tokenised (comparing
    /// two versions of a file token by token).
    private let summarizeIndentedLines: Bool

    private var lines: [PyLogicalLine] = []
    private var comments: [PyComment] = []
    /// Tokens of the open logical line (full mode).
    private var current: [PyToken] = []
    /// Statement summaries of the open logical line (light mode).
    private var statements = PyStatementAccumulator()
    /// Bracket depth, across physical lines.
    private var depth = 0
    /// Indentation column of the open logical line, and of the physical line being read.
    private var indent = 0
    private var column = 0
    /// The line the open logical line starts on.
    private var lineStart = 1
    private var atLineStart = true
    /// Whether a logical line is open (it has a token).
    private var hasContent = false
    /// Light mode: an indented logical line, summarised per statement instead of tokenised.
    private var light = false
    /// Whether the file is not UTF-8 as a whole: comments' ranges are then kept, to check the rest.
    private var recordCommentRanges = false
    private var commentRanges: [Range<Int>] = []
    /// Whether the last token of the open line is a `:` outside brackets (the line opens a block).
    private var endsWithColon = false

    init(_ source: [UInt8], summarizeIndentedLines: Bool = true) {
        var b = source
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { b.removeFirst(3) }
        bytes = b.contains(0x0D) ? Self.normalizingLineEndings(b) : b
        self.summarizeIndentedLines = summarizeIndentedLines
    }

    /// `bytes` with CRLF and lone CR turned into LF, as Python's universal newlines read them.
    static func normalizingLineEndings<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount)
        var previousCR = false
        for byte in bytes {
            if byte == 0x0A, previousCR {
                previousCR = false
                continue
            }
            previousCR = byte == 0x0D
            out.append(previousCR ? 0x0A : byte)
        }
        return out
    }

    /// Lexes the whole source.
    mutating func lex() throws -> (lines: [PyLogicalLine], comments: [PyComment]) {
        recordCommentRanges = try Self.scanEncoding(bytes)
        while pos < bytes.count {
            if atLineStart {
                measureIndentation()
            } else {
                try lexNext()
            }
        }
        if depth > 0 { throw PyLexError(line: line, message: "unexpected end of file: unclosed bracket") }
        finishLine()
        if recordCommentRanges { try checkUTF8(outside: commentRanges) }
        return (lines, comments)
    }

    /// Measures the indentation of a physical line that may start a logical line (tabs to the
    /// next multiple of 8; a form feed resets the column; a backslash continuation continues the
    /// count on the next line, as in Python's tokenizer).
    private mutating func measureIndentation() {
        column = 0
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20: column += 1
            case 0x09: column += 8 - (column % 8)
            case 0x0C: column = 0
            case 0x5C where pos + 1 < bytes.count && bytes[pos + 1] == 0x0A:
                // CPython (3.10+) reads a continuation inside the indentation and keeps counting
                // on the next line (found by the fuzz test).
                pos += 1
                line += 1
            default:
                atLineStart = false
                return
            }
            pos += 1
        }
        atLineStart = false
    }

    /// Reads the token (or the blank, comment or line break) at `pos`.
    private mutating func lexNext() throws {
        let c = bytes[pos]
        switch c {
        case 0x0A:  // \n
            line += 1
            pos += 1
            if depth == 0 {
                finishLine()
                atLineStart = true
            }
        case 0x20, 0x09, 0x0C:
            pos += 1
        case 0x23:  // #
            lexComment()
        case 0x5C:  // backslash continuation
            guard pos + 1 < bytes.count, bytes[pos + 1] == 0x0A else {
                throw PyLexError(line: line, message: "unexpected character after line continuation")
            }
            pos += 2
            line += 1
        case 0x22, 0x27:  // quotes
            begin()
            add(try lexString(prefix: "", decode: !light))
        default:
            if isIdentStart(c) {
                try lexNameOrPrefixedString()
            } else if c >= 0x30 && c <= 0x39 || (c == 0x2E && pos + 1 < bytes.count && bytes[pos + 1] >= 0x30 && bytes[pos + 1] <= 0x39) {
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

    /// Skips a comment; keeps it only when it mentions migcheck (its directives).
    private mutating func lexComment() {
        let start = pos + 1
        var mentionsMigcheck = false
        while pos < bytes.count, bytes[pos] != 0x0A {
            if bytes[pos] == UInt8(ascii: "m"), pos + 8 <= bytes.count, bytes[pos..<pos + 8].elementsEqual("migcheck".utf8) {
                mentionsMigcheck = true
            }
            pos += 1
        }
        if recordCommentRanges { commentRanges.append(start - 1..<pos) }
        // Other comments are skipped without copying.
        if mentionsMigcheck {
            comments.append(PyComment(line: line, text: String(decoding: bytes[start..<pos], as: UTF8.self)))
        }
    }

    /// Reads a name, or a string literal with a prefix (`r`, `b`, `u`, `f` and pairs).
    private mutating func lexNameOrPrefixedString() throws {
        let start = pos
        while pos < bytes.count, isIdentContinue(bytes[pos]) { pos += 1 }
        let word = String(decoding: bytes[start..<pos], as: UTF8.self)
        begin()
        if pos < bytes.count, bytes[pos] == 0x22 || bytes[pos] == 0x27, word.utf8.count <= 2,
            word.lowercased().allSatisfy({ "rubf".contains($0) })
        {
            add(try lexString(prefix: word.lowercased(), decode: !light))
        } else {
            add(PyToken(kind: .name, text: word, line: line))
        }
    }

    /// Closes the open logical line, if any.
    private mutating func finishLine() {
        guard hasContent else { return }
        if light {
            lines.append(
                PyLogicalLine(indent: indent, line: lineStart, tokens: [], statements: statements.finish(), opensBlock: endsWithColon))
        } else {
            lines.append(PyLogicalLine(indent: indent, line: lineStart, tokens: current, opensBlock: endsWithColon))
            current = []
        }
        hasContent = false
    }

    /// Starts a logical line at the current token if none is open.
    private mutating func begin() {
        guard !hasContent else { return }
        hasContent = true
        indent = column
        lineStart = line
        light = column > 0 && summarizeIndentedLines
    }

    /// Adds a token to the open line, or to the summary of its statement in light mode.
    private mutating func add(_ token: PyToken) {
        endsWithColon = depth == 0 && token.kind == .op && token.text == ":"
        if light {
            statements.add(token)
        } else {
            current.append(token)
        }
    }

    private func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c >= 0x80
    }

    func isIdentContinue(_ c: UInt8) -> Bool {
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
}
