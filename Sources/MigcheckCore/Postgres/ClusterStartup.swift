/// How a throwaway cluster was started and how long each step took (seconds).
public struct ClusterStartup: Sendable, Equatable {
    /// Whether the data directory came from the cache (`false`: `initdb` ran).
    public var usedCache: Bool
    /// Whether it was a saved base state (``BaseStateCache``), not a fresh one.
    public var usedBaseState = false
    /// Time to get a data directory: the copy from the cache, or `initdb` plus database creation.
    public var prepareSeconds: Double
    /// Time from launching `postgres` until `PQping` answered that it accepts connections.
    public var serverReadySeconds: Double
    /// Everything, including the sweep of stale clusters and creating the temp directory.
    public var totalSeconds: Double
}
