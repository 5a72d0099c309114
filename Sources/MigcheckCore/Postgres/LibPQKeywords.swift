import CLibPQ

/// The connection keywords this libpq understands (`host`, `sslmode`, ...), read from `PQconndefaults`.
enum LibPQKeywords {
    /// Every keyword libpq accepts in a connection string or as a URI query parameter.
    static let all: Set<String> = {
        guard LibPQ.isAvailable, let options = PQconndefaults() else { return fallback }
        defer { PQconninfoFree(options) }
        var keywords: Set<String> = []
        var cursor = options
        while let keyword = cursor.pointee.keyword {
            keywords.insert(String(cString: keyword))
            cursor = cursor.advanced(by: 1)
        }
        return keywords.isEmpty ? fallback : keywords
    }()

    /// Used only if libpq cannot be loaded or `PQconndefaults` fails: the keywords common to libpq 13-17.
    private static let fallback: Set<String> = [
        "host", "hostaddr", "port", "dbname", "user", "password", "passfile", "connect_timeout",
        "client_encoding", "options", "application_name", "fallback_application_name", "keepalives",
        "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout", "sslmode",
        "sslcompression", "sslcert", "sslkey", "sslpassword", "sslrootcert", "sslcrl", "sslcrldir",
        "sslsni", "requirepeer", "ssl_min_protocol_version", "ssl_max_protocol_version", "gssencmode",
        "krbsrvname", "gsslib", "service", "target_session_attrs", "channel_binding", "replication",
    ]
}
