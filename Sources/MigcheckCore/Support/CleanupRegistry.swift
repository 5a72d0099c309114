import Dispatch
import Foundation

/// Cleanups (stop a server, drop a database, remove a directory) that must run even when migcheck
/// is interrupted.
///
/// Registering the first cleanup installs handlers for SIGINT, SIGTERM and SIGHUP (dispatch signal
/// sources; the default action is set to ignore so the source sees the signal). On a signal every
/// registered cleanup runs, newest first, and migcheck exits with 128 + the signal number
/// (130 for Ctrl-C, 143 for SIGTERM). Normal code paths unregister their cleanup after running it.
public enum CleanupRegistry {
    /// Identifies one registered cleanup, for `unregister`.
    struct Token: Hashable, Sendable {
        fileprivate let id: UInt64
    }

    /// Registers `action`; it runs at most once, on a signal or through `run(_:)`/`runAll()`.
    @discardableResult
    static func register(_ action: @escaping @Sendable () -> Void) -> Token {
        installSignalHandlers()
        return state.add(action)
    }

    /// Forgets a cleanup without running it (its owner cleaned up already).
    static func unregister(_ token: Token) {
        _ = state.remove(token)
    }

    /// Runs one cleanup now, if it has not run yet, and forgets it.
    static func run(_ token: Token) {
        state.remove(token)?()
    }

    /// Runs every registered cleanup, newest first, and forgets them.
    static func runAll() {
        for action in state.removeAll() { action() }
    }

    /// Whether a signal arrived and its cleanups are running (the process is about to exit).
    static var isInterrupted: Bool { state.interrupted }

    /// Blocks forever when a signal is being handled, so that the failure it provokes on the main
    /// thread (a killed child, a stopped server) does not exit the process before the cleanups are
    /// done; the signal handler exits with 128 + the signal number. Returns at once otherwise.
    public static func waitIfInterrupted() {
        guard isInterrupted else { return }
        while true { pause() }
    }

    /// The number of cleanups currently registered (for tests and diagnostics).
    static var pendingCount: Int { state.count }

    private static let state = RegistryState()
    private static let signalQueue = DispatchQueue(label: "migcheck.cleanup.signals")
    private static let installOnce: Void = {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: signalQueue)
            source.setEventHandler {
                state.markInterrupted()
                runAll()
                exit(128 + signalNumber)
            }
            source.resume()
            state.keep(source)
        }
    }()

    private static func installSignalHandlers() {
        _ = installOnce
    }
}

/// Lock-protected storage behind `CleanupRegistry`.
private final class RegistryState: @unchecked Sendable {
    private let lock = NSLock()
    private var nextID: UInt64 = 0
    private var actions: [(id: UInt64, action: @Sendable () -> Void)] = []
    private var sources: [any DispatchSourceSignal] = []
    private var wasInterrupted = false

    var interrupted: Bool { lock.withLock { wasInterrupted } }

    func markInterrupted() { lock.withLock { wasInterrupted = true } }

    func add(_ action: @escaping @Sendable () -> Void) -> CleanupRegistry.Token {
        lock.withLock {
            nextID += 1
            actions.append((nextID, action))
            return CleanupRegistry.Token(id: nextID)
        }
    }

    func remove(_ token: CleanupRegistry.Token) -> (@Sendable () -> Void)? {
        lock.withLock {
            guard let index = actions.firstIndex(where: { $0.id == token.id }) else { return nil }
            return actions.remove(at: index).action
        }
    }

    func removeAll() -> [@Sendable () -> Void] {
        lock.withLock {
            defer { actions.removeAll() }
            return actions.reversed().map(\.action)
        }
    }

    var count: Int { lock.withLock { actions.count } }

    func keep(_ source: any DispatchSourceSignal) {
        lock.withLock { sources.append(source) }
    }
}
