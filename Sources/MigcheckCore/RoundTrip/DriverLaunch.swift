import Foundation

/// The Alembic driver started before the round trip needs it.
///
/// Python importing SQLAlchemy and Alembic takes 0.3–0.5 s, and `roundtrip` spends about as long
/// before it needs the driver: comparing the branch with its base (`--changed`), starting the
/// database. `roundtrip` starts the driver as soon as the configuration is read, and the runner
/// gives it the database when there is one (``AlembicDriver/connect(to:)``):
/// nothing of the project is loaded before that. A launch nobody takes is stopped at once
/// (``cancel()``, or when it is released).
public final class DriverLaunch: @unchecked Sendable {
    /// The interpreter the driver runs.
    let python: String
    private let lock = NSLock()
    private var launched: Result<AlembicDriver, any Error>?

    /// Starts the driver for the configuration at `configPath` (section `section`), with the
    /// interpreter, working directory and mode `options` give.
    public init(configPath: String, section: String, options: RoundTripOptions, repositoryRoot: String) {
        let python = Self.python(options, configPath: configPath, repositoryRoot: repositoryRoot)
        self.python = python
        launched = Result { try Self.start(python, configPath: configPath, section: section, options: options) }
    }

    deinit { cancel() }

    /// The interpreter and the started driver (or why it could not start), the first time; `nil`
    /// afterwards.
    func take() -> (python: String, driver: Result<AlembicDriver, any Error>)? {
        lock.withLock {
            defer { launched = nil }
            return launched.map { (python, $0) }
        }
    }

    /// Stops the driver unless the runner took it.
    public func cancel() {
        try? take()?.driver.get().stop()
    }

    /// The interpreter `options` choose for the configuration at `configPath`.
    static func python(_ options: RoundTripOptions, configPath: String, repositoryRoot: String) -> String {
        PythonInterpreter.choose(
            explicit: options.python,
            configDirectory: URL(fileURLWithPath: configPath).deletingLastPathComponent(),
            repositoryRoot: URL(fileURLWithPath: repositoryRoot))
    }

    /// Starts a driver (without a database yet).
    static func start(_ python: String, configPath: String, section: String, options: RoundTripOptions) throws -> AlembicDriver {
        let driver = try AlembicDriver(
            python: python, configPath: configPath, section: section, urlVariable: options.urlVariable,
            workingDirectory: options.workingDirectory, mode: options.driverMode)
        driver.stepTimeout = options.stepTimeout
        return driver
    }
}
