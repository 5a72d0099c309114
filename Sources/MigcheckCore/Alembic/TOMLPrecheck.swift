import Foundation

extension ConfigurationError {
    /// A TOML file's bytes as text, refusing what TOML never allows before the TOML library sees
    /// it: bytes that are not UTF-8, and control characters other than tab and line endings
    /// (LF, CRLF) anywhere, even in comments and strings. toml++ asserts (aborts the process) on
    /// some of them, as `[\u{7F}project]` (found by the config fuzz test).
    static func tomlText(_ data: Data, path: String) throws -> String {
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ConfigurationError(path: path, "invalid TOML: the file is not UTF-8")
        }
        var line = 1
        var previousCR = false
        for byte in data {
            if previousCR, byte != 0x0A {
                throw ConfigurationError(path: path, line: line, "invalid TOML: a carriage return not followed by a line feed")
            }
            previousCR = byte == 0x0D
            if byte == 0x0A { line += 1 }
            if (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F {
                let code = String(byte, radix: 16, uppercase: true)
                throw ConfigurationError(
                    path: path, line: line, "invalid TOML: control character U+\(String(repeating: "0", count: 4 - code.count))\(code)")
            }
        }
        if previousCR { throw ConfigurationError(path: path, line: line, "invalid TOML: a carriage return not followed by a line feed") }
        if let (line, message) = TOMLPrecheck.headerProblem(Array(data)) {
            throw ConfigurationError(path: path, line: line, "invalid TOML: \(message)")
        }
        return text
    }
}

/// Finds what toml++ (through TOMLKit) does not check before it asserts: table headers that do
/// not start with a key (`[=x]`, `[ [x]]`) and a `}` where an array expects a value (`[}]`).
/// They make it abort in a debug build and are undefined behaviour in a release build (an
/// assumption the optimiser relies on). TOML itself rejects them, so migcheck refuses them first
/// (both found by the config fuzz test). A small scanner: strings, comments and value brackets are skipped, so
/// only a `[` that starts a line outside any value is a header.
enum TOMLPrecheck {
    /// The line and message of the first such problem, or `nil`.
    static func headerProblem(_ bytes: [UInt8]) -> (Int, String)? {
        var i = 0
        var line = 1
        /// The open value brackets (`[` of arrays, `{` of inline tables), innermost last.
        var open: [UInt8] = []
        var atLineStart = true
        var inHeader = false
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case 0x0A:
                line += 1
                atLineStart = true
                inHeader = false
                i += 1
            case 0x20, 0x09, 0x0D:
                i += 1
            case UInt8(ascii: "#"):
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                atLineStart = false
                guard let end = skipString(bytes, from: i, line: &line) else { return nil }
                i = end
            case UInt8(ascii: "[") where atLineStart && open.isEmpty:
                var j = i + 1
                if j < bytes.count, bytes[j] == UInt8(ascii: "[") { j += 1 }
                while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                guard j < bytes.count, isKeyStart(bytes[j]) else {
                    return (line, "a table header must start with a key")
                }
                atLineStart = false
                inHeader = true
                i = j
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                if !inHeader { open.append(c) }
                atLineStart = false
                i += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if !inHeader {
                    guard open.popLast() == (c == UInt8(ascii: "]") ? UInt8(ascii: "[") : UInt8(ascii: "{")) else {
                        return (line, "unexpected '\(Character(Unicode.Scalar(c)))'")
                    }
                }
                atLineStart = false
                i += 1
            default:
                atLineStart = false
                i += 1
            }
        }
        return nil
    }

    /// A bare-key character, a quote, or the `]` of an empty header (which toml++ reports itself).
    private static func isKeyStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D
            || c == 0x22 || c == 0x27 || c == 0x5D
    }

    /// The index after the string starting at `start`, or `nil` when it does not end.
    private static func skipString(_ bytes: [UInt8], from start: Int, line: inout Int) -> Int? {
        let quote = bytes[start]
        let triple = start + 2 < bytes.count && bytes[start + 1] == quote && bytes[start + 2] == quote
        var i = start + (triple ? 3 : 1)
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\\"), quote == UInt8(ascii: "\"") {
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A { line += 1 }
                i += 2
                continue
            }
            if c == 0x0A {
                guard triple else { return nil }
                line += 1
            }
            if c == quote {
                if !triple { return i + 1 }
                if i + 2 < bytes.count, bytes[i + 1] == quote, bytes[i + 2] == quote {
                    // Up to two more quotes belong to the string (`""""a""""`).
                    var end = i + 3
                    while end < bytes.count, end < i + 5, bytes[end] == quote { end += 1 }
                    return end
                }
            }
            i += 1
        }
        return nil
    }
}
