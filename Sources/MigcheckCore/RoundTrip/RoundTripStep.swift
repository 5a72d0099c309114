/// One step of a round trip as it happened: which revision, which phase, how long it took, how it
/// ended and what it found. The round trip's findings and its `--junit` report are both derived
/// from these records (``RoundTripStep/findings(of:)``, ``JUnitXML/roundTrip(_:environment:)``).
struct RoundTripStep: Sendable, Hashable {
    /// The three phases of each checked revision.
    enum Phase: String, Sendable, CaseIterable {
        /// Upgrade to the revision.
        case upgrade
        /// Downgrade it and compare with the schema before.
        case downgrade
        /// Upgrade again and compare with the first upgrade.
        case reupgrade
    }

    /// How a step ended.
    enum Outcome: Sendable, Hashable {
        /// It ran and its comparison (if any) found nothing.
        case passed
        /// It did not run, and why.
        case skipped(String)
        /// It ran and broke `rule`: the first message, and every line of detail.
        case failed(rule: Rule, message: String, details: String)

        /// A Python exception raised by the step.
        static func raised(_ rule: Rule, _ traceback: DriverTraceback) -> Outcome {
            .failed(rule: rule, message: "\(traceback.type): \(traceback.message)", details: traceback.traceback)
        }

        /// A schema comparison: passed without differences, else failed with one line each.
        static func compared(_ rule: Rule, _ differences: [String]) -> Outcome {
            guard let first = differences.first else { return .passed }
            return .failed(rule: rule, message: first, details: differences.joined(separator: "\n"))
        }
    }

    /// The revision id.
    var revision: String
    /// The phase.
    var phase: Phase
    /// Seconds it took (0 when skipped).
    var seconds: Double
    /// How it ended.
    var outcome: Outcome
    /// The revision's file.
    var path: String?
    /// The findings this step produced (a failure, each schema difference, rows not restored).
    var findings: [Finding] = []
}
