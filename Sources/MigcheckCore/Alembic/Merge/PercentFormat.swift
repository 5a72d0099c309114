/// Python's printf-style `%` formatting, for `file_template` and `"%s" % x` in templates.
///
/// Supports mapping keys `%(name)s`, flags `-+ 0#`, width, precision and the conversions
/// `s r d i u x X o %`, which covers every `file_template` seen in real projects.
enum PercentFormat {
    /// Why formatting failed; `message` reads like Python's error.
    struct Failure: Error, Sendable {
        var message: String
    }

    /// The arguments: a mapping (for `%(key)s`) or positional values.
    enum Arguments {
        case mapping([String: TemplateValue])
        case positional([TemplateValue])
    }

    /// Formats `format` with `arguments`.
    static func format(_ format: String, _ arguments: Arguments) throws(Failure) -> String {
        var out = ""
        let chars = Array(format)
        var i = 0
        var position = 0
        func next() throws(Failure) -> Character {
            guard i < chars.count else { throw Failure(message: "incomplete format") }
            let c = chars[i]
            i += 1
            return c
        }
        while i < chars.count {
            let c = chars[i]
            i += 1
            guard c == "%" else { out.append(c); continue }
            var ch = try next()
            if ch == "%" { out.append("%"); continue }
            var value: TemplateValue?
            if ch == "(" {
                var depth = 1
                var key = ""
                while true {
                    let k = try next()
                    if k == "(" { depth += 1 } else if k == ")" { depth -= 1; if depth == 0 { break } }
                    key.append(k)
                }
                guard case .mapping(let map) = arguments else { throw Failure(message: "format requires a mapping") }
                guard let found = map[key] else { throw Failure(message: "unknown key '\(key)' in format (KeyError)") }
                value = found
                ch = try next()
            }
            var flags = Set<Character>()
            while "-+ #0".contains(ch) { flags.insert(ch); ch = try next() }
            var width = 0
            while let d = ch.wholeNumberValue, ch.isASCII { width = try field(width, d); ch = try next() }
            var precision: Int?
            if ch == "." {
                ch = try next()
                var p = 0
                while let d = ch.wholeNumberValue, ch.isASCII { p = try field(p, d); ch = try next() }
                precision = p
            }
            if "hlL".contains(ch) { ch = try next() }
            if value == nil {
                guard case .positional(let args) = arguments else { throw Failure(message: "format requires a mapping") }
                guard position < args.count else { throw Failure(message: "not enough arguments for format string") }
                value = args[position]
                position += 1
            }
            out += try convert(value!, ch, flags: flags, width: width, precision: precision)
        }
        if case .positional(let args) = arguments, position < args.count {
            throw Failure(message: "not all arguments converted during string formatting")
        }
        return out
    }

    /// The largest field width or precision accepted: wider fields only pad, and a hostile
    /// template must not make migcheck allocate gigabytes (or overflow while reading the digits).
    static let maxField = 1 << 20

    /// `value * 10 + digit`, refused past ``maxField``.
    private static func field(_ value: Int, _ digit: Int) throws(Failure) -> Int {
        let result = value * 10 + digit
        guard result <= maxField else { throw Failure(message: "field width or precision over \(maxField) in format") }
        return result
    }

    private static func convert(_ value: TemplateValue, _ conversion: Character, flags: Set<Character>, width: Int, precision: Int?)
        throws(Failure) -> String
    {
        var body: String
        switch conversion {
        case "s", "r":
            guard let text = conversion == "s" ? value.pythonStr : value.pythonRepr else {
                throw Failure(message: "cannot format \(value.typeName) with %\(conversion)")
            }
            body = precision.map { String(text.prefix($0)) } ?? text
        case "d", "i", "u", "x", "X", "o":
            let number: Int
            switch value {
            case .int(let n): number = n
            case .bool(let b): number = b ? 1 : 0
            default: throw Failure(message: "%\(conversion) format: a real number is required, not \(value.typeName)")
            }
            let radix = conversion == "x" || conversion == "X" ? 16 : conversion == "o" ? 8 : 10
            var digits = String(number.magnitude, radix: radix, uppercase: conversion == "X")
            if let precision, digits.count < precision { digits = String(repeating: "0", count: precision - digits.count) + digits }
            if flags.contains("#"), radix != 10 { digits = (radix == 16 ? (conversion == "X" ? "0X" : "0x") : "0o") + digits }
            let sign = number < 0 ? "-" : flags.contains("+") ? "+" : flags.contains(" ") ? " " : ""
            if flags.contains("0"), !flags.contains("-"), sign.count + digits.count < width {
                digits = String(repeating: "0", count: width - sign.count - digits.count) + digits
            }
            body = sign + digits
        default:
            throw Failure(message: "unsupported format character '\(conversion)'")
        }
        if body.count < width {
            let pad = String(repeating: " ", count: width - body.count)
            body = flags.contains("-") ? body + pad : pad + body
        }
        return body
    }
}
