import Foundation
import Testing

@testable import MigcheckCore

/// A hostile `script.py.mako` or `file_template` ends with a one-line error, quickly: no
/// integer-overflow trap, no multi-gigabyte string (issue: hostile input, item 13).
@Suite struct TemplateLimitsTests {
    static let evaluator = TemplateEvaluator(context: [:], config: TemplateConfig(sections: [:], mainSection: "alembic"))

    static func evaluate(_ source: String) throws(TemplateExpressionError) -> TemplateValue {
        try evaluator.evaluate(try TemplateExpression.parse(source))
    }

    static func failure(_ source: String) -> String? {
        do {
            _ = try evaluate(source)
            return nil
        } catch {
            return error.message
        }
    }

    @Test(arguments: [
        "9223372036854775807 + 1", "-9223372036854775807 - 2", "9223372036854775807 * 2", "-(-9223372036854775807 - 1)",
    ])
    func integerOverflowIsAnErrorNotATrap(source: String) {
        let message = Self.failure(source)
        #expect(message?.contains("integer overflow") == true, "\(source): \(message ?? "no error")")
    }

    @Test(arguments: ["'x' * 9223372036854775807", "'abc' * 4000000", "('y' * 1048576) + 'z'"])
    func hugeStringsAreRefusedBeforeTheyAreBuilt(source: String) {
        let clock = ContinuousClock()
        var message: String?
        let elapsed = clock.measure { message = Self.failure(source) }
        #expect(message?.contains("up to 1 MiB") == true, "\(source): \(message ?? "no error")")
        #expect(elapsed < .seconds(1))
    }

    @Test func ordinaryArithmeticAndRepetitionStillWork() throws {
        guard case .int(7) = try Self.evaluate("2 * 3 + 1") else { Issue.record("2 * 3 + 1"); return }
        guard case .int(-8) = try Self.evaluate("-5 - 3") else { Issue.record("-5 - 3"); return }
        guard case .string("ababab") = try Self.evaluate("'ab' * 3") else { Issue.record("'ab' * 3"); return }
        guard case .string(let mebibyte) = try Self.evaluate("'x' * 1048576") else { Issue.record("1 MiB"); return }
        #expect(mebibyte.utf8.count == 1 << 20)
    }

    @Test(arguments: ["%99999999999999999999999d", "%.99999999999999999999999s", "%2000000d"])
    func hugeFieldWidthsAreRefused(format: String) {
        #expect(throws: PercentFormat.Failure.self) { try PercentFormat.format(format, .positional([.int(1)])) }
    }

    @Test func ordinaryWidthsStillPad() throws {
        #expect(try PercentFormat.format("%5d|%-4s|%.2s", .positional([.int(42), .string("ab"), .string("xyz")])) == "   42|ab  |xy")
    }
}
