import Foundation

/// A PostgreSQL database URL as users write it for SQLAlchemy/Alembic, convertible to a libpq URI.
///
/// Accepts `postgresql://`, `postgres://` and `postgresql+DRIVER://` (asyncpg, psycopg2, psycopg,
/// pg8000, ...). libpq does not know `+driver` nor driver-only query parameters such as asyncpg's
/// `ssl=require`, so `libpqURL` drops the driver, maps `ssl` to `sslmode` and leaves out every
/// parameter libpq would reject, while `sqlalchemyURL` keeps what the user wrote.
/// User name, password and host are kept exactly as written (percent-encoded).
struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    /// The SQLAlchemy driver after `+` (`asyncpg`), or `nil` for a plain `postgresql://` URL.
    private(set) var driver: String?
    /// `user[:password]` as written, still percent-encoded; `nil` when absent.
    private(set) var userInfo: String?
    /// `host[:port]` (or a comma-separated host list) as written; empty for the default socket.
    private(set) var hostPart: String
    /// The database path segment as written (percent-encoded); `nil` when absent.
    private(set) var rawDatabase: String?
    /// Query parameters in the order written, keys and values percent-decoded.
    private(set) var parameters: [(key: String, value: String)]

    /// Parses `text`; throws a one-line `PostgresURLError` saying what is wrong.
    init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let schemeEnd = trimmed.range(of: "://") else {
            throw PostgresURLError("the value is not a URL (no '://'); expected postgresql[+driver]://user:password@host:port/database")
        }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        let schemeParts = scheme.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let base = schemeParts.first, ["postgresql", "postgres"].contains(base) else {
            throw PostgresURLError("unsupported scheme '\(scheme)'; expected postgresql://, postgresql+DRIVER:// or postgres://")
        }
        driver = schemeParts.count == 2 ? schemeParts[1] : nil
        if driver?.isEmpty == true {
            throw PostgresURLError("empty driver name after '+' in scheme '\(scheme)'")
        }
        var rest = trimmed[schemeEnd.upperBound...]
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var authority = rest
        rawDatabase = nil
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            let path = rest[rest.index(after: slash)...]
            rawDatabase = path.isEmpty ? nil : String(path)
        }
        if let at = authority.lastIndex(of: "@") {
            userInfo = String(authority[..<at])
            hostPart = String(authority[authority.index(after: at)...])
        } else {
            userInfo = nil
            hostPart = String(authority)
        }
        parameters = try query.split(separator: "&", omittingEmptySubsequences: true).map { item in
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = pair[0].removingPercentEncoding, !key.isEmpty,
                let value = (pair.count == 2 ? pair[1] : "").removingPercentEncoding
            else { throw PostgresURLError("malformed query parameter '\(item)'") }
            return (key, value)
        }
    }

    /// The database name, percent-decoded (`nil` when the URL names none: libpq then uses the user name).
    var database: String? {
        rawDatabase.map { $0.removingPercentEncoding ?? $0 }
    }

    /// A copy naming another database on the same server, with the same credentials and parameters.
    func withDatabase(_ name: String) -> PostgresURL {
        var copy = self
        copy.rawDatabase = Self.encode(name)
        return copy
    }

    /// Query parameter names libpq would reject and `libpqURL` therefore leaves out.
    var driverOnlyParameters: [String] {
        parameters.map(\.key).filter { !LibPQKeywords.all.contains($0) && $0 != "ssl" }
    }

    /// The URL for libpq: no `+driver`, `ssl=` mapped to `sslmode=`, driver-only parameters dropped.
    var libpqURL: String {
        render(scheme: "postgresql", parameters: libpqParameters)
    }

    /// The URL for SQLAlchemy/Alembic. `driver` replaces the user's driver; `nil` keeps it.
    ///
    /// `postgres://` becomes `postgresql://` (SQLAlchemy rejects the short form). When switching
    /// to psycopg or psycopg2, the parameters are the libpq ones; when switching to asyncpg,
    /// `sslmode` becomes asyncpg's `ssl`.
    func sqlalchemyURL(driver requested: String? = nil) -> String {
        let target = requested ?? driver
        let scheme = target.map { "postgresql+\($0)" } ?? "postgresql"
        let params: [(key: String, value: String)]
        if requested == nil || requested == driver {
            params = parameters
        } else if target == "asyncpg" {
            params = libpqParameters.map { $0.key == "sslmode" ? ("ssl", $0.value) : $0 }
        } else {
            params = libpqParameters
        }
        return render(scheme: scheme, parameters: params)
    }

    static func == (lhs: PostgresURL, rhs: PostgresURL) -> Bool {
        lhs.sqlalchemyURL() == rhs.sqlalchemyURL()
    }

    /// The password, percent-decoded; `nil` when the URL has none.
    var password: String? {
        guard let userInfo, let colon = userInfo.firstIndex(of: ":") else { return nil }
        let raw = userInfo[userInfo.index(after: colon)...]
        return raw.removingPercentEncoding ?? String(raw)
    }

    /// The same URL without its password (the user name stays). migcheck hands the scratch
    /// database to Alembic this way, with the password in `PGPASSWORD`: a `%` in a URL breaks
    /// env.py's common `config.set_main_option("sqlalchemy.url", ...)` (configparser
    /// interpolation), and a URL without a password cannot leak it into a traceback.
    var withoutPassword: PostgresURL {
        var copy = self
        if let userInfo, let colon = userInfo.firstIndex(of: ":") { copy.userInfo = String(userInfo[..<colon]) }
        return copy
    }

    /// The URL with its password replaced by `***`, safe for messages and logs.
    var description: String {
        Self.redact(sqlalchemyURL())
    }

    private var libpqParameters: [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        let hasSSLMode = parameters.contains { $0.key == "sslmode" }
        for (key, value) in parameters {
            if LibPQKeywords.all.contains(key) {
                result.append((key, value))
            } else if key == "ssl", !hasSSLMode, let mode = Self.sslMode(forAsyncpg: value) {
                result.append(("sslmode", mode))
            }
        }
        return result
    }

    private func render(scheme: String, parameters: [(key: String, value: String)]) -> String {
        var text = "\(scheme)://"
        if let userInfo { text += "\(userInfo)@" }
        text += hostPart
        if let rawDatabase { text += "/\(rawDatabase)" }
        if !parameters.isEmpty {
            text += "?" + parameters.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        }
        return text
    }

    /// asyncpg's `ssl=` values as libpq `sslmode` values (`true` → `require`); `nil` if unknown.
    static func sslMode(forAsyncpg value: String) -> String? {
        switch value.lowercased() {
        case "true", "1", "on", "yes", "require": return "require"
        case "false", "0", "off", "no", "disable": return "disable"
        case "allow", "prefer", "verify-ca", "verify-full": return value.lowercased()
        default: return nil
        }
    }

    /// Percent-encodes everything except unreserved characters and `/` (socket paths stay readable).
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Replaces the password in `url` with `***`.
    static func redact(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"),
            let colon = authority[..<at].firstIndex(of: ":")
        else { return url }
        return String(url[..<authority.index(after: colon)]) + "***" + String(url[at...])
    }
}

/// A database URL that cannot be used, with a one-line explanation.
struct PostgresURLError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong with the URL (never includes the password).
    var message: String

    init(_ message: String) { self.message = message }

    var description: String { "database URL: \(message)" }
}
