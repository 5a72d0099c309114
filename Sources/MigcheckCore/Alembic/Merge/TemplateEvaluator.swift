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
            return .int(try Self.checked(Int(0).subtractingReportingOverflow(n), "-"))
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
        case ("+", .string(let x), .string(let y)):
            try Self.checkSize(x.utf8.count + y.utf8.count)
            return .string(x + y)
        case ("+", .int(let x), .int(let y)): return .int(try Self.checked(x.addingReportingOverflow(y), op))
        case ("-", .int(let x), .int(let y)): return .int(try Self.checked(x.subtractingReportingOverflow(y), op))
        case ("*", .int(let x), .int(let y)): return .int(try Self.checked(x.multipliedReportingOverflow(by: y), op))
        case ("*", .string(let x), .int(let n)):
            let count = max(n, 0)
            let (size, overflow) = x.utf8.count.multipliedReportingOverflow(by: count)
            try Self.checkSize(overflow ? Int.max : size)
            return .string(String(repeating: x, count: count))
        case ("+", .tuple(let x), .tuple(let y)): return .tuple(x + y)
        case ("+", .list(let x), .list(let y)): return .list(x + y)
        default:
            throw TemplateExpressionError(message: "unsupported operand types for \(op): '\(a.typeName)' and '\(b.typeName)'")
        }
    }

    /// The largest string an expression may build: a revision file's template has no use for
    /// more, and a hostile one must not exhaust memory.
    static let maxStringBytes = 1 << 20

    static func checkSize(_ bytes: Int) throws(TemplateExpressionError) {
        guard bytes <= maxStringBytes else {
            throw TemplateExpressionError(message: "the result would be \(bytes) bytes; migcheck evaluates template strings up to 1 MiB")
        }
    }

    /// The result of 64-bit arithmetic, or an error where Python's unbounded integers would go on.
    static func checked(_ result: (partialValue: Int, overflow: Bool), _ op: String) throws(TemplateExpressionError) -> Int {
        guard !result.overflow else {
            throw TemplateExpressionError(message: "integer overflow in '\(op)': migcheck evaluates 64-bit integers only")
        }
        return result.partialValue
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

    /// Why rendering `value` as text fails, as Mako would fail.
    static func renderFailure(_ value: TemplateValue) -> String {
        if case .undefined(let name) = value {
            return "'\(name)' is undefined; Mako raises NameError when rendering an undefined name (alembic merge fails the same way)"
        }
        return "cannot render a \(value.typeName) as text"
    }

    static func undefinedHint(_ value: TemplateValue?) -> String {
        if case .undefined(let name)? = value { return "'\(name)' is undefined in this template" }
        return "Python would print an object address"
    }
}
