import CLibPQ
import Foundation

/// One libpq connection (`PGconn`), closed with `PQfinish` when the object goes away.
///
/// Calls are serialised with a lock, so a connection may be handed between threads, but it runs one
/// command at a time. Server notices (e.g. "table does not exist, skipping") are discarded rather
/// than printed on migcheck's standard error.
public final class PGConnection: @unchecked Sendable {
    private var handle: OpaquePointer
    /// The connection string, for ``closed(during:)``.
    private let conninfo: String
    private let lock = NSLock()
    /// Names of the statements prepared on this connection (`queryPrepared`).
    private var prepared: Set<String> = []

    /// Connects with a libpq connection string or `postgresql://` URI.
    ///
    /// Throws `PostgresError` naming `PQconnectdb` with libpq's message when the connection fails.
    init(conninfo: String) throws {
        try LibPQ.require()
        guard let conn = PQconnectdb(conninfo) else {
            throw PostgresError(function: "PQconnectdb", message: "out of memory")
        }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(conn))
            PQfinish(conn)
            throw PostgresError(function: "PQconnectdb", message: message)
        }
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        handle = conn
        self.conninfo = conninfo
    }

    /// Closes the connection, runs `body` (which must not use this connection), and connects
    /// again with the same connection string: for commands PostgreSQL refuses while anyone is
    /// connected to the database (`CREATE DATABASE ... TEMPLATE`). Prepared statements are gone
    /// afterwards (``queryPrepared`` prepares them again).
    func closed<T>(during body: () throws -> T) throws -> T {
        try lock.withLock {
            PQfinish(handle)
            prepared = []
            let outcome = Result { try body() }
            guard let conn = PQconnectdb(conninfo) else {
                throw PostgresError(function: "PQconnectdb", message: "out of memory")
            }
            handle = conn
            guard PQstatus(conn) == CONNECTION_OK else {
                throw PostgresError(function: "PQconnectdb", message: String(cString: PQerrorMessage(conn)))
            }
            PQsetNoticeProcessor(conn, { _, _ in }, nil)
            return try outcome.get()
        }
    }

    deinit {
        PQfinish(handle)
    }

    /// The server's version as an integer, e.g. 150018 for 15.18 (no query is sent).
    var serverVersion: Int {
        lock.withLock { Int(PQserverVersion(handle)) }
    }

    /// The server process serving this connection.
    var backendPID: Int32 {
        lock.withLock { PQbackendPID(handle) }
    }

    /// The database this connection is attached to (no query is sent).
    var databaseName: String {
        lock.withLock { String(cString: PQdb(handle)) }
    }

    /// Whether the connection is idle outside a transaction block.
    var isIdle: Bool {
        lock.withLock { PQtransactionStatus(handle) == PQTRANS_IDLE }
    }

    /// Runs one or more SQL commands (simple query protocol) and discards any rows.
    func execute(_ sql: String) throws {
        try lock.withLock {
            let result = PQexec(handle, sql)
            defer { PQclear(result) }
            try check(result, function: "PQexec")
        }
    }

    /// Runs one statement and returns its rows as text values (`nil` for SQL NULL).
    ///
    /// With `parameters`, the statement is sent with `PQexecParams` and may use `$1`, `$2`, ...;
    /// parameters are passed as text (`nil` = NULL) and are never spliced into the SQL.
    func query(_ sql: String, parameters: [String?] = []) throws -> [[String?]] {
        try lock.withLock {
            let result: OpaquePointer?
            let function: String
            if parameters.isEmpty {
                result = PQexec(handle, sql)
                function = "PQexec"
            } else {
                result = Self.withCStrings(parameters) { values in
                    PQexecParams(handle, sql, Int32(values.count), nil, values, nil, nil, 0)
                }
                function = "PQexecParams"
            }
            defer { PQclear(result) }
            try check(result, function: function)
            return rows(of: result)
        }
    }

    /// The rows of a successful result as text values (`nil` for SQL NULL).
    private func rows(of result: OpaquePointer?) -> [[String?]] {
        guard let result else { return [] }
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        var rows: [[String?]] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(result, row, column)))
                }
            }
            rows.append(values)
        }
        return rows
    }

    /// Runs the statement `sql` prepared under `name` and returns its rows like `query`.
    ///
    /// The statement is prepared (`PQprepare`) on first use on this connection and executed with
    /// `PQexecPrepared` afterwards, so the server parses and analyses it once. Each `name` must
    /// always be used with the same `sql`.
    func queryPrepared(name: String, _ sql: String, parameters: [String?]) throws -> [[String?]] {
        var rows: [[String?]] = []
        try queryPrepared(name: name, sql, parameters: parameters) { row in
            rows.append((0..<row.columnCount).map { row[$0] })
        }
        return rows
    }

    /// Runs the prepared statement like `queryPrepared(name:_:parameters:)` but hands each row to
    /// `body` without copying it first, so callers can skip values they have already seen
    /// (`PGRow.hasSameValues`). The rows are valid only during the call; `body` must not use the
    /// connection.
    func queryPrepared(name: String, _ sql: String, parameters: [String?], eachRow body: (PGRow) throws -> Void) throws {
        try lock.withLock {
            if !prepared.contains(name) {
                let result = PQprepare(handle, name, sql, Int32(parameters.count), nil)
                defer { PQclear(result) }
                try check(result, function: "PQprepare")
                prepared.insert(name)
            }
            let result = Self.withCStrings(parameters) { values in
                PQexecPrepared(handle, name, Int32(values.count), values, nil, nil, 0)
            }
            defer { PQclear(result) }
            try check(result, function: "PQexecPrepared")
            guard let result else { return }
            let columns = Int(PQnfields(result))
            for index in 0..<PQntuples(result) {
                try body(PGRow(result: result, index: index, columnCount: columns))
            }
        }
    }

    /// Runs a query and returns the first column of its first row (`nil` for NULL or no rows).
    func queryValue(_ sql: String, parameters: [String?] = []) throws -> String? {
        try query(sql, parameters: parameters).first?.first ?? nil
    }

    /// Quotes `name` as an SQL identifier (`"Users"`), using the connection's encoding rules.
    func quoteIdentifier(_ name: String) throws -> String {
        try lock.withLock {
            let utf8 = Array(name.utf8)
            guard let quoted = PQescapeIdentifier(handle, name, utf8.count) else {
                throw PostgresError(function: "PQescapeIdentifier", message: String(cString: PQerrorMessage(handle)))
            }
            defer { PQfreemem(quoted) }
            return String(cString: quoted)
        }
    }

    /// Throws unless `result` reports success; reads the server's message and SQLSTATE.
    private func check(_ result: OpaquePointer?, function: String) throws {
        guard let result else {
            throw PostgresError(function: function, message: String(cString: PQerrorMessage(handle)))
        }
        let status = PQresultStatus(result)
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY {
            return
        }
        var message = String(cString: PQresultErrorMessage(result))
        if message.isEmpty { message = String(cString: PQerrorMessage(handle)) }
        let sqlState = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        throw PostgresError(function: function, message: message, sqlState: sqlState)
    }

    /// Calls `body` with a C array of C strings for `values`, all valid for the duration of the call.
    private static func withCStrings<R>(_ values: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let duplicates = values.map { $0.map { strdup($0) } ?? nil }
        defer { duplicates.forEach { free($0) } }
        return body(duplicates.map { $0.map { UnsafePointer($0) } })
    }
}
