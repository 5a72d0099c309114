import Foundation

/// Calls from templates: Python builtins, `comma`, `context.get`, `config.get_*_option`,
/// `re.split`/`re.sub` and the common `str` methods.
extension TemplateEvaluator {
    func call(_ function: TemplateValue, _ args: [TemplateValue], _ named: [String: TemplateValue]) throws(TemplateExpressionError)
        -> TemplateValue
    {
        guard case .function(let name, let bound) = function else {
            if case .undefined(let undefinedName) = function {
                throw TemplateExpressionError(message: "'\(undefinedName)' is undefined and cannot be called")
            }
            throw TemplateExpressionError(message: "'\(function.typeName)' object is not callable")
        }
        func arg(_ i: Int, _ key: String? = nil) -> TemplateValue? {
            i < args.count ? args[i] : key.flatMap { named[$0] }
        }
        func string(_ value: TemplateValue?, _ what: String) throws(TemplateExpressionError) -> String {
            guard case .string(let s)? = value else {
                throw TemplateExpressionError(message: "\(name)() expects a string for \(what), got \(value?.typeName ?? "nothing")")
            }
            return s
        }
        func items(_ value: TemplateValue?) throws(TemplateExpressionError) -> [TemplateValue] {
            switch value {
            case .tuple(let v)?, .list(let v)?: return v
            case .string(let s)?: return s.map { .string(String($0)) }
            default: throw TemplateExpressionError(message: "\(name)(): '\(value?.typeName ?? "nothing")' object is not iterable")
            }
        }
        switch name {
        case "repr":
            guard let value = arg(0), let text = value.pythonRepr else {
                throw TemplateExpressionError(
                    message:
                        "repr() of \(arg(0)?.typeName ?? "nothing") is not supported: \(Self.undefinedHint(arg(0))), and Python would write an object address"
                )
            }
            return .string(text)
        case "str":
            guard let value = arg(0) else { return .string("") }
            guard let text = value.pythonStr else { throw TemplateExpressionError(message: Self.renderFailure(value)) }
            return .string(text)
        case "len":
            if case .string(let s)? = arg(0) { return .int(s.unicodeScalars.count) }
            return .int(try items(arg(0)).count)
        case "tuple": return .tuple(args.isEmpty ? [] : try items(arg(0)))
        case "list": return .list(args.isEmpty ? [] : try items(arg(0)))
        case "bool": return .bool(arg(0)?.isTruthy ?? false)
        case "int":
            if case .int(let n)? = arg(0) { return .int(n) }
            guard let n = Int(try string(arg(0), "the value").trimmingCharacters(in: .whitespaces)) else {
                throw TemplateExpressionError(message: "invalid literal for int()")
            }
            return .int(n)
        case "sorted":
            let values = try items(arg(0))
            let strings = values.compactMap { v -> String? in
                if case .string(let s) = v { return s }; return nil
            }
            guard strings.count == values.count else { throw TemplateExpressionError(message: "sorted() supports strings only") }
            return .list(
                strings.sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes(Array($1.unicodeScalars.map(\.value))) }
                    .map { .string($0) })
        case "comma":
            switch arg(0) {
            case .none?, nil: return .string("")
            case .string(let s)?: return .string(s)
            case .tuple(let v)?, .list(let v)?:
                let parts = v.compactMap { x -> String? in
                    if case .string(let s) = x { return s }; return nil
                }
                guard parts.count == v.count else { throw TemplateExpressionError(message: "comma(): sequence item is not a str") }
                return .string(parts.joined(separator: ", "))
            case let other?: throw TemplateExpressionError(message: "Don't know how to comma-format \(other.pythonRepr ?? other.typeName)")
            }
        case "context.get":
            let key = try string(arg(0, "key"), "the key")
            return context[key] ?? arg(1, "default") ?? .none
        case "config.get_main_option", "config.get_alembic_option":
            let key = try string(arg(0, "name"), "the option name")
            return config.sections[config.mainSection]?[key].map { .string($0) } ?? arg(1, "default") ?? .none
        case "config.get_section_option":
            let section = try string(arg(0, "section"), "the section")
            let key = try string(arg(1, "name"), "the option name")
            guard let values = config.sections[section] else {
                throw TemplateExpressionError(message: "config.get_section_option(): no config file section '\(section)'")
            }
            return values[key].map { .string($0) } ?? arg(2, "default") ?? .none
        case "re.split", "re.sub":
            let pattern = try string(arg(0, "pattern"), "the pattern")
            let regex: NSRegularExpression
            do { regex = try NSRegularExpression(pattern: pattern) } catch {
                throw TemplateExpressionError(message: "\(name)(): cannot compile pattern \(TemplateValue.reprString(pattern))")
            }
            if name == "re.sub" {
                let replacement = try string(arg(1, "repl"), "the replacement")
                let subject = try string(arg(2, "string"), "the string")
                let template = NSRegularExpression.escapedTemplate(for: replacement)
                return .string(
                    regex.stringByReplacingMatches(in: subject, range: NSRange(subject.startIndex..., in: subject), withTemplate: template))
            }
            let subject = try string(arg(1, "string"), "the string")
            return .list(Self.regexSplit(regex, subject).map { .string($0) })
        case "str.join":
            guard case .string(let separator)? = bound.first else { break }
            let parts = try items(arg(0))
            let strings = parts.compactMap { x -> String? in
                if case .string(let s) = x { return s }; return nil
            }
            guard strings.count == parts.count else { throw TemplateExpressionError(message: "str.join(): sequence item is not a str") }
            return .string(strings.joined(separator: separator))
        default:
            if name.hasPrefix("str."), case .string(let s)? = bound.first {
                return try stringMethod(String(name.dropFirst(4)), s, args)
            }
        }
        throw TemplateExpressionError(message: "calling \(name)() is not supported")
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
