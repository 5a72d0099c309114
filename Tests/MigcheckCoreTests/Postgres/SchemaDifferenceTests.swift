import Foundation
import MigcheckCore
import Testing

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

    @Test func nullabilityReadsNaturally() {
        let relaxed = SchemaDifference(
            change: .changed, kind: "column", identity: "public.t.c", field: "not null", before: "true", after: "false")
        #expect(relaxed.changePhrase == "became nullable")
        let tightened = SchemaDifference(
            change: .changed, kind: "column", identity: "public.t.c", field: "not null", before: "false", after: "true")
        #expect(tightened.changePhrase == "became NOT NULL")
    }

    @Test func orderIsByKindThenIdentityThenField() {
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
                "column public.b.x: position changed from 1 to 2",
                "column public.b.x: type changed from integer to bigint",
                "index public.ix_gone is missing",
                "trigger public.a.trg is left behind",
                "collation public.ci is left behind",
                "zzz custom x is left behind",
            ])
        // Same result whatever order the objects were given in.
        let shuffled = SchemaSnapshot(objects: after.objects.reversed())
        #expect(shuffled == after)
        #expect(shuffled.differences(from: before) == after.differences(from: before))
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
