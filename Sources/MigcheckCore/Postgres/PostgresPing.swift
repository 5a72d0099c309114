import CLibPQ

/// The answer of `PQping`: whether a server accepts connections yet, without logging in.
enum PostgresPing: Sendable, Equatable {
    /// The server is running and accepting connections.
    case ready
    /// The server is running but refuses connections (starting up or shutting down).
    case rejecting
    /// No server could be contacted.
    case noResponse
    /// The connection string itself is invalid.
    case invalidParameters

    /// Pings the server named by a libpq connection string or URI.
    static func check(_ conninfo: String) -> PostgresPing {
        let answer = PQping(conninfo)
        if answer == PQPING_OK { return .ready }
        if answer == PQPING_REJECT { return .rejecting }
        if answer == PQPING_NO_RESPONSE { return .noResponse }
        return .invalidParameters
    }
}
