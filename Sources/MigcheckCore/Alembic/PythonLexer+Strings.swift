import Foundation

extension PythonLexer {
    /// Refuses NUL bytes (UTF-16 files, with or without a byte order mark, have them), as Python
    /// does before tokenising; returns whether the file is not valid UTF-8 as a whole, which
    /// ``checkUTF8(outside:)`` then decides once the comments are known.
    static func scanEncoding(_ bytes: [UInt8]) throws -> Bool {
        var nonASCII = false
        for byte in bytes {
            if byte == 0 {
                throw PyLexError(line: nil, message: "\(encodingName(bytes) ?? "not UTF-8"): source code cannot contain null bytes")
            }
            if byte >= 0x80 { nonASCII = true }
        }
        return nonASCII && String(validating: bytes, as: UTF8.self) == nil
    }

    /// Python (3.11, the oracle) decodes everything but comments as UTF-8: bytes that are not
    /// UTF-8 are an error outside comments only.
    func checkUTF8(outside comments: [Range<Int>]) throws {
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var start = 0
        for comment in comments {
            kept += bytes[start..<comment.lowerBound]
            kept.append(0x0A)
            start = comment.upperBound
        }
        kept += bytes[start...]
        guard String(validating: kept, as: UTF8.self) == nil else { return }
        throw PyLexError(line: nil, message: "\(Self.encodingName(bytes) ?? "not UTF-8"): Python reads a revision file as UTF-8")
    }

    /// Names a byte order mark other than UTF-8's.
    private static func encodingName(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return "the file is UTF-16 (byte order mark)" }
        return nil
    }

    /// Lexes a string literal starting at a quote; `prefix` is the lower-cased prefix already read.
    /// With `decode` false (lines the reader only classifies) the value is not built.
    mutating func lexString(prefix: String, decode: Bool) throws -> PyToken {
        let startLine = line
        let quote = bytes[pos]
        let triple = pos + 2 < bytes.count && bytes[pos + 1] == quote && bytes[pos + 2] == quote
        let raw = prefix.contains("r")
        let opaque = prefix.contains("f") || prefix.contains("b")
        pos += triple ? 3 : 1
        let contentStart = pos
        var simple = true  // no backslash: the value is the bytes as they are
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
            } else if c == quote {
                if !triple {
                    pos += 1
                    break
                }
                if pos + 2 < bytes.count, bytes[pos + 1] == quote, bytes[pos + 2] == quote {
                    pos += 3
                    break
                }
            }
            pos += 1
        }
        guard decode else { return PyToken(kind: .string(value: ""), text: "", line: startLine) }
        if opaque { return PyToken(kind: .string(value: nil), text: "", line: startLine) }
        let content = bytes[contentStart..<(pos - (triple ? 3 : 1))]
        let value: String
        if simple || raw {
            value = String(decoding: content, as: UTF8.self)
        } else {
            do {
                value = try Self.unescape(Array(content))
            } catch let error as PyEscapeError {
                throw PyLexError(line: startLine, message: error.message)
            }
        }
        return PyToken(kind: .string(value: value), text: "", line: startLine)
    }

    /// Decodes Python escape sequences in a non-raw string; a truncated `\x`, `\u`, `\U` or an
    /// unknown `\N{name}` is an error, as in Python.
    static func unescape(_ content: [UInt8]) throws -> String {
        guard content.contains(0x5C) else { return String(decoding: content, as: UTF8.self) }
        var decoder = PyEscapeDecoder(content: content)
        return try decoder.decode()
    }
}

/// Decodes the escapes of one non-raw string body, byte by byte, into UTF-8.
private struct PyEscapeDecoder {
    /// The string's bytes between its quotes.
    let content: [UInt8]
    /// The next byte to read.
    var i = 0
    /// The decoded bytes so far.
    var out: [UInt8] = []

    init(content: [UInt8]) { self.content = content }

    /// Decodes the whole content.
    mutating func decode() throws -> String {
        while i < content.count {
            let c = content[i]
            guard c == 0x5C, i + 1 < content.count else {
                out.append(c)
                i += 1
                continue
            }
            let e = content[i + 1]
            i += 2
            try escape(e)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes the escape `\` `e`, reading any digits or name that follow it.
    mutating func escape(_ e: UInt8) throws {
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
        case UInt8(ascii: "x"): try appendScalar(try hex(2, "xXX"))
        case UInt8(ascii: "u"): try appendScalar(try hex(4, "uXXXX"))
        case UInt8(ascii: "U"): try appendScalar(try hex(8, "UXXXXXXXX"))
        case UInt8(ascii: "N"): try named()
        case UInt8(ascii: "0")...UInt8(ascii: "7"): try octal(first: e)
        default: out.append(contentsOf: [0x5C, e])
        }
    }

    /// Appends the character `value`; a value past U+10FFFF or a lone surrogate is an error.
    mutating func appendScalar(_ value: UInt32) throws {
        guard let scalar = Unicode.Scalar(value) else {
            throw PyEscapeError(
                message: value > 0x10FFFF
                    ? "(unicode error) illegal Unicode character in an escape"
                    : "a lone surrogate escape (U+\(String(value, radix: 16, uppercase: true))), which migcheck cannot read")
        }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    /// Reads exactly `count` hex digits of the escape `escape` (named in the error).
    mutating func hex(_ count: Int, _ escape: String) throws -> UInt32 {
        guard i + count <= content.count, content[i..<i + count].allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }),
            let value = UInt32(String(decoding: content[i..<i + count], as: UTF8.self), radix: 16)
        else { throw PyEscapeError(message: "(unicode error) truncated \\\(escape) escape") }
        i += count
        return value
    }

    /// Reads `{name}` after `\N` and appends the character of that Unicode name.
    mutating func named() throws {
        guard i < content.count, content[i] == UInt8(ascii: "{"),
            let close = content[i...].firstIndex(of: UInt8(ascii: "}")), close > i + 1
        else { throw PyEscapeError(message: "(unicode error) malformed \\N character escape") }
        let name = String(decoding: content[(i + 1)..<close], as: UTF8.self)
        guard let scalar = PythonLexer.unicodeScalar(named: name) else {
            throw PyEscapeError(message: "(unicode error) unknown Unicode character name '\(name)' in \\N{...}")
        }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
        i = close + 1
    }

    /// Reads up to two more octal digits after `first` and appends that character.
    mutating func octal(first: UInt8) throws {
        var value = UInt32(first - 0x30)
        var n = 1
        while n < 3, i < content.count, content[i] >= 0x30, content[i] <= 0x37 {
            value = value * 8 + UInt32(content[i] - 0x30)
            i += 1
            n += 1
        }
        try appendScalar(value)
    }
}

/// A string escape Python refuses (a SyntaxError when the file is compiled).
struct PyEscapeError: Error, Sendable {
    var message: String
}
