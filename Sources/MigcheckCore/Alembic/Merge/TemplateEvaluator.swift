import Foundation

/// The Alembic `Config` as templates see it: `config.get_main_option(...)` and friends,
/// answered from the ini file without Python.
struct TemplateConfig: Sendable {
    /// Every ini section's interpolated values.
    var sections: [String: [String: String]]
    /// The section Alembic calls "main" (`-n`, default `alembic`).
    var mainSection: String
}

/// Evaluates ``TemplateExpression`` values against a template's names, as Mako would.
struct TemplateEvaluator: Sendable {
    /// The keyword arguments Alembic passes to `render()` (what `context` holds).
    var context: [String: TemplateValue]
    /// Names bound by `<% %>` blocks and `% for` loops.
    var locals: [String: TemplateValue] = [:]
    /// Names bound by `import` in `<%! %>` blocks.
    var modules: [String: TemplateValue] = [:]
    /// The project's configuration.
    var config: TemplateConfig

    private static let builtins: Set<String> = ["repr", "str", "len", "sorted", "list", "tuple", "bool", "int"]

    /// Looks up a name: loop/block locals, module imports, the render context, Python builtins;
    /// anything else is Mako's `UNDEFINED`.
    func lookup(_ name: String) -> TemplateValue {
        if let value = locals[name] ?? modules[name] ?? context[name] { return value }
        if Self.builtins.contains(name) { return .function(name: name, bound: []) }
        if name == "context" { return .object("context") }
        return .undefined(name: name)
    }

    /// Evaluates `expression`.
    func evaluate(_ expression: TemplateExpression) throws(TemplateExpressionError) -> TemplateValue {
        switch expression {
        case .name(let name): return lookup(name)
        case .literal(let value): return value
        case .tuple(let items): return .tuple(try items.map { (e) throws(TemplateExpressionError) in try evaluate(e) })
        case .list(let items): return .list(try items.map { (e) throws(TemplateExpressionError) in try evaluate(e) })
        case .attribute(let base, let name): return try attribute(try evaluate(base), name)
        case .call(let callee, let args, let keywords):
            let function = try evaluate(callee)
            let values = try args.map { (e) throws(TemplateExpressionError) in try evaluate(e) }
            var named: [String: TemplateValue] = [:]
            for (key, e) in keywords { named[key] = try evaluate(e) }
            return try call(function, values, named)
        case .index(let base, let key):
            let container = try evaluate(base)
            let k = try evaluate(key)
            switch (container, k) {
            case (.tuple(let items), .int(let i)), (.list(let items), .int(let i)):
                let at = i < 0 ? items.count + i : i
                guard items.indices.contains(at) else { throw TemplateExpressionError(message: "index \(i) out of range") }
                return items[at]
            case (.string(let s), .int(let i)):
                let chars = Array(s)
                let at = i < 0 ? chars.count + i : i
                guard chars.indices.contains(at) else { throw TemplateExpressionError(message: "string index \(i) out of range") }
                return .string(String(chars[at]))
            default:
                throw TemplateExpressionError(message: "cannot subscript \(container.typeName) with \(k.typeName)")
            }
        case .not(let e): return .bool(!(try evaluate(e)).isTruthy)
        case .negate(let e):
            guard case .int(let n) = try evaluate(e) else { throw TemplateExpressionError(message: "unary '-' needs a number") }
            return .int(-n)
        case .and(let a, let b):
            let left = try evaluate(a)
            return left.isTruthy ? try evaluate(b) : left
        case .or(let a, let b):
            let left = try evaluate(a)
            return left.isTruthy ? left : try evaluate(b)
        case .conditional(let test, let then, let otherwise):
            return try evaluate(test).isTruthy ? try evaluate(then) : try evaluate(otherwise)
        case .binary(let op, let a, let b):
            return try binary(op, try evaluate(a), try evaluate(b))
        case .compare(let op, let a, let b):
            return .bool(try compare(op, try evaluate(a), try evaluate(b)))
        }
    }

    private func binary(_ op: String, _ a: TemplateValue, _ b: TemplateValue) throws(TemplateExpressionError) -> TemplateValue {
        switch (op, a, b) {
        case ("%", .string(let format), _):
            let args: [TemplateValue]
            if case .tuple(let items) = b { args = items } else { args = [b] }
            do { return .string(try PercentFormat.format(format, .positional(args))) } catch {
                throw TemplateExpressionError(message: error.message)
            }
        case ("+", .string(let x), .string(let y)): return .string(x + y)
        case ("+", .int(let x), .int(let y)): return .int(x + y)
        case ("-", .int(let x), .int(let y)): return .int(x - y)
        case ("*", .int(let x), .int(let y)): return .int(x * y)
        case ("*", .string(let x), .int(let n)): return .string(String(repeating: x, count: max(n, 0)))
        case ("+", .tuple(let x), .tuple(let y)): return .tuple(x + y)
        case ("+", .list(let x), .list(let y)): return .list(x + y)
        default:
            throw TemplateExpressionError(message: "unsupported operand types for \(op): '\(a.typeName)' and '\(b.typeName)'")
        }
    }

    private func compare(_ op: String, _ a: TemplateValue, _ b: TemplateValue) throws(TemplateExpressionError) -> Bool {
        switch op {
        case "==": return equal(a, b)
        case "!=": return !equal(a, b)
        case "is":
            if case .none = b { if case .none = a { return true }; return false }
            if case .undefined = b { if case .undefined = a { return true }; return false }
            throw TemplateExpressionError(message: "'is' is only supported with None or UNDEFINED")
        case "is not": return !(try compare("is", a, b))
        case "in", "not in":
            let found: Bool
            switch b {
            case .tuple(let items), .list(let items): found = items.contains { equal(a, $0) }
            case .string(let s):
                guard case .string(let needle) = a else {
                    throw TemplateExpressionError(message: "'in <string>' requires string as left operand")
                }
                found = needle.isEmpty || s.contains(needle)
            default: throw TemplateExpressionError(message: "argument of type '\(b.typeName)' is not iterable")
            }
            return op == "in" ? found : !found
        default:
            switch (a, b) {
            case (.int(let x), .int(let y)):
                return op == "<" ? x < y : op == ">" ? x > y : op == "<=" ? x <= y : x >= y
            case (.string(let x), .string(let y)):
                let (ux, uy) = (Array(x.unicodeScalars.map(\.value)), Array(y.unicodeScalars.map(\.value)))
                let less = ux.lexicographicallyPrecedes(uy)
                let greater = uy.lexicographicallyPrecedes(ux)
                return op == "<" ? less : op == ">" ? greater : op == "<=" ? !greater : !less
            default:
                throw TemplateExpressionError(message: "'\(op)' not supported between '\(a.typeName)' and '\(b.typeName)'")
            }
        }
    }

    private func equal(_ a: TemplateValue, _ b: TemplateValue) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.bool(let x), .int(let y)), (.int(let y), .bool(let x)): return (x ? 1 : 0) == y
        case (.string(let x), .string(let y)): return x == y
        case (.tuple(let x), .tuple(let y)), (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        default: return false
        }
    }

    private func attribute(_ base: TemplateValue, _ name: String) throws(TemplateExpressionError) -> TemplateValue {
        switch base {
        case .object("context") where name == "get":
            return .function(name: "context.get", bound: [])
        case .object("config"):
            switch name {
            case "get_main_option", "get_section_option", "get_alembic_option":
                return .function(name: "config.\(name)", bound: [])
            case "config_ini_section": return .string(config.mainSection)
            default: break
            }
        case .module("re") where name == "split" || name == "sub":
            return .function(name: "re.\(name)", bound: [])
        case .string:
            let methods: Set<String> = [
                "join", "split", "strip", "lstrip", "rstrip", "lower", "upper", "replace", "startswith", "endswith", "title", "capitalize",
            ]
            if methods.contains(name) { return .function(name: "str.\(name)", bound: [base]) }
        case .undefined(let undefinedName):
            throw TemplateExpressionError(
                message: "'\(undefinedName)' is undefined, so '\(undefinedName).\(name)' fails (Mako's UNDEFINED has no attributes)")
        default: break
        }
        throw TemplateExpressionError(message: "attribute '\(name)' of \(base.typeName) is not supported")
    }

    private func call(_ function: TemplateValue, _ args: [TemplateValue], _ named: [String: TemplateValue]) throws(TemplateExpressionError)
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

    /// Why rendering `value` as text fails, as Mako would fail.
    static func renderFailure(_ value: TemplateValue) -> String {
        if case .undefined(let name) = value {
            return "'\(name)' is undefined; Mako raises NameError when rendering an undefined name (alembic merge fails the same way)"
        }
        return "cannot render a \(value.typeName) as text"
    }

    private static func undefinedHint(_ value: TemplateValue?) -> String {
        if case .undefined(let name)? = value { return "'\(name)' is undefined in this template" }
        return "Python would print an object address"
    }
}
