import Foundation
import Testing

@testable import MigcheckCore

/// Fuzzes the revision reader (issue #13, "What to build"): generated revision files and their
/// mutations (byte flips, truncations, random bytes, nested brackets, huge literals, odd line
/// endings, tabs, unicode). Seeded and deterministic; `MIGCHECK_FUZZ_CASES` sets the number of
/// cases (default 3,000). Every case must end within a bound with one documented outcome, and
/// wherever Python compiles the file, migcheck must read it and agree with Python (compile +
/// `ast.literal_eval`, all cases in one Python process) on all four variables.
@Suite struct RevisionReaderFuzzTests {
    static var cases: Int { Int(ProcessInfo.processInfo.environment["MIGCHECK_FUZZ_CASES"] ?? "") ?? 3_000 }
    typealias Random = RevisionCacheFuzzTests.SplitMix

    /// What the reader made of a case (each case has exactly one).
    enum Outcome: String, CaseIterable {
        /// A revision id was read.
        case read
        /// Unreadable: a `parse-error` naming the reason (Python's SyntaxError, encoding, indent).
        case parseError = "parse-error"
        /// Read, but a variable is not a literal: `non-literal-value`.
        case nonLiteral = "non-literal-value"
        /// No revision variable: `stray-file`.
        case stray = "stray-file"
    }

    static func outcome(_ file: RevisionFile) -> Outcome {
        if file.problem != nil { return .parseError }
        if !file.nonLiterals.isEmpty { return .nonLiteral }
        return file.revision == nil && file.lines[.revision] == nil ? .stray : .read
    }

    @Test func revisionReaderNeverCrashesHangsOrDisagreesWithPython() throws {
        var random = Random(state: 20_261_130)
        let sources = (0..<Self.cases).map { index in RevisionFuzzCorpus.make(index, &random) }
        let started = Date()
        var files: [RevisionFile] = []
        var slowest: (TimeInterval, Int) = (0, 0)
        for (index, source) in sources.enumerated() {
            let clock = Date()
            files.append(RevisionFileParser.parse(path: "versions/case_\(index).py", data: Data(source)))
            let seconds = Date().timeIntervalSince(clock)
            if seconds > slowest.0 { slowest = (seconds, index) }
        }
        let parseSeconds = Date().timeIntervalSince(started)
        // A bound per case: the largest cases are a few hundred kilobytes.
        #expect(slowest.0 < 2, "case \(slowest.1) took \(slowest.0) s")

        let verdicts = try RevisionOracle.verdicts(sources)
        var counts: [Outcome: Int] = [:]
        var pythonRejectsMigcheckReads = 0
        var disagreements = 0
        for (index, (file, verdict)) in zip(files, verdicts).enumerated() {
            counts[Self.outcome(file), default: 0] += 1
            if verdict.syntaxError != nil {
                if !RevisionOracle.unreadable(file) { pythonRejectsMigcheckReads += 1 }
                continue
            }
            let agrees = !RevisionOracle.unreadable(file) && RevisionOracle.view(file) == verdict.variables
            if !agrees {
                disagreements += 1
                if disagreements <= 5 {
                    Issue.record(
                        """
                        case \(index): migcheck \(file.problem?.message ?? "") \(RevisionOracle.view(file)), \
                        Python \(verdict.variables)
                        \(String(decoding: sources[index].prefix(600), as: UTF8.self).debugDescription)
                        """)
                }
            }
        }
        let summary = Outcome.allCases.map { "\($0.rawValue) \(counts[$0, default: 0])" }.joined(separator: ", ")
        print(
            "revision reader fuzz: \(Self.cases) cases, \(sources.reduce(0) { $0 + $1.count }) bytes, parsed in "
                + String(format: "%.2f s", parseSeconds) + "; \(summary); Python rejects but migcheck reads: "
                + "\(pythonRejectsMigcheckReads); disagreements with Python: \(disagreements)")
        #expect(disagreements == 0)
    }
}
