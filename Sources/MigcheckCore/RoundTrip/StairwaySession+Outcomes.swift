import Foundation

/// The stairway cannot go on: the driver process died during a step, which has been reported on
/// its revision. The runner records the steps that did not run as skipped with `reason`.
struct StairwayStopped: Error {
    /// Why the remaining revisions were not run.
    var reason: String
}

extension StairwaySession {
    /// The hint of one schema difference, in the direction it goes: something left behind (the
    /// compared state has an object the reference lacks), something removed too much (an object
    /// of the reference is gone), or a definition that differs.
    static func hint(_ rule: Rule, _ change: SchemaDifference.Change) -> String {
        switch (rule, change) {
        case (.downgradeMismatch, .added):
            return "The downgrade leaves this behind: make downgrade() drop what upgrade() creates."
        case (.downgradeMismatch, .removed):
            return
                "The downgrade removed too much: this existed before the upgrade (at the revision's parents); make downgrade() drop only what upgrade() created."
        case (.reupgradeMismatch, .added):
            return
                "After the downgrade and the second upgrade this is extra: the downgrade left it behind and the upgrade did not fail on it; make downgrade() drop it."
        case (.reupgradeMismatch, .removed):
            return
                "After the downgrade and the second upgrade this is gone: the downgrade removed something the upgrade does not re-create (it belonged to the revision's parents); make downgrade() drop only what upgrade() created."
        default:
            return rule.help
        }
    }

    /// Reports that the driver process died during a step of `id` (`os._exit()` in a migration, a
    /// crashed extension), on the revision and its file, records the step and the phases after it
    /// as not run, and stops the stairway: there is no driver left to run anything.
    mutating func reportExit(_ exited: DriverExited, _ id: String, downgrade: Bool) throws -> Never {
        // Ctrl-C/SIGTERM kill the driver too: that is no finding; the signal handler exits.
        CleanupRegistry.waitIfInterrupted()
        let reupgrade = !downgrade && steps.contains { $0.revision == id && $0.phase == .downgrade }
        let phase: RoundTripStep.Phase = downgrade ? .downgrade : reupgrade ? .reupgrade : .upgrade
        let rule: Rule = downgrade ? .downgradeFailed : reupgrade ? .reupgradeFailed : .upgradeFailed
        let action = downgrade ? "the downgrade of" : reupgrade ? "upgrading again to" : "the upgrade to"
        let message =
            "the Alembic driver process died during \(action) \(label(id)) (\(exited.ending)) without reporting a result; the round trip stopped there"
        let function = downgrade ? "downgrade" : "upgrade"
        let log = exited.log.hasPrefix(":\n") ? String(exited.log.dropFirst(2)) : exited.log
        report(
            rule, id, line: line(id, function), message,
            hint:
                "Something ended the Python process during this step (os._exit(), a crash in a C extension, the out-of-memory killer), so no exception could be reported. "
                + rule.help + (log.isEmpty ? "" : "\nLast lines the driver wrote:\n" + log))
        record(id, phase, 0, .failed(rule: rule, message: message, details: log))
        let later = RoundTripStep.Phase.allCases.drop(while: { $0 != phase }).dropFirst()
        for next in later { record(id, next, 0, .skipped("not run: the Alembic driver died")) }
        throw StairwayStopped(reason: "round trip stopped: the Alembic driver died during \(action) \(id)")
    }
}
