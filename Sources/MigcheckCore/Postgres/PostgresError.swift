import Foundation

/// A failure reported by libpq or by the PostgreSQL server, or by migcheck's own PostgreSQL plumbing.
///
/// Carries the libpq function (or migcheck step) that failed, the library's own message text and,
/// when the server answered with an error, its SQLSTATE code.
struct PostgresError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The libpq function that failed (`PQconnectdb`, `PQexec`, ...) or the migcheck step (`initdb`).
    var function: String
    /// `PQerrorMessage` / `PQresultErrorMessage` text, trimmed, or migcheck's own explanation.
    var message: String
    /// The five-character SQLSTATE the server reported (`42P01` = undefined table), if any.
    var sqlState: String?

    /// Creates an error; `message` is trimmed of surrounding whitespace.
    init(function: String, message: String, sqlState: String? = nil) {
        self.function = function
        self.message = message.trimmingCharacters(in: .whitespacesAndNewlines)
        self.sqlState = sqlState
    }

    var description: String {
        let text = message.isEmpty ? "unknown error" : message
        if let sqlState { return "\(function): \(text) (SQLSTATE \(sqlState))" }
        return "\(function): \(text)"
    }
}
