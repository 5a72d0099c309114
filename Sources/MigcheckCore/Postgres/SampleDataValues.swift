import Foundation

/// Text values for generated rows, in PostgreSQL's input syntax for the column's type.
///
/// A value depends on the row number (so keys are distinct per row), the column's position (so
/// `CHECK (ends_at > starts_at)` holds for columns declared in that order) and the attempt: each
/// retry after a failed insert tries another *shape* (0-based, negative, larger, another text
/// form, a CHECK constraint's own literals), and every fifth attempt moves to another range of
/// numbers so rows do not collide with rows already in the table.
enum SampleDataValues {
    /// How many shapes the generator cycles through.
    static let shapes = 5

    /// Where a value is asked for.
    struct Slot {
        /// The row number in the table (0-based, counting rows already there).
        var row: Int
        /// The attempt (0 first).
        var attempt: Int
        /// The column's 0-based position among the table's columns.
        var position: Int
        /// String literals of CHECK constraints that mention the column (`status IN ('a', 'b')`).
        var hints: [String] = []

        var shape: Int { attempt % SampleDataValues.shapes }
        /// The row's number, 1-based, moved by 1000 for every round of shapes.
        var number: Int { row + 1 + (attempt / SampleDataValues.shapes) * 1000 }
    }

    /// The value for `column` at `slot`, or `nil` when migcheck cannot write the type.
    static func value(_ column: SampleDataCatalog.Column, _ slot: Slot) -> String? {
        if column.category == "A" {
            guard let element = column.element, let category = column.elementCategory else { return nil }
            if slot.shape == 4 { return "{}" }
            var inner = column
            inner.type = element
            inner.category = category
            guard let item = value(inner, slot) else { return nil }
            let escaped = item.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "{\"\(escaped)\"}"
        }
        if column.category == "E", let labels = column.labels, !labels.isEmpty {
            return labels[(slot.number - 1 + slot.shape) % labels.count]
        }
        if column.category == "S" || column.type == "citext" { return text(column, slot) }
        return scalar(column.type, typmod: column.typmod, slot)
    }

    /// Numbers, times and the other fixed-format types.
    private static func scalar(_ type: String, typmod: Int, _ slot: Slot) -> String? {
        let n = integer(slot)
        switch type {
        case "int2": return String(n % 30000)
        case "int4", "int8", "oid": return String(n)
        case "float4", "float8": return "\(n).5"
        case "money": return "\(n).25"
        case "numeric": return numeric(n, typmod: typmod)
        case "bool": return (slot.number + slot.shape) % 2 == 1 ? "true" : "false"
        case "uuid": return String(format: "%08x-%04x-4000-8000-%012x", slot.shape, slot.position, slot.number)
        case "json", "jsonb": return ["{\"migcheck\": \(n)}", "[\(n)]", "\"v\(n)\"", "\(n)", "{}"][slot.shape]
        case "date": return day(slot)
        case "timestamp", "timestamptz": return "\(day(slot)) \(clock(slot))"
        case "time", "timetz": return clock(slot)
        case "interval": return "\(n) minutes"
        case "bytea": return String(format: "\\x%08x", slot.number + slot.shape * 100_000)
        case "inet": return "10.\(slot.shape).\(slot.number / 256 % 256).\(slot.number % 256)"
        case "cidr": return "10.\(slot.number % 256).\(slot.shape).0/24"
        case "macaddr": return String(format: "08:00:2b:%02x:%02x:%02x", slot.shape, slot.number / 256 % 256, slot.number % 256)
        case "bit", "varbit": return bits(slot.number, length: typmod > 0 ? typmod : nil)
        case "tsvector", "tsquery": return "word\(slot.number)"
        case "xml": return "<row n=\"\(n)\"/>"
        case "point": return "(\(n),\(slot.position))"
        case "int4range", "int8range", "numrange": return "[\(n),\(n + 10))"
        case "daterange": return "[\(day(slot)),\(day(slot, plus: 30)))"
        case "tsrange", "tstzrange": return "[\"\(day(slot)) 00:00\",\"\(day(slot, plus: 1)) 00:00\")"
        case "char": return String(UnicodeScalar(UInt8(97 + slot.number % 26)))
        default: return nil
        }
    }

    /// Integers per shape: 1.., offset by position, 0.., negative, large.
    private static func integer(_ slot: Slot) -> Int {
        let n = slot.number
        switch slot.shape {
        case 0: return n
        case 1: return n + slot.position * 10
        case 2: return n - 1
        case 3: return -n
        default: return n * 100
        }
    }

    /// Text per shape, cut to the column's length keeping the row number (so values stay distinct).
    private static func text(_ column: SampleDataCatalog.Column, _ slot: Slot) -> String {
        let n = slot.number
        var shape = slot.shape
        if !slot.hints.isEmpty { shape = shape == 0 ? 1 : shape == 1 ? 0 : shape }
        let value: String
        switch shape {
        case 0: value = "\(column.name)_\(n)"
        case 1: value = slot.hints.isEmpty ? "\(column.name) \(n)" : slot.hints[(n - 1) % slot.hints.count]
        case 2: value = "c\(n)@example.com"
        case 3: value = "\(column.name.uppercased())_\(n)"
        default: value = String(n)
        }
        let limit = (column.type == "varchar" || column.type == "bpchar") && column.typmod > 4 ? column.typmod - 4 : Int.max
        guard value.count > limit else { return value }
        let digits = String(n)
        if digits.count >= limit { return String(digits.suffix(limit)) }
        return String(value.prefix(limit - digits.count)) + digits
    }

    /// `numeric(p, s)`: the integer part kept within p - s digits.
    private static func numeric(_ n: Int, typmod: Int) -> String {
        guard typmod >= 4 else { return "\(n).5" }
        let precision = ((typmod - 4) >> 16) & 0xffff
        let scale = (typmod - 4) & 0xffff
        let whole = precision - scale
        guard whole > 0 else { return n < 0 ? "-0.\(abs(n) % 10)" : "0.\(n % 10)" }
        let bound = whole >= 18 ? Int.max : Int(pow(10.0, Double(whole))) - 1
        let part = n < 0 ? -(abs(n) % (bound + 1)) : n % (bound + 1)
        return scale > 0 ? "\(part).5" : String(part)
    }

    /// A date: 2024-01-01 plus the row number in days (shape 3: in the past, 4: in the future).
    private static func day(_ slot: Slot, plus: Int = 0) -> String {
        let base = [1_704_067_200.0, 1_704_067_200.0, 1_704_067_200.0, 631_152_000.0, 3_786_912_000.0][slot.shape]
        let days = Double(slot.number - 1 + plus + (slot.shape == 1 ? slot.position : 0))
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date(timeIntervalSince1970: base + days * 86_400))
    }

    /// A time of day that grows with the column's position (later columns, later times).
    private static func clock(_ slot: Slot) -> String {
        String(format: "%02d:%02d:00", (8 + slot.position) % 24, (slot.number + slot.shape * 7) % 60)
    }

    /// `n` in binary, padded or cut to `length` bits.
    private static func bits(_ n: Int, length: Int?) -> String {
        let binary = String(n, radix: 2)
        guard let length else { return binary }
        if binary.count >= length { return String(binary.suffix(length)) }
        return String(repeating: "0", count: length - binary.count) + binary
    }
}
