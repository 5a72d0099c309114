import Testing

@testable import MigcheckCore

/// Column position changes told once per table.
@Suite struct ColumnOrderSummaryTests {
    func moved(_ column: String, _ before: Int, _ after: Int, table: String = "public.t") -> SchemaDifference {
        SchemaDifference(
            change: .changed, kind: "column", identity: "\(table).\(column)", field: "position", before: "\(before)", after: "\(after)")
    }

    @Test func oneColumnReAddedAtTheEnd() throws {
        // c3 of c1…c6 dropped and added again: it is now 6th, c4…c6 move up.
        let differences = [moved("c3", 3, 6), moved("c4", 4, 3), moved("c5", 5, 4), moved("c6", 6, 5)]
        let other = SchemaDifference(change: .removed, kind: "index", identity: "public.ix")
        let (summaries, others) = ColumnOrderSummary.split(differences.reversed() + [other])
        #expect(others == [other])
        try #require(summaries.count == 1)
        #expect(summaries[0].subject == "column public.t.c3 is re-created at the end of the table instead of position 3")
        #expect(summaries[0].tail == "; 3 columns after it shift")
        #expect(summaries[0].recreated)
        #expect(summaries[0].changes.map(\.identity) == ["public.t.c3", "public.t.c4", "public.t.c5", "public.t.c6"])
        let last = ColumnOrderSummary.split([moved("c5", 5, 6), moved("c6", 6, 5)]).summaries[0]
        #expect(last.tail == "; 1 column after it shifts")
    }

    @Test func severalColumnsAndSeveralTables() {
        let differences = [
            moved("a", 2, 4), moved("b", 3, 5), moved("c", 4, 2), moved("d", 5, 3),
            moved("x", 1, 2, table: "public.u"), moved("y", 2, 1, table: "public.u"),
        ]
        let summaries = ColumnOrderSummary.split(differences).summaries
        #expect(summaries.map(\.table) == ["public.t", "public.u"])
        #expect(summaries[0].subject == "columns public.t.a, public.t.b are re-created at the end of the table instead of positions 2, 3")
        #expect(summaries[0].tail == "; 2 columns after them shift")
        #expect(summaries[1].subject == "column public.u.x is re-created at the end of the table instead of position 1")
    }

    @Test func otherReorderingsAreCountedNotExplained() {
        // A column missing: the ones after it move up, nothing went to the end.
        let shifted = ColumnOrderSummary.split([moved("c", 3, 2), moved("d", 4, 3)]).summaries[0]
        #expect(shifted.subject == "2 columns of table public.t changed position")
        #expect(!shifted.recreated)
        #expect(shifted.changes.count == 2)
        // A table rebuilt in another order: moves that do not end at the table's end.
        let rebuilt = ColumnOrderSummary.split([moved("a", 1, 2), moved("b", 2, 1), moved("c", 3, 4), moved("d", 4, 3)]).summaries[0]
        #expect(rebuilt.subject == "4 columns of table public.t changed position")
    }

    @Test func quotedIdentifiersKeepTheirDots() {
        #expect(ColumnOrderSummary.tableIdentity(ofColumn: #"public."a.b"."c.d""#) == #"public."a.b""#)
        #expect(ColumnOrderSummary.tableIdentity(ofColumn: "s.t.c") == "s.t")
    }
}
