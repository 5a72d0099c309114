/// Splits a Mako template into text, expressions, code blocks and control lines, following the
/// order of attempts in `mako/lexer.py` (`Lexer.parse`).
struct MakoLexer {
    /// A lexed piece: a finished node, or a control line still to be nested.
    enum Token {
        case node(MakoTemplate.Node)
        case control(keyword: String, text: String, isEnd: Bool, line: Int)
    }

    private let path: String
    private let s: [Unicode.Scalar]
    private var pos = 0
    private var line = 1
    private var tokens: [Token] = []
    private var pendingText = ""

    init(path: String, text: String) {
        self.path = path
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        s = scalars
    }

    private func at(_ offset: Int = 0) -> Unicode.Scalar? {
        pos + offset < s.count ? s[pos + offset] : nil
    }

    private func starts(with text: String, at index: Int? = nil) -> Bool {
        var i = index ?? pos
        for u in text.unicodeScalars {
            guard i < s.count, s[i] == u else { return false }
            i += 1
        }
        return true
    }

    private mutating func advance(_ count: Int) {
        for _ in 0..<count where pos < s.count {
            if s[pos] == "\n" { line += 1 }
            pos += 1
        }
    }

    private var atLineStart: Bool { pos == 0 || s[pos - 1] == "\n" }

    private mutating func flushText() {
        if !pendingText.isEmpty { tokens.append(.node(.text(pendingText))); pendingText = "" }
    }

    private func error(_ message: String, line: Int? = nil) -> MakoTemplateError {
        MakoTemplateError(path: path, line: line ?? self.line, message: message)
    }

    /// Lexes the whole template.
    mutating func lex() throws(MakoTemplateError) -> [Token] {
        skipCodingLine()
        while pos < s.count {
            if starts(with: "${") { try lexExpression(); continue }
            if atLineStart, try lexControlLine() { continue }
            if starts(with: "<%doc>") { try lexDocComment(); continue }
            if starts(with: "</%") {
                throw error("Mako closing tag '\(tagName(from: pos + 3))' is not supported (no Mako tags are)")
            }
            if starts(with: "<%"), let c = at(2), isTagNameScalar(c) {
                throw error(
                    "Mako tag <%\(tagName(from: pos + 2))> is not supported (migcheck renders ${}, <% %>, <%! %>, % for, % if and ## comments)"
                )
            }
            if starts(with: "<%") { try lexCodeBlock(); continue }
            if atLineStart, lexPercentEscape() { continue }
            lexText()
        }
        flushText()
        return tokens
    }

    private func isTagNameScalar(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || c.properties.numericType != nil || c == "_" || c == "." || c == ":"
    }

    private func tagName(from start: Int) -> String {
        var i = start
        var name = ""
        while i < s.count, isTagNameScalar(s[i]) { name.unicodeScalars.append(s[i]); i += 1 }
        return name
    }

    /// Mako skips a first line matching `#.*coding[:=]\s*([-\w.]+).*\r?\n`.
    private mutating func skipCodingLine() {
        guard s.first == "#" else { return }
        var end = 0
        while end < s.count, s[end] != "\n" { end += 1 }
        guard end < s.count else { return }
        let first = String(String.UnicodeScalarView(s[0..<end]))
        guard first.range(of: #"^#.*coding[:=]\s*[-\w.]+"#, options: .regularExpression) != nil else { return }
        advance(end + 1)
    }

    /// Scans Python source until one of `stops` at bracket depth 0 (when `nesting`), skipping
    /// strings and comments as `parse_until_text` does. Returns the source and the stop found.
    private mutating func scanPython(until stops: [String], nesting: Bool, what: String, startLine: Int) throws(MakoTemplateError) -> (
        String, String
    ) {
        var text = ""
        var depth = 0
        while pos < s.count {
            let c = s[pos]
            if c == "#" {
                while pos < s.count, s[pos] != "\n" { text.unicodeScalars.append(s[pos]); advance(1) }
                continue
            }
            if c == "\"" || c == "'" {
                let triple = starts(with: String(repeating: String(c), count: 3))
                let quote = triple ? 3 : 1
                for _ in 0..<quote { text.unicodeScalars.append(s[pos]); advance(1) }
                while pos < s.count {
                    if s[pos] == "\\", pos + 1 < s.count {
                        text.unicodeScalars.append(s[pos]); text.unicodeScalars.append(s[pos + 1]); advance(2); continue
                    }
                    if s[pos] == c, !triple || starts(with: String(repeating: String(c), count: 3)) {
                        for _ in 0..<quote { text.unicodeScalars.append(s[pos]); advance(1) }
                        break
                    }
                    text.unicodeScalars.append(s[pos]); advance(1)
                }
                continue
            }
            if depth == 0 || !nesting, let stop = stops.first(where: { starts(with: $0) }) {
                advance(stop.unicodeScalars.count)
                return (text, stop)
            }
            if "([{".unicodeScalars.contains(c) { depth += 1 }
            if ")]}".unicodeScalars.contains(c) { depth -= 1 }
            text.unicodeScalars.append(c)
            advance(1)
        }
        throw error("unterminated \(what)", line: startLine)
    }

    private mutating func lexExpression() throws(MakoTemplateError) {
        flushText()
        let startLine = line
        advance(2)
        let (source, stop) = try scanPython(until: ["|", "}"], nesting: true, what: "${ expression", startLine: startLine)
        var filters: [String] = []
        if stop == "|" {
            let (escapes, _) = try scanPython(until: ["}"], nesting: true, what: "${ expression", startLine: startLine)
            filters = Self.splitFilters(escapes)
        }
        tokens.append(.node(.expression(source: source.replacingOccurrences(of: "\r\n", with: "\n"), filters: filters, line: startLine)))
    }

    /// Splits `comma,n` into names at top-level commas.
    static func splitFilters(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for c in text {
            if c == "(" || c == "[" { depth += 1 }
            if c == ")" || c == "]" { depth -= 1 }
            if c == ",", depth == 0 { parts.append(current); current = ""; continue }
            current.append(c)
        }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// `(?<=^)[\t ]*(%(?!%)|##)[\t ]*((?:\\\r?\n|[^\r\n])*)(?:\r?\n|\Z)`
    private mutating func lexControlLine() throws(MakoTemplateError) -> Bool {
        var i = pos
        while i < s.count, s[i] == " " || s[i] == "\t" { i += 1 }
        let isComment = starts(with: "##", at: i)
        let isControl = i < s.count && s[i] == "%" && !(i + 1 < s.count && s[i + 1] == "%")
        guard isComment || isControl else { return false }
        flushText()
        let startLine = line
        advance(i - pos + (isComment ? 2 : 1))
        while let c = at(), c == " " || c == "\t" { advance(1) }
        var text = ""
        while let c = at() {
            if c == "\\", at(1) == "\n" { text += "\\\n"; advance(2); continue }
            if c == "\\", at(1) == "\r", at(2) == "\n" { text += "\\\r\n"; advance(3); continue }
            if c == "\n" || c == "\r" { break }
            text.unicodeScalars.append(c)
            advance(1)
        }
        if at() == "\r", at(1) == "\n" { advance(2) } else if at() == "\n" { advance(1) }
        guard isControl else { return true }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let match = trimmed.range(of: #"^(end)?\w+"#, options: .regularExpression) else {
            throw error("Invalid control line: '\(text)'", line: startLine)
        }
        var word = String(trimmed[match])
        let isEnd = word.hasPrefix("end")
        if isEnd { word = String(word.dropFirst(3)) }
        tokens.append(.control(keyword: word, text: text, isEnd: isEnd, line: startLine))
        return true
    }

    private mutating func lexDocComment() throws(MakoTemplateError) {
        flushText()
        let startLine = line
        while pos < s.count, !starts(with: "</%doc>") { advance(1) }
        guard pos < s.count else { throw error("Unclosed tag: <%doc>", line: startLine) }
        advance(7)
    }

    private mutating func lexCodeBlock() throws(MakoTemplateError) {
        flushText()
        let startLine = line
        advance(2)
        let module = at() == "!"
        if module { advance(1) }
        let (source, _) = try scanPython(until: ["%>"], nesting: false, what: "<% block", startLine: startLine)
        tokens.append(.node(.code(source: source, module: module, line: startLine)))
    }

    /// `(?<=^)(\s*)%%(%*)` → the whitespace, one `%`, and any further `%`.
    private mutating func lexPercentEscape() -> Bool {
        var i = pos
        while i < s.count, s[i] == " " || s[i] == "\t" || s[i] == "\n" || s[i] == "\r" { i += 1 }
        guard starts(with: "%%", at: i) else { return false }
        var text = String(String.UnicodeScalarView(s[pos..<i])) + "%"
        advance(i - pos + 2)
        while at() == "%" { text += "%"; advance(1) }
        pendingText += text
        return true
    }

    /// Plain text up to the next construct; a backslash-newline is dropped.
    private mutating func lexText() {
        while pos < s.count {
            let c = s[pos]
            if c == "\\", at(1) == "\n" { advance(2); return }
            if c == "\\", at(1) == "\r", at(2) == "\n" { advance(3); return }
            if starts(with: "${") || starts(with: "<%") || starts(with: "</%") { return }
            pendingText.unicodeScalars.append(c)
            advance(1)
            if c == "\n" {
                var i = pos
                while i < s.count, s[i] == " " || s[i] == "\t" { i += 1 }
                if i < s.count, s[i] == "%" || starts(with: "##", at: i) { return }
            }
        }
    }
}
