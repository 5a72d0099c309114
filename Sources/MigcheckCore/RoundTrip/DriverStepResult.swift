import Foundation

/// What one Alembic step did, as the driver reported it.
public struct DriverStepResult: Sendable {
    /// How a failed step failed.
    public enum Failure: Sendable {
        /// `NotImplementedError` was raised (an irreversible downgrade).
        case notImplemented(DriverTraceback)
        /// Any other exception.
        case error(DriverTraceback)

        /// The exception, whichever kind it was.
        public var traceback: DriverTraceback {
            switch self {
            case .notImplemented(let traceback), .error(let traceback): return traceback
            }
        }
    }
    /// `nil` when the step succeeded.
    public var failure: Failure?
    /// Seconds the step took inside Python.
    public var seconds: Double
}

/// A Python exception as the driver reports it: type, first message line and the traceback's tail.
public struct DriverTraceback: Sendable, Hashable {
    /// The exception class name (`ProgrammingError`).
    public var type: String
    /// The first line of the exception message.
    public var message: String
    /// The last lines of the formatted traceback.
    public var traceback: String
}
