import Foundation

/// An INI file read with the rules of Python's `configparser.ConfigParser`, as Alembic reads
/// `alembic.ini`: `=`/`:` delimiters, lower-cased keys, full-line `#`/`;` comments, indented
/// continuation lines, a `DEFAULT` section, and `%(name)s` / `%%` interpolation.
struct IniFile: Sendable {
    /// A parse or interpolation problem, with the 1-based line it concerns.
    struct ParseError: Error, CustomStringConvertible, Sendable {
        /// What is wrong.
        var message: String
        /// The line (1-based), when known.
        var line: Int?
        var description: String { line.map { "line \($0): \(message)" } ?? message }
    }

    /// A raw value and the line its key is on.
    struct RawValue: Sendable {
        /// The value before interpolation.
        var text: String
        /// The 1-based line of the key.
        var line: Int
    }

    /// Section names in file order (without `DEFAULT`).
    private(set) var sectionNames: [String] = []
    private var sections: [String: [String: RawValue]] = [:]
    private var keyOrder: [String: [String]] = [:]
    private var defaults: [String: String]

    /// Parses a file's bytes: UTF-8 (a byte order mark is skipped); other bytes are an error, as
    /// Python's decoding fails on them.
    init(data: Data, defaults: [String: String] = [:]) throws {
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ParseError(message: "the file is not UTF-8", line: nil)
        }
        try self.init(text: text, defaults: defaults)
    }

    /// Parses `text`; `defaults` seeds the `DEFAULT` section (Alembic passes `here`).
    init(text: String, defaults: [String: String] = [:]) throws {
        self.defaults = defaults
        var cursor = Cursor()
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            var line = String(rawLine)
            if index == 0, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            try read(line, number: index + 1, cursor: &cursor)
        }
        if let fileDefaults = sections["DEFAULT"] {
            for (key, value) in fileDefaults { self.defaults[key] = value.text }
        }
    }

    /// Where parsing stands between lines: the section being read and the key a deeper-indented
    /// line continues, with the blank lines seen since (kept inside a continued value).
    private struct Cursor {
        var section: String?
        var key: String?
        var keyIndent = 0
        var pendingBlank = 0
    }

    /// Reads one line (1-based `number`): a comment, a blank, a continuation, a section header
    /// or a `key = value` option.
    private mutating func read(_ line: String, number: Int, cursor: inout Cursor) throws {
        let stripped = Self.pythonStrip(line)
        // configparser counts the characters before the first non-space, as `\S` finds it.
        let indent = line.prefix(while: Self.isPythonSpace).count
        if stripped.hasPrefix("#") || stripped.hasPrefix(";") {
            return
        }
        if stripped.isEmpty {
            if cursor.key != nil { cursor.pendingBlank += 1 }
            return
        }
        // Continuation line: indented deeper than the key that started the value.
        if let key = cursor.key, let section = cursor.section, indent > cursor.keyIndent {
            var value = sections[section]![key]!
            value.text += String(repeating: "\n", count: cursor.pendingBlank + 1) + stripped
            sections[section]![key] = value
            cursor.pendingBlank = 0
            return
        }
        cursor.pendingBlank = 0
        // configparser's `\[(?P<header>.+)\]`: up to the last `]`, at least one character.
        if stripped.hasPrefix("["), let close = stripped.lastIndex(of: "]"), close > stripped.index(after: stripped.startIndex) {
            let name = String(stripped[stripped.index(after: stripped.startIndex)..<close])
            try startSection(name, line: number)
            cursor.section = name
            cursor.key = nil
            return
        }
        guard let section = cursor.section else {
            throw ParseError(message: "text before the first [section] header", line: number)
        }
        cursor.key = try addOption(stripped, section: section, line: number)
        cursor.keyIndent = indent
    }

    /// Records a `[name]` header; a repeated section other than `DEFAULT` is an error.
    private mutating func startSection(_ name: String, line: Int) throws {
        if name != "DEFAULT", sections[name] == nil {
            sectionNames.append(name)
            sections[name] = [:]
            keyOrder[name] = []
        } else if name == "DEFAULT", sections[name] == nil {
            sections[name] = [:]
            keyOrder[name] = []
        } else if name != "DEFAULT" {
            throw ParseError(message: "section [\(name)] appears more than once", line: line)
        }
    }

    /// Records the `key = value` (or `key: value`) line `stripped` in `section` and returns its
    /// lower-cased key; a bare key, an empty key or a repeated key is an error.
    private mutating func addOption(_ stripped: String, section: String, line: Int) throws -> String {
        guard let delimiter = stripped.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
            // configparser with allow_no_value=False rejects a bare key.
            throw ParseError(message: "expected 'key = value', found '\(stripped)'", line: line)
        }
        let key = Self.pythonStrip(stripped[..<delimiter]).lowercased()
        let value = Self.pythonStrip(stripped[stripped.index(after: delimiter)...])
        guard !key.isEmpty else {
            throw ParseError(message: "expected 'key = value', found '\(stripped)'", line: line)
        }
        if sections[section]![key] != nil {
            throw ParseError(message: "option '\(key)' in section [\(section)] appears more than once", line: line)
        }
        sections[section]![key] = RawValue(text: value, line: line)
        keyOrder[section]!.append(key)
        return key
    }

    /// Whether the file has `section` (`DEFAULT` does not count).
    func hasSection(_ section: String) -> Bool { sections[section] != nil && section != "DEFAULT" }

    /// Whether `section` has `key` (own or inherited from `DEFAULT`).
    func has(_ section: String, _ key: String) -> Bool {
        sections[section]?[key.lowercased()] != nil || (hasSection(section) && defaults[key.lowercased()] != nil)
    }

    /// The line the key is on, when the section itself defines it.
    func line(_ section: String, _ key: String) -> Int? { sections[section]?[key.lowercased()]?.line }

    /// The keys of `section` in file order, followed by inherited `DEFAULT` keys.
    func keys(_ section: String) -> [String] {
        var result = keyOrder[section] ?? []
        for key in defaults.keys.sorted() where !result.contains(key) { result.append(key) }
        return result
    }

    /// The interpolated value of `key` in `section`, or `nil` when absent.
    func value(_ section: String, _ key: String) throws -> String? {
        let key = key.lowercased()
        guard hasSection(section) else { return nil }
        let raw = sections[section]?[key]?.text ?? defaults[key]
        guard let raw else { return nil }
        return try interpolate(raw, section: section, depth: 0, line: line(section, key))
    }

    private func lookup(_ name: String, section: String) -> String? {
        sections[section]?[name.lowercased()]?.text ?? defaults[name.lowercased()]
    }

    /// Python's `BasicInterpolation`: `%(name)s` from the section or DEFAULT, `%%` for `%`.
    private func interpolate(_ text: String, section: String, depth: Int, line: Int?) throws -> String {
        guard depth < 10 else { throw ParseError(message: "interpolation too deeply recursive", line: line) }
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            let ch = text[index]
            guard ch == "%" else { out.append(ch); index = text.index(after: index); continue }
            let next = text.index(after: index)
            guard next < text.endIndex else {
                throw ParseError(message: "'%' must be followed by '%' or '(' in '\(text)'", line: line)
            }
            if text[next] == "%" {
                out.append("%")
                index = text.index(after: next)
            } else if text[next] == "(" {
                guard let close = text[next...].firstIndex(of: ")"),
                    text.index(after: close) < text.endIndex, text[text.index(after: close)] == "s"
                else {
                    throw ParseError(message: "bad interpolation syntax in '\(text)'", line: line)
                }
                let name = String(text[text.index(after: next)..<close])
                guard let replacement = lookup(name, section: section) else {
                    throw ParseError(message: "'%(\(name))s' refers to an option that does not exist", line: line)
                }
                out += try interpolate(replacement, section: section, depth: depth + 1, line: line)
                index = text.index(close, offsetBy: 2)
            } else {
                throw ParseError(message: "'%' must be followed by '%' or '(' in '\(text)'", line: line)
            }
        }
        return out
    }

    /// Whether `character` is white space to Python's `str.strip()` and `re`'s `\s`.
    static func isPythonSpace(_ character: Character) -> Bool {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// `text` without Python white space at either end, as `str.strip()` leaves it.
    static func pythonStrip<S: StringProtocol>(_ text: S) -> String {
        guard let first = text.firstIndex(where: { !isPythonSpace($0) }), let last = text.lastIndex(where: { !isPythonSpace($0) })
        else { return "" }
        return String(text[first...last])
    }
}
