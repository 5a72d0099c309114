import CLibPQ
import Foundation

/// One row of a query result, read in place (`PQgetvalue`) while `PGConnection` hands it out; it
/// must not outlive the callback it was passed to.
struct PGRow {
    private let result: OpaquePointer
    private let index: Int32
    /// How many columns the row has.
    let columnCount: Int

    init(result: OpaquePointer, index: Int32, columnCount: Int) {
        self.result = result
        self.index = index
        self.columnCount = columnCount
    }

    /// The value in `column` as text, `nil` for SQL NULL.
    subscript(column: Int) -> String? {
        let field = Int32(column)
        if PQgetisnull(result, index, field) == 1 { return nil }
        return String(cString: PQgetvalue(result, index, field))
    }

    /// Whether this row and `other` (of the same result) hold the same values in `columns`,
    /// compared as bytes without creating strings.
    func hasSameValues(as other: PGRow, columns: Range<Int>) -> Bool {
        for column in columns {
            let field = Int32(column)
            let null = PQgetisnull(result, index, field)
            if null != PQgetisnull(other.result, other.index, field) { return false }
            if null == 1 { continue }
            let length = PQgetlength(result, index, field)
            if length != PQgetlength(other.result, other.index, field) { return false }
            if memcmp(PQgetvalue(result, index, field), PQgetvalue(other.result, other.index, field), Int(length)) != 0 {
                return false
            }
        }
        return true
    }
}
