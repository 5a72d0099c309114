import Foundation

/// What one Alembic step did, as the driver reported it.
struct DriverStepResult: Sendable {
    /// How a failed step failed.
    enum Failure: Sendable {
        /// `NotImplementedError` was raised (an irreversible downgrade).
        case notImplemented(DriverTraceback)
        /// Any other exception.
        case error(DriverTraceback)

        /// The exception, whichever kind it was.
        var traceback: DriverTraceback {
            switch self {
            case .notImplemented(let traceback), .error(let traceback): return traceback
            }
        }
    }
    /// `nil` when the step succeeded.
    var failure: Failure?
    /// Seconds the step took inside Python.
    var seconds: Double
}

/// A Python exception as the driver reports it: type, first message line and the traceback's tail.
struct DriverTraceback: Sendable, Hashable {
    /// The exception class name (`ProgrammingError`).
    var type: String
    /// The first line of the exception message.
    var message: String
    /// The last lines of the formatted traceback.
    var traceback: String
}
