import Foundation

/// A JUnit XML document (`testsuites/testsuite/testcase`), as CI systems read it.
///
/// GitLab keys test cases by `classname` + `name`, so both should be unique within a suite.
public struct JUnitXML: Sendable {
    /// One test case.
    struct TestCase: Sendable {
        /// What kind of non-passing outcome a case has.
        enum Outcome: Sendable {
            case passed
            /// An assertion-style failure.
            case failure(message: String, type: String, details: String)
            /// The case could not run.
            case error(message: String, type: String, details: String)
            /// Deliberately not run.
            case skipped(message: String)
        }
        /// The `classname` attribute.
        var className: String
        /// The `name` attribute.
        var name: String
        /// The `file` attribute, if any.
        var file: String?
        /// Seconds taken.
        var time: Double
        /// The outcome.
        var outcome: Outcome

        /// Creates a case.
        init(className: String, name: String, file: String? = nil, time: Double = 0, outcome: Outcome = .passed) {
            self.className = className
            self.name = name
            self.file = file
            self.time = time
            self.outcome = outcome
        }
    }

    /// One test suite.
    struct Suite: Sendable {
        /// The suite name.
        var name: String
        /// Its cases.
        var cases: [TestCase]

        /// Creates a suite.
        init(name: String, cases: [TestCase]) {
            self.name = name
            self.cases = cases
        }
    }

    /// The suites.
    var suites: [Suite]

    /// Creates a document.
    init(suites: [Suite]) { self.suites = suites }

    /// Escapes text for XML attributes and character data.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                // XML 1.0 forbids most control characters.
                if scalar.value < 0x20 { out += "?" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    private static func time(_ t: Double) -> String { String(format: "%.3f", t) }

    /// The document as XML text.
    public func render() -> String {
        func counts(_ cases: [TestCase]) -> (failures: Int, errors: Int, skipped: Int, time: Double) {
            var f = 0, e = 0, s = 0, t = 0.0
            for c in cases {
                t += c.time
                switch c.outcome {
                case .failure: f += 1
                case .error: e += 1
                case .skipped: s += 1
                case .passed: break
                }
            }
            return (f, e, s, t)
        }
        let all = suites.flatMap(\.cases)
        let total = counts(all)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<testsuites name=\"migcheck\" tests=\"\(all.count)\" failures=\"\(total.failures)\" errors=\"\(total.errors)\" skipped=\"\(total.skipped)\" time=\"\(Self.time(total.time))\">\n"
        for suite in suites {
            let c = counts(suite.cases)
            out +=
                "  <testsuite name=\"\(Self.escape(suite.name))\" tests=\"\(suite.cases.count)\" failures=\"\(c.failures)\" errors=\"\(c.errors)\" skipped=\"\(c.skipped)\" time=\"\(Self.time(c.time))\">\n"
            for testCase in suite.cases {
                var attributes = "classname=\"\(Self.escape(testCase.className))\" name=\"\(Self.escape(testCase.name))\""
                if let file = testCase.file { attributes += " file=\"\(Self.escape(file))\"" }
                attributes += " time=\"\(Self.time(testCase.time))\""
                switch testCase.outcome {
                case .passed:
                    out += "    <testcase \(attributes)/>\n"
                case .failure(let message, let type, let details):
                    out +=
                        "    <testcase \(attributes)>\n      <failure message=\"\(Self.escape(message))\" type=\"\(Self.escape(type))\">\(Self.escape(details))</failure>\n    </testcase>\n"
                case .error(let message, let type, let details):
                    out +=
                        "    <testcase \(attributes)>\n      <error message=\"\(Self.escape(message))\" type=\"\(Self.escape(type))\">\(Self.escape(details))</error>\n    </testcase>\n"
                case .skipped(let message):
                    out += "    <testcase \(attributes)>\n      <skipped message=\"\(Self.escape(message))\"/>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }
}
