import Foundation

/// A thread that lives as long as migcheck and starts the PostgreSQL server.
///
/// Linux delivers the parent-death signal (`setpriv --pdeathsig`) when the *thread* that forked the
/// child exits, not the process. Dispatch and Swift concurrency threads come and go, so a server
/// started from one could be killed mid-run. Starting it from this thread ties the server's life to
/// migcheck's process instead.
final class LongLivedThread: @unchecked Sendable {
    /// The shared thread, started on first use.
    static let shared = LongLivedThread()

    private let condition = NSCondition()
    private var pending: [() -> Void] = []

    private init() {
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = "migcheck.server-spawner"
        thread.start()
    }

    /// Runs `body` on the long-lived thread and waits for its result.
    func perform<T>(_ body: @escaping () throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        condition.lock()
        pending.append {
            box.result = Result { try body() }
            done.signal()
        }
        condition.signal()
        condition.unlock()
        done.wait()
        return try box.result!.get()
    }

    private func loop() {
        while true {
            condition.lock()
            while pending.isEmpty { condition.wait() }
            let work = pending.removeFirst()
            condition.unlock()
            work()
        }
    }
}

/// Carries a result from the long-lived thread back to the waiting caller.
private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}
