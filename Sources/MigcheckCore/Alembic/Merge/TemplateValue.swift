import Foundation

/// A Python value as far as Alembic's `script.py.mako` templates use them.
///
/// Templates see strings, `None`, tuples of revision ids, the create date, a few callables
/// (`repr`, `comma`, `context.get`, `config.get_main_option`, `re.split`) and Mako's `UNDEFINED`.
indirect enum TemplateValue: Sendable {
    /// Python `None`.
    case none
    /// Mako's `UNDEFINED`: falsy, and an error when rendered.
    case undefined(name: String)
    /// `True` / `False`.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A `str`.
    case string(String)
    /// A tuple.
    case tuple([TemplateValue])
    /// A list.
    case list([TemplateValue])
    /// A `datetime.datetime`; `text` is what `str()` gives.
    case datetime(text: String)
    /// A built-in or bound callable, by name (`repr`, `comma`, `context.get`, `str.join`...).
    case function(name: String, bound: [TemplateValue])
    /// A module imported in a `<%! %>` block.
    case module(String)
    /// An object such as `config` or `context`, by name.
    case object(String)

    /// Python truthiness (`UNDEFINED` is false, as Mako defines it).
    var isTruthy: Bool {
        switch self {
        case .none, .undefined: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .string(let s): return !s.isEmpty
        case .tuple(let items), .list(let items): return !items.isEmpty
        case .datetime, .function, .module, .object: return true
        }
    }

    /// The Python type name, for error messages.
    var typeName: String {
        switch self {
        case .none: return "NoneType"
        case .undefined: return "Undefined"
        case .bool: return "bool"
        case .int: return "int"
        case .string: return "str"
        case .tuple: return "tuple"
        case .list: return "list"
        case .datetime: return "datetime.datetime"
        case .function: return "function"
        case .module: return "module"
        case .object(let name): return name
        }
    }

    /// Python `repr()`; `nil` for values whose repr is an object address (never stable output).
    var pythonRepr: String? {
        switch self {
        case .none: return "None"
        case .undefined: return nil
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .string(let s): return Self.reprString(s)
        case .tuple(let items):
            let parts = items.map { $0.pythonRepr }
            if parts.contains(where: { $0 == nil }) { return nil }
            let inner = parts.map { $0! }
            return inner.count == 1 ? "(\(inner[0]),)" : "(\(inner.joined(separator: ", ")))"
        case .list(let items):
            let parts = items.map { $0.pythonRepr }
            if parts.contains(where: { $0 == nil }) { return nil }
            return "[\(parts.map { $0! }.joined(separator: ", "))]"
        case .datetime, .function, .module, .object: return nil
        }
    }

    /// Python `str()`; `nil` where Python's result is not stable or raises (`UNDEFINED`).
    var pythonStr: String? {
        switch self {
        case .string(let s): return s
        case .datetime(let text): return text
        default: return pythonRepr
        }
    }

    /// Python's `repr()` of a `str`: quote choice and escapes as CPython writes them.
    static func reprString(_ s: String) -> String {
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(scalar) == quote {
                    out += "\\\(quote)"
                } else if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x100 {
                    out += String(format: "\\x%02x", scalar.value)
                } else if scalar.value < 0x10000 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out += String(format: "\\U%08x", scalar.value)
                }
            }
        }
        out.append(quote)
        return out
    }

    /// CPython's `str.isprintable()` for one character.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
            .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }
}
