/// The column position changes of one schema comparison, told as one sentence per table.
///
/// Dropping a column and adding it again (what most downgrades of a `drop_column` do) puts it at
/// the end of its table, and every column after its old position moves up by one. Listed one by
/// one that is a line per column; this summary says what happened once: "column public.package.state_id
/// is re-created at the end of the table instead of position 8 …; 5 columns after it shift", and
/// keeps every individual change as a detail.
struct ColumnOrderSummary: Equatable {
    /// The table, schema-qualified.
    var table: String
    /// The sentence before the context (`by the downgrade of …`).
    var subject: String
    /// What follows the context, if anything (`; 5 columns after it shift`).
    var tail: String
    /// Whether columns were re-created at the end (the subject then names them).
    var recreated: Bool
    /// Every column position change in the table, by old position.
    var changes: [SchemaDifference]

    /// Splits `differences` into one summary per table with column position changes (in table
    /// order) and everything else (in the given order).
    static func split(_ differences: [SchemaDifference]) -> (summaries: [ColumnOrderSummary], others: [SchemaDifference]) {
        var byTable: [String: [SchemaDifference]] = [:]
        var others: [SchemaDifference] = []
        for difference in differences {
            if difference.isColumnPosition, let table = tableIdentity(ofColumn: difference.identity) {
                byTable[table, default: []].append(difference)
            } else {
                others.append(difference)
            }
        }
        let summaries = byTable.keys.sorted().map { table in summarise(table: table, byTable[table]!) }
        return (summaries, others)
    }

    /// The sentence for one table's position changes.
    private static func summarise(table: String, _ changes: [SchemaDifference]) -> ColumnOrderSummary {
        let moves = changes.compactMap { change -> (difference: SchemaDifference, before: Int, after: Int)? in
            guard let before = change.before.flatMap({ Int($0) }), let after = change.after.flatMap({ Int($0) }) else { return nil }
            return (change, before, after)
        }.sorted { $0.before < $1.before }
        let ordered = moves.map(\.difference)
        let recreated = moves.filter { $0.after > $0.before }
        let shifted = moves.filter { $0.after <= $0.before }
        // Re-created at the end: the columns that moved back hold the table's last positions.
        let last = moves.map(\.after).max() ?? 0
        let atEnd = !recreated.isEmpty && Set(recreated.map(\.after)) == Set((last - recreated.count + 1)...last)
        guard atEnd, moves.count == changes.count else {
            let count = changes.count
            return ColumnOrderSummary(
                table: table, subject: "\(count) column\(count == 1 ? "" : "s") of table \(table) changed position", tail: "",
                recreated: false,
                changes: ordered.count == changes.count ? ordered : changes)
        }
        let first = recreated.map(\.before).min() ?? 0
        let following = shifted.filter { $0.before > first }.count
        let subject: String
        if recreated.count == 1 {
            subject = "column \(recreated[0].difference.identity) is re-created at the end of the table instead of position \(first)"
        } else {
            let names = recreated.map(\.difference.identity).joined(separator: ", ")
            let positions = recreated.map { String($0.before) }.joined(separator: ", ")
            subject = "columns \(names) are re-created at the end of the table instead of positions \(positions)"
        }
        let pronoun = recreated.count == 1 ? "it" : "them"
        let tail: String
        switch following {
        case 0: tail = ""
        case 1: tail = "; 1 column after \(pronoun) shifts"
        default: tail = "; \(following) columns after \(pronoun) shift"
        }
        return ColumnOrderSummary(table: table, subject: subject, tail: tail, recreated: true, changes: ordered)
    }

    /// `public.package` for the column identity `public.package.state_id`: everything before the
    /// last dot outside double quotes (identities are quoted with `%I`).
    static func tableIdentity(ofColumn identity: String) -> String? {
        var quoted = false
        var lastDot: String.Index?
        var index = identity.startIndex
        while index < identity.endIndex {
            let character = identity[index]
            if character == "\"" {
                quoted.toggle()
            } else if character == ".", !quoted {
                lastDot = index
            }
            index = identity.index(after: index)
        }
        return lastDot.map { String(identity[..<$0]) }
    }
}
