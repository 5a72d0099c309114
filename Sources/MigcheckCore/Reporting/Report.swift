/// What a command found, ready for a formatter.
public struct Report: Sendable, Codable {
    /// One environment that was checked.
    struct EnvironmentSummary: Sendable, Codable {
        /// Its display name.
        var name: String
        /// How many revisions it has.
        var revisions: Int
        /// Its heads.
        var heads: [String]
        /// What the command did beyond reading, e.g. how many revisions were round-tripped.
        var detail: String?
        /// For `roundtrip`: how the checked revisions ended.
        var roundTrip: RoundTripCounts?

        /// Creates a summary.
        init(name: String, revisions: Int, heads: [String], detail: String? = nil) {
            self.name = name
            self.revisions = revisions
            self.heads = heads
            self.detail = detail
        }
    }

    /// What the git rules compared, and why.
    struct Comparison: Sendable, Codable, Hashable {
        /// Who chose the comparison (`GitHub push`, `pre-push`), or `nil` when the command line
        /// and the defaults did.
        var source: String?
        /// The target: `HEAD`, a commit id, `working tree` or `index`.
        var target: String
        /// The base branch as resolved.
        var base: String
        /// The commit whose revisions count as merged, if any.
        var historical: String?
        /// One line: `GitHub push: 3f2a91c..HEAD (the push's before commit)`.
        var summary: String
        /// The repository checked when it is not the one at the working directory
        /// (`submodule inner`), else `nil`.
        var repository: String?

        /// Creates a comparison.
        init(source: String?, target: String, base: String, historical: String?, summary: String, repository: String? = nil) {
            self.source = source
            self.repository = repository
            self.target = target
            self.base = base
            self.historical = historical
            self.summary = summary
        }
    }

    /// The command that produced the report (`check`, `roundtrip`...).
    var command: String
    /// Every finding, in a stable order.
    var findings: [Finding]
    /// The environments covered.
    var environments: [EnvironmentSummary]
    /// What the git rules compared (`nil` without git).
    var comparison: Comparison?
    /// Why the command could not check (exit status 2), for reports written anyway.
    var failure: String?
    /// The absolute directory finding paths are relative to (the repository root), if known.
    public var sourceRoot: String?

    /// Creates a report; findings are sorted by path, line, significance (``Finding/rank``), rule.
    init(
        command: String, findings: [Finding], environments: [EnvironmentSummary], comparison: Comparison? = nil,
        failure: String? = nil
    ) {
        self.command = command
        self.environments = environments
        self.comparison = comparison
        self.failure = failure
        self.findings = findings.sorted { a, b in
            (a.environment ?? "", a.path ?? "", a.line ?? 0, a.rank, a.rule.rawValue, a.message)
                < (b.environment ?? "", b.path ?? "", b.line ?? 0, b.rank, b.rule.rawValue, b.message)
        }
    }

    /// Number of error findings.
    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    /// Number of warning findings.
    var warningCount: Int { findings.filter { $0.severity == .warning }.count }

    /// The exit status the report calls for.
    public var exitStatus: ExitStatus {
        if failure != nil { return .couldNotCheck }
        return errorCount > 0 ? .findings : .clean
    }

    /// A report that says the command could not check, and why.
    public static func couldNotCheck(command: String, message: String) -> Report {
        Report(command: command, findings: [], environments: [], failure: message)
    }
}

/// migcheck's documented exit codes.
public enum ExitStatus: Int32, Sendable {
    /// Nothing to report (warnings alone do not fail).
    case clean = 0
    /// At least one error finding.
    case findings = 1
    /// Could not check: configuration, git or database problems.
    case couldNotCheck = 2
    /// Bad command line.
    case usage = 64
}

/// The output formats of the commands that report findings (`check`, `roundtrip`); the listing
/// commands take a ``ListingFormat``.
public enum OutputFormat: String, Sendable, CaseIterable {
    case text
    case json
    case github
    case sarif
    case junit
    case codequality

    /// Whether the format is read by machines (a report is written even when the command could
    /// not check).
    public var isMachineReadable: Bool { self != .text }
}

/// Renders a ``Report`` in an ``OutputFormat``.
public protocol ReportFormatter {
    /// The report as the text to print on standard output.
    func format(_ report: Report) -> String
}

extension OutputFormat {
    /// The formatter for this format.
    public func formatter(colour: Bool = false) -> ReportFormatter {
        switch self {
        case .text: return TextFormatter(colour: colour)
        case .json: return JSONFormatter()
        case .github: return GitHubFormatter()
        case .sarif: return SARIFFormatter()
        case .junit: return JUnitFormatter()
        case .codequality: return CodeQualityFormatter()
        }
    }
}
