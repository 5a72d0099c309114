/// How the revisions of a round trip ended, counted once each: the summary the text line, the
/// JSON report (`environments[].roundTrip`) and the GitHub job summary carry.
struct RoundTripCounts: Sendable, Codable, Hashable {
    /// Upgraded, downgraded and upgraded again (differences, if any, are findings).
    var roundTripped = 0
    /// Upgraded but not downgraded: `--upgrade-only`, marked irreversible, or a downgrade that
    /// raises `NotImplementedError`.
    var upgradeOnly = 0
    /// Not run: an ancestor could not be applied, or the run stopped before them.
    var skipped = 0
    /// A step raised: the upgrade, the downgrade or the second upgrade failed, or the revision's
    /// file cannot be imported.
    var failed = 0
    /// Schema snapshots taken and compared.
    var snapshots = 0
    /// Why the run stopped early, if it did.
    var stopped: String?

    /// Creates counts.
    init(roundTripped: Int = 0, upgradeOnly: Int = 0, skipped: Int = 0, failed: Int = 0, snapshots: Int = 0, stopped: String? = nil) {
        self.roundTripped = roundTripped
        self.upgradeOnly = upgradeOnly
        self.skipped = skipped
        self.failed = failed
        self.snapshots = snapshots
        self.stopped = stopped
    }

    /// Counts the checked revisions of `steps` (set-up revisions have no upgrade record as a
    /// checked step and are not counted).
    init(steps: [RoundTripStep], snapshots: Int, stopped: String?) {
        self.init(snapshots: snapshots, stopped: stopped)
        var order: [String] = []
        var phases: [String: [RoundTripStep.Phase: RoundTripStep.Outcome]] = [:]
        for step in steps {
            if phases[step.revision] == nil { order.append(step.revision) }
            phases[step.revision, default: [:]][step.phase] = step.outcome
        }
        for revision in order {
            let outcome = phases[revision] ?? [:]
            guard outcome[.downgrade] != nil || outcome[.reupgrade] != nil else { continue }
            if outcome.values.contains(where: Self.raised) {
                failed += 1
            } else if case .skipped = outcome[.upgrade] {
                skipped += 1
            } else if case .skipped = outcome[.downgrade] {
                upgradeOnly += 1
            } else {
                roundTripped += 1
            }
        }
    }

    /// Whether a step ran and raised (a comparison that found differences did not raise).
    private static func raised(_ outcome: RoundTripStep.Outcome) -> Bool {
        guard case .failed(let rule, _, _) = outcome else { return false }
        return [.revisionImportFailed, .upgradeFailed, .downgradeFailed, .reupgradeFailed].contains(rule)
    }

    /// `9 round-tripped (upgrade, downgrade, upgrade), 1 upgrade-only, 28 schema snapshots
    /// compared`: the parts that are not zero (round-tripped is always named unless another
    /// count says everything), with their plurals.
    var sentence: String {
        var parts: [String] = []
        if let stopped { parts.append(stopped) }
        if roundTripped > 0 || upgradeOnly + skipped + failed == 0 {
            parts.append("\(roundTripped) round-tripped (upgrade, downgrade, upgrade)")
        }
        if upgradeOnly > 0 { parts.append("\(upgradeOnly) upgrade-only") }
        if failed > 0 { parts.append("\(failed) failed") }
        if skipped > 0 { parts.append("\(skipped) skipped") }
        parts.append("\(snapshots) schema snapshot\(snapshots == 1 ? "" : "s") compared")
        return parts.joined(separator: ", ")
    }
}
