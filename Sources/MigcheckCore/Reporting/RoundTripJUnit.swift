extension JUnitXML {
    /// The round trip's `--junit` document: one suite for the environment, one case per step
    /// (`roundtrip.<revision>` / `upgrade`, `downgrade`, `reupgrade`).
    static func roundTrip(_ steps: [RoundTripStep], environment: String) -> JUnitXML {
        JUnitXML(suites: [Suite(name: "migcheck roundtrip \(environment)", cases: steps.map(TestCase.init))])
    }
}

extension RoundTripStep {
    /// The findings of a round trip's steps, in the order the steps ran.
    static func findings(of steps: [RoundTripStep]) -> [Finding] {
        steps.flatMap(\.findings)
    }
}

extension JUnitXML.TestCase {
    /// The case for one round-trip step.
    init(_ step: RoundTripStep) {
        let outcome: Outcome
        switch step.outcome {
        case .passed: outcome = .passed
        case .skipped(let reason): outcome = .skipped(message: reason)
        case .failed(let rule, let message, let details): outcome = .failure(message: message, type: rule.rawValue, details: details)
        }
        self.init(className: "roundtrip.\(step.revision)", name: step.phase.rawValue, file: step.path, time: step.seconds, outcome: outcome)
    }
}
