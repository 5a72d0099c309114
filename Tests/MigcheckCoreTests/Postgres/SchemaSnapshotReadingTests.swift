import Foundation
import Testing

@testable import MigcheckCore

/// How changes read (issue #11): named enum labels, and function bodies compared without
/// formatting. On a real server, with the suite's `leftovers` helper.
extension SchemaSnapshotTests {
    /// A long label list used to read "labels changed" without a label.
    @Test func longEnumLabelsChangedAreNamed() throws {
        let labels = (1...10).map { "'order_status_\($0)'" }.joined(separator: ", ")
        let found = try leftovers(
            setup: "CREATE TYPE status AS ENUM (\(labels))",
            upgrade: "ALTER TYPE status ADD VALUE 'archived'"
        )
        #expect(found == ["type public.status: labels changed: added archived"])
    }

    /// pg_get_functiondef keeps the body as typed: re-creating it with other indentation and line
    /// breaks is not a definition change; a changed literal is.
    @Test func functionBodyWhitespaceIsNotAChange() throws {
        let setup = """
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.note := 'a  b';
                RETURN NEW;
            END;
            $$
            """
        let reformatted =
            "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN\n\tNEW.note:='a  b'; RETURN NEW; END; $$"
        #expect(try leftovers(setup: setup, upgrade: reformatted) == [])
        let changed =
            "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.note := 'a b'; RETURN NEW; END; $$"
        #expect(try leftovers(setup: setup, upgrade: changed) == ["function public.touch(): definition changed"])
    }
}
