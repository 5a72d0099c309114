import Foundation
import Testing

@testable import MigcheckCore

/// `ScratchDatabase.onServer`: a database of its own on someone else's server, dropped afterwards,
/// with the named database left alone. The "server" is an ephemeral cluster.
@Suite(.sharedCluster) struct ServerModeTests {
    @Test func createsAndDropsItsOwnDatabaseOnly() throws {
        let server = try SharedCluster.cluster()
        let admin = try server.connect()
        try admin.execute("CREATE TABLE IF NOT EXISTS server_mode_marker (id int PRIMARY KEY)")
        let databaseOnly = SnapshotOptions(includeRoles: false)  // roles are cluster-wide; other tests add some
        let before = try SchemaSnapshot.capture(admin, options: databaseOnly)

        let url = server.sqlalchemyURL(driver: "asyncpg") + "&ssl=disable&command_timeout=30"
        let scratch = try ScratchDatabase.onServer(url: url)
        #expect(scratch.location == .server)
        #expect(scratch.databaseName.hasPrefix("migcheck_"))
        #expect(scratch.databaseName != server.databaseName)
        #expect(scratch.sqlalchemyURL().hasPrefix("postgresql+asyncpg://"))
        #expect(scratch.sqlalchemyURL().contains("/\(scratch.databaseName)?"))
        #expect(scratch.sqlalchemyURL().contains("ssl=disable&command_timeout=30"))
        #expect(!scratch.libpqURL.contains("command_timeout"))
        #expect(scratch.libpqURL.contains("sslmode=disable"))

        let connection = try scratch.connect()
        #expect(try connection.queryValue("SELECT current_database()") == scratch.databaseName)
        try connection.execute("CREATE TABLE only_in_scratch (id int)")
        #expect(try Self.databaseExists(scratch.databaseName, admin: admin))

        scratch.dispose()  // connection is still open: WITH (FORCE) must still drop it
        #expect(try !Self.databaseExists(scratch.databaseName, admin: admin))
        #expect(try SchemaSnapshot.capture(admin, options: databaseOnly) == before)
        #expect(try admin.queryValue("SELECT count(*) FROM server_mode_marker") == "0")
    }

    @Test func unreachableServerIsAConnectionError() {
        #expect {
            try ScratchDatabase.onServer(url: "postgresql+psycopg2://nobody@/x?host=/nonexistent-socket-dir")
        } throws: { error in
            (error as? PostgresError)?.function == "PQconnectdb"
        }
    }

    @Test func siblingStartsEmptyOrAsACopy() throws {
        let original = try SharedCluster.freshDatabase()
        defer { original.dispose() }
        do {
            let connection = try original.connect()
            try connection.execute("CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)")
        }  // disconnected: a template must have no sessions
        let empty = try original.sibling()
        defer { empty.dispose() }
        let copy = try original.sibling(copying: true)
        defer { copy.dispose() }
        #expect(Set([original.databaseName, empty.databaseName, copy.databaseName]).count == 3)
        #expect(try empty.connect().queryValue("SELECT count(*) FROM pg_tables WHERE tablename = 'kept'") == "0")
        #expect(try copy.connect().queryValue("SELECT id FROM kept") == "7")
        let held = try original.connect()
        #expect {
            try original.sibling(copying: true)
        } throws: { error in
            (error as? PostgresError)?.sqlState == "55006"
        }
        _ = held
    }

    @Test func missingCreateDBPrivilegeIsExplained() throws {
        let server = try SharedCluster.cluster()
        let admin = try server.connect()
        try admin.execute(
            "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'no_createdb') THEN CREATE ROLE no_createdb LOGIN; END IF; END$$"
        )
        let url = server.libpqURL.replacingOccurrences(of: "postgresql://postgres@", with: "postgresql://no_createdb@")
        #expect {
            try ScratchDatabase.onServer(url: url)
        } throws: { error in
            let error = error as? PostgresError
            return error?.sqlState == "42501" && error?.message.contains("needs the CREATEDB privilege") == true
        }
    }

    @Test func disposeRunsFromDeinit() throws {
        let server = try SharedCluster.cluster()
        let admin = try server.connect()
        var name = ""
        do {
            let scratch = try ScratchDatabase.onServer(url: server.libpqURL)
            name = scratch.databaseName
            #expect(try Self.databaseExists(name, admin: admin))
        }
        #expect(try !Self.databaseExists(name, admin: admin))
    }

    static func databaseExists(_ name: String, admin: PGConnection) throws -> Bool {
        try admin.queryValue("SELECT count(*) FROM pg_database WHERE datname = $1", parameters: [name]) == "1"
    }
}

/// The libpq wrapper: queries, parameters, NULLs and errors carrying the server's SQLSTATE.
@Suite(.sharedCluster) struct PGConnectionTests {
    @Test func queryReturnsTextRowsAndNulls() throws {
        let connection = try SharedCluster.cluster().connect()
        let rows = try connection.query("SELECT 1, NULL::text, 'x' UNION ALL SELECT 2, 'y', NULL ORDER BY 1")
        #expect(rows == [["1", nil, "x"], ["2", "y", nil]])
        #expect(try connection.queryValue("SELECT $1::int + $2::int", parameters: ["40", "2"]) == "42")
        #expect(try connection.queryValue("SELECT $1::text IS NULL", parameters: [nil]) == "t")
        #expect(try connection.queryValue("SELECT $1::text", parameters: ["'; DROP TABLE x; --"]) == "'; DROP TABLE x; --")
        #expect(connection.serverVersion >= 130_000)
    }

    @Test func serverErrorsCarrySQLStateAndFunction() throws {
        let connection = try SharedCluster.cluster().connect()
        do {
            try connection.execute("SELECT * FROM no_such_table")
            Issue.record("expected an error")
        } catch let error as PostgresError {
            #expect(error.function == "PQexec")
            #expect(error.sqlState == "42P01")
            #expect(error.message.contains("no_such_table"))
            #expect(error.description.hasSuffix("(SQLSTATE 42P01)"))
        }
        // The connection is still usable after an error.
        #expect(try connection.queryValue("SELECT 'ok'") == "ok")
    }

    @Test func badConninfoFailsWithLibpqMessage() {
        #expect {
            try PGConnection(conninfo: "postgresql://u@/d?bogus_option=1")
        } throws: { error in
            let error = error as? PostgresError
            return error?.function == "PQconnectdb" && error?.message.contains("bogus_option") == true
        }
    }

    @Test func preparedStatementsArePreparedOnceAndReused() throws {
        let connection = try SharedCluster.cluster().connect()
        let sql = "SELECT $1::int * 2, NULL::text UNION ALL SELECT $1::int * 3, 'z' ORDER BY 1"
        #expect(try connection.queryPrepared(name: "double_it", sql, parameters: ["2"]) == [["4", nil], ["6", "z"]])
        #expect(try connection.queryPrepared(name: "double_it", sql, parameters: ["5"]) == [["10", nil], ["15", "z"]])
        let prepared = try connection.query("SELECT name FROM pg_prepared_statements").compactMap { $0.first ?? nil }
        #expect(prepared == ["double_it"])

        // Rows handed out in place: same-value comparison without strings, NULLs included.
        var same: [Bool] = []
        var previous: PGRow?
        try connection.queryPrepared(
            name: "rows", "SELECT * FROM (VALUES ('a', NULL), ('a', NULL), ('a', 'b'), ('ab', 'b')) v(x, y)", parameters: []
        ) { row in
            if let previous { same.append(row.hasSameValues(as: previous, columns: 0..<2)) }
            previous = row
        }
        #expect(same == [true, false, false])

        // A statement that fails to prepare throws, names PQprepare, and leaves the connection usable.
        #expect {
            try connection.queryPrepared(name: "broken", "SELECT FROM WHERE", parameters: [])
        } throws: { error in
            (error as? PostgresError)?.function == "PQprepare" && (error as? PostgresError)?.sqlState == "42601"
        }
        #expect(try connection.queryPrepared(name: "double_it", sql, parameters: ["1"]).first == ["2", nil])
    }

    @Test func quoteIdentifierQuotesWhenNeeded() throws {
        let connection = try SharedCluster.cluster().connect()
        #expect(try connection.quoteIdentifier("Users") == "\"Users\"")
        #expect(try connection.quoteIdentifier("a\"b") == "\"a\"\"b\"")
    }
}
