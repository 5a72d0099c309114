import Foundation

/// Calls from templates: Python builtins, `comma`, `context.get`, `config.get_*_option`,
/// `re.split`/`re.sub` and the common `str` methods.
extension TemplateEvaluator {
    /// Calls `function` with positional `args` and keyword `named` arguments.
    func call(_ function: TemplateValue, _ args: [TemplateValue], _ named: [String: TemplateValue]) throws(TemplateExpressionError)
        -> TemplateValue
    {
        guard case .function(let name, let bound) = function else {
            if case .undefined(let undefinedName) = function {
                throw TemplateExpressionError(message: "'\(undefinedName)' is undefined and cannot be called")
            }
            throw TemplateExpressionError(message: "'\(function.typeName)' object is not callable")
        }
        let call = CallArguments(name: name, positional: args, named: named)
        if let value = try Self.builtin(call) { return value }
        if let value = try contextCall(call) { return value }
        if let value = try Self.regexCall(call) { return value }
        if name.hasPrefix("str."), case .string(let s)? = bound.first {
            if name == "str.join" { return .string(try call.strings(call.arg(0)).joined(separator: s)) }
            return try stringMethod(String(name.dropFirst(4)), s, args)
        }
        throw TemplateExpressionError(message: "calling \(name)() is not supported")
    }

    /// Python builtins and Alembic's `comma`, or `nil` when `call` is none of them.
    private static func builtin(_ call: CallArguments) throws(TemplateExpressionError) -> TemplateValue? {
        switch call.name {
        case "repr":
            guard let value = call.arg(0), let text = value.pythonRepr else {
                throw TemplateExpressionError(
                    message:
                        "repr() of \(call.arg(0)?.typeName ?? "nothing") is not supported: \(undefinedHint(call.arg(0))), and Python would write an object address"
                )
            }
            return .string(text)
        case "str":
            guard let value = call.arg(0) else { return .string("") }
            guard let text = value.pythonStr else { throw TemplateExpressionError(message: renderFailure(value)) }
            return .string(text)
        case "len":
            if case .string(let s)? = call.arg(0) { return .int(s.unicodeScalars.count) }
            return .int(try call.items(call.arg(0)).count)
        case "tuple": return .tuple(call.positional.isEmpty ? [] : try call.items(call.arg(0)))
        case "list": return .list(call.positional.isEmpty ? [] : try call.items(call.arg(0)))
        case "bool": return .bool(call.arg(0)?.isTruthy ?? false)
        case "int":
            if case .int(let n)? = call.arg(0) { return .int(n) }
            guard let n = Int(try call.string(call.arg(0), "the value").trimmingCharacters(in: .whitespaces)) else {
                throw TemplateExpressionError(message: "invalid literal for int()")
            }
            return .int(n)
        case "sorted":
            let strings = try call.strings(call.arg(0), "sorted() supports strings only")
            return .list(
                strings.sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes(Array($1.unicodeScalars.map(\.value))) }
                    .map { .string($0) })
        case "comma":
            switch call.arg(0) {
            case .none?, nil: return .string("")
            case .string(let s)?: return .string(s)
            case .tuple?, .list?: return .string(try call.strings(call.arg(0)).joined(separator: ", "))
            case let other?: throw TemplateExpressionError(message: "Don't know how to comma-format \(other.pythonRepr ?? other.typeName)")
            }
        default: return nil
        }
    }

    /// `context.get` and the `config.get_*_option` methods, or `nil` when `call` is neither.
    /// (Python's `None` is spelled `TemplateValue.none` here: a bare `.none` would be `Optional.none`.)
    private func contextCall(_ call: CallArguments) throws(TemplateExpressionError) -> TemplateValue? {
        switch call.name {
        case "context.get":
            let key = try call.string(call.arg(0, "key"), "the key")
            return context[key] ?? call.arg(1, "default") ?? TemplateValue.none
        case "config.get_main_option", "config.get_alembic_option":
            let key = try call.string(call.arg(0, "name"), "the option name")
            return config.sections[config.mainSection]?[key].map { .string($0) } ?? call.arg(1, "default") ?? TemplateValue.none
        case "config.get_section_option":
            let section = try call.string(call.arg(0, "section"), "the section")
            let key = try call.string(call.arg(1, "name"), "the option name")
            guard let values = config.sections[section] else {
                throw TemplateExpressionError(message: "config.get_section_option(): no config file section '\(section)'")
            }
            return values[key].map { .string($0) } ?? call.arg(2, "default") ?? TemplateValue.none
        default: return nil
        }
    }

    /// `re.split` and `re.sub`, or `nil` when `call` is neither.
    private static func regexCall(_ call: CallArguments) throws(TemplateExpressionError) -> TemplateValue? {
        guard call.name == "re.split" || call.name == "re.sub" else { return nil }
        let pattern = try call.string(call.arg(0, "pattern"), "the pattern")
        let regex: NSRegularExpression
        do { regex = try NSRegularExpression(pattern: pattern) } catch {
            throw TemplateExpressionError(message: "\(call.name)(): cannot compile pattern \(TemplateValue.reprString(pattern))")
        }
        if call.name == "re.sub" {
            let replacement = try call.string(call.arg(1, "repl"), "the replacement")
            let subject = try call.string(call.arg(2, "string"), "the string")
            let template = NSRegularExpression.escapedTemplate(for: replacement)
            return .string(
                regex.stringByReplacingMatches(in: subject, range: NSRange(subject.startIndex..., in: subject), withTemplate: template))
        }
        let subject = try call.string(call.arg(1, "string"), "the string")
        return .list(regexSplit(regex, subject).map { .string($0) })
    }

    private func stringMethod(_ method: String, _ s: String, _ args: [TemplateValue]) throws(TemplateExpressionError) -> TemplateValue {
        func stringArg(_ i: Int) -> String? { if i < args.count, case .string(let v) = args[i] { return v }; return nil }
        switch method {
        case "lower": return .string(s.lowercased())
        case "upper": return .string(s.uppercased())
        case "strip":
            return .string(
                stringArg(0).map { s.trimmingCharacters(in: CharacterSet(charactersIn: $0)) }
                    ?? s.trimmingCharacters(in: .whitespacesAndNewlines))
        case "lstrip": return .string(String(s.drop { $0.isWhitespace }))
        case "rstrip": return .string(String(s.reversed().drop { $0.isWhitespace }.reversed()))
        case "startswith": return .bool(stringArg(0).map { s.hasPrefix($0) } ?? false)
        case "endswith": return .bool(stringArg(0).map { s.hasSuffix($0) } ?? false)
        case "replace":
            guard let a = stringArg(0), let b = stringArg(1) else { break }
            return .string(s.replacingOccurrences(of: a, with: b))
        case "split":
            if let sep = stringArg(0) { return .list(s.components(separatedBy: sep).map { .string($0) }) }
            return .list(s.split(whereSeparator: { $0.isWhitespace }).map { .string(String($0)) })
        default: break
        }
        throw TemplateExpressionError(message: "str.\(method)() with these arguments is not supported")
    }

    /// Python's `re.split` without groups: pieces between matches.
    static func regexSplit(_ regex: NSRegularExpression, _ subject: String) -> [String] {
        let ns = subject as NSString
        var pieces: [String] = []
        var last = 0
        for match in regex.matches(in: subject, range: NSRange(location: 0, length: ns.length)) {
            if match.range.length == 0, match.range.location == last, match.range.location != 0 { continue }
            pieces.append(ns.substring(with: NSRange(location: last, length: match.range.location - last)))
            last = match.range.location + match.range.length
        }
        pieces.append(ns.substring(from: last))
        return pieces
    }
}

/// The arguments of one template call, with the conversions the callees share.
private struct CallArguments {
    /// The called function's name (`len`, `config.get_main_option`, `str.join`, …).
    let name: String
    /// Positional arguments.
    let positional: [TemplateValue]
    /// Keyword arguments.
    let named: [String: TemplateValue]

    /// Positional argument `i`, or the keyword argument `key`.
    func arg(_ i: Int, _ key: String? = nil) -> TemplateValue? {
        i < positional.count ? positional[i] : key.flatMap { named[$0] }
    }

    /// `value` as a string, or an error naming `what` was expected.
    func string(_ value: TemplateValue?, _ what: String) throws(TemplateExpressionError) -> String {
        guard case .string(let s)? = value else {
            throw TemplateExpressionError(message: "\(name)() expects a string for \(what), got \(value?.typeName ?? "nothing")")
        }
        return s
    }

    /// The items of an iterable `value` (a tuple, list, or the characters of a string).
    func items(_ value: TemplateValue?) throws(TemplateExpressionError) -> [TemplateValue] {
        switch value {
        case .tuple(let v)?, .list(let v)?: return v
        case .string(let s)?: return s.map { .string(String($0)) }
        default: throw TemplateExpressionError(message: "\(name)(): '\(value?.typeName ?? "nothing")' object is not iterable")
        }
    }

    /// The items of `value`, which must all be strings (else `message`, by default Python's).
    func strings(_ value: TemplateValue?, _ message: String? = nil) throws(TemplateExpressionError) -> [String] {
        let values = try items(value)
        let strings = values.compactMap { item -> String? in
            if case .string(let s) = item { return s }
            return nil
        }
        guard strings.count == values.count else {
            throw TemplateExpressionError(message: message ?? "\(name)(): sequence item is not a str")
        }
        return strings
    }
}
