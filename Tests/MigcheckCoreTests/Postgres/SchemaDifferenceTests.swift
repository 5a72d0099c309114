import Foundation
import Testing

@testable import MigcheckCore

/// Rendering and ordering of differences, on hand-built snapshots (no server needed).
@Suite struct SchemaDifferenceTests {
    @Test func phrasesCompose() {
        let leftBehind = SchemaDifference(change: .added, kind: "type", identity: "public.mood")
        #expect(leftBehind.objectPhrase == "type public.mood")
        #expect(leftBehind.changePhrase == "is left behind")
        #expect(leftBehind.description == "type public.mood is left behind")
        #expect(
            "\(leftBehind) by the downgrade of 3f2a91c0d4e1 (add mood)"
                == "type public.mood is left behind by the downgrade of 3f2a91c0d4e1 (add mood)")

        let missing = SchemaDifference(change: .removed, kind: "index", identity: "public.ix_users_name")
        #expect(missing.description == "index public.ix_users_name is missing")

        let moved = SchemaDifference(
            change: .changed, kind: "column", identity: "public.users.email", field: "position", before: "2", after: "3")
        #expect(moved.description == "column public.users.email: position changed from 2 to 3")
    }

    @Test func longValuesAreSummarised() {
        let body = "CREATE OR REPLACE FUNCTION public.f()\n RETURNS integer\n LANGUAGE sql\nAS $function$SELECT 1$function$\n"
        let changed = SchemaDifference(
            change: .changed, kind: "function", identity: "public.f()", field: "definition", before: body, after: body + " ")
        #expect(changed.description == "function public.f(): definition changed")
        #expect(changed.hasLongValues)
        let appeared = SchemaDifference(change: .changed, kind: "view", identity: "public.v", field: "definition", before: nil, after: body)
        #expect(appeared.changePhrase == "definition was added")
    }

    @Test func listAttributesReportEntries() {
        let grants = SchemaDifference(
            change: .changed, kind: "table", identity: "public.t", field: "grants",
            before: #"["postgres=arwdDxt/postgres", "app=r/postgres"]"#, after: #"["postgres=arwdDxt/postgres", "app=rw/postgres"]"#
        )
        #expect(grants.changePhrase == "grants changed: added app=rw/postgres; removed app=r/postgres")
        // Enum labels keep their order, so they are not a set.
        let labels = SchemaDifference(
            change: .changed, kind: "type", identity: "public.mood", field: "labels",
            before: #"["a", "b"]"#, after: #"["b", "a"]"#)
        #expect(labels.changePhrase == #"labels changed from ["a", "b"] to ["b", "a"]"#)
    }

    /// Long label lists used to read "labels changed" without naming one.
    @Test func longEnumLabelsAreNamed() {
        let many = (1...12).map { "\"status_number_\($0)\"" }
        let before = "[" + many.joined(separator: ", ") + "]"
        let after = "[" + (many + ["\"archived\""]).joined(separator: ", ") + "]"
        let added = SchemaDifference(change: .changed, kind: "type", identity: "public.s", field: "labels", before: before, after: after)
        #expect(added.changePhrase == "labels changed: added archived")
        let reordered = SchemaDifference(
            change: .changed, kind: "type", identity: "public.s", field: "labels", before: before,
            after: "[" + many.reversed().joined(separator: ", ") + "]")
        #expect(reordered.changePhrase.hasPrefix("labels reordered from status_number_1, status_number_2"))
        #expect(
            reordered.changePhrase.hasSuffix(
                "to status_number_12, status_number_11, status_number_10, status_number_9, status_number_8, status_number_7, status_number_6, status_number_5, status_number_4, status_number_3, status_number_2, status_number_1"
            ))
    }

    /// A function re-created with other indentation or line breaks is the same function; a change
    /// inside a string literal, or of a token, is not.
    @Test func functionBodyWhitespaceIsNotADefinitionChange() {
        func function(_ body: String) -> SchemaSnapshot {
            SchemaSnapshot(objects: [
                SchemaObject(
                    kind: "function", identity: "public.f()",
                    attributes: [
                        "definition":
                            "CREATE OR REPLACE FUNCTION public.f()\n RETURNS text\n LANGUAGE plpgsql\nAS $function$\(body)$function$\n"
                    ])
            ])
        }
        let original = function("\nBEGIN\n    RETURN 'a  b' || x;\nEND;\n")
        #expect(function("\n  BEGIN\n\tRETURN 'a  b'||x;\n  END;").differences(from: original).isEmpty)
        #expect(
            function("BEGIN RETURN 'a b' || x; END;").differences(from: original).map(\.description) == [
                "function public.f(): definition changed"
            ])
        #expect(function("BEGIN RETURN 'a  b' || y; END;").differences(from: original).count == 1)
        // A line break that ends a `--` comment matters.
        let commented = function("BEGIN\n-- note\nRETURN 'a  b' || x; END;")
        #expect(function("BEGIN\n-- note RETURN 'a  b' || x; END;").differences(from: commented).count == 1)
        // Views are deparsed by PostgreSQL: compared as they are.
        let view = SchemaSnapshot(objects: [SchemaObject(kind: "view", identity: "public.v", attributes: ["definition": "SELECT 1"])])
        let spaced = SchemaSnapshot(objects: [SchemaObject(kind: "view", identity: "public.v", attributes: ["definition": "SELECT  1"])])
        #expect(spaced.differences(from: view).count == 1)
    }

    @Test func nullabilityReadsNaturally() {
        let relaxed = SchemaDifference(
            change: .changed, kind: "column", identity: "public.t.c", field: "not null", before: "true", after: "false")
        #expect(relaxed.changePhrase == "became nullable")
        let tightened = SchemaDifference(
            change: .changed, kind: "column", identity: "public.t.c", field: "not null", before: "false", after: "true")
        #expect(tightened.changePhrase == "became NOT NULL")
    }

    @Test func orderIsBySignificanceThenKindThenIdentityThenField() {
        let before = SchemaSnapshot(objects: [
            SchemaObject(kind: "column", identity: "public.b.x", attributes: ["position": "1", "type": "integer"]),
            SchemaObject(kind: "index", identity: "public.ix_gone"),
        ])
        let after = SchemaSnapshot(objects: [
            SchemaObject(kind: "trigger", identity: "public.a.trg"),
            SchemaObject(kind: "column", identity: "public.b.x", attributes: ["position": "2", "type": "bigint"]),
            SchemaObject(kind: "zzz custom", identity: "x"),
            SchemaObject(kind: "collation", identity: "public.ci"),
            SchemaObject(kind: "type", identity: "public.mood"),
            SchemaObject(kind: "schema", identity: "billing"),
        ])
        #expect(
            after.differences(from: before).map(\.description) == [
                "schema billing is left behind",
                "type public.mood is left behind",
                "index public.ix_gone is missing",
                "trigger public.a.trg is left behind",
                "collation public.ci is left behind",
                "zzz custom x is left behind",
                "column public.b.x: type changed from integer to bigint",
                "column public.b.x: position changed from 1 to 2",
            ])
        // Same result whatever order the objects were given in.
        let shuffled = SchemaSnapshot(objects: after.objects.reversed())
        #expect(shuffled == after)
        #expect(shuffled.differences(from: before) == after.differences(from: before))
    }

    @Test("snapshots read in groups compare by their objects, whatever group or order holds them")
    func groupedSnapshotsCompareByObjects() {
        let table = SchemaObject(kind: "table", identity: "public.a", attributes: ["owner": "app"])
        let column = SchemaObject(kind: "column", identity: "public.a.id", attributes: ["type": "integer"])
        let type = SchemaObject(kind: "type", identity: "public.mood", attributes: ["labels": #"["a"]"#])
        let read = SchemaSnapshot(groups: ["16384": [table, column], "": [type]])
        // The table dropped and created again: another OID, the objects in another order.
        let again = SchemaSnapshot(groups: ["16999": [column, table], "": [type]])
        #expect(read == again)
        #expect(read == SchemaSnapshot(objects: [type, column, table]))
        #expect(read.objects == SchemaSnapshot(objects: [type, column, table]).objects)
        #expect(read.differences(from: again).isEmpty)
        let widened = SchemaObject(kind: "column", identity: "public.a.id", attributes: ["type": "bigint"])
        let altered = SchemaSnapshot(groups: ["16384": [table, widened], "": [type]])
        #expect(altered != read)
        #expect(altered.differences(from: read).map(\.description) == ["column public.a.id: type changed from integer to bigint"])
        let missing = SchemaSnapshot(groups: ["16384": [table], "": [type]])
        #expect(missing != read)
        #expect(SchemaSnapshot(groups: ["16384": [table, column]]) != read)
        #expect(read["column", "public.a.id"] == column)
    }

    @Test func differencesAndSnapshotsRoundTripThroughJSON() throws {
        let snapshot = SchemaSnapshot(objects: [SchemaObject(kind: "type", identity: "public.mood", attributes: ["labels": #"["a"]"#])])
        let decoded = try JSONDecoder().decode(SchemaSnapshot.self, from: JSONEncoder().encode(snapshot))
        #expect(decoded == snapshot)
        let difference = SchemaDifference(
            change: .changed, kind: "column", identity: "public.t.c", field: "position", before: "1", after: "2")
        let json = try JSONEncoder().encode(difference)
        #expect(try JSONDecoder().decode(SchemaDifference.self, from: json) == difference)
        #expect(String(decoding: json, as: UTF8.self).contains(#""change":"changed""#))
    }

    @Test func partsOfAMissingTableAreNotListed() {
        let before = SchemaSnapshot(objects: [
            SchemaObject(kind: "table", identity: "public.users"),
            SchemaObject(kind: "column", identity: "public.users.id"),
            SchemaObject(kind: "constraint", identity: "public.users.users_pkey"),
            SchemaObject(kind: "index", identity: "public.ix_users", attributes: ["table": "public.users"]),
            SchemaObject(kind: "sequence", identity: "public.users_id_seq", attributes: ["owned by": "public.users.id"]),
            SchemaObject(kind: "sequence", identity: "public.free_seq"),
            SchemaObject(kind: "column", identity: "public.users_archive.id"),
        ])
        let after = SchemaSnapshot(objects: [])
        #expect(
            after.differences(from: before).map(\.description) == [
                "sequence public.free_seq is missing",
                "table public.users is missing",
                "column public.users_archive.id is missing",
            ])
    }
}

/// Registering, running and forgetting cleanups (signals are covered end to end).
@Suite struct CleanupRegistryTests {
    @Test func runsOnceAndForgets() {
        let counter = CleanupCounter()
        let token = CleanupRegistry.register { counter.increment() }
        CleanupRegistry.run(token)
        CleanupRegistry.run(token)
        #expect(counter.value == 1)
        let forgotten = CleanupRegistry.register { counter.increment() }
        CleanupRegistry.unregister(forgotten)
        CleanupRegistry.run(forgotten)
        #expect(counter.value == 1)
    }
}

/// A thread-safe counter for cleanup closures.
final class CleanupCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
