import Foundation
import Testing

@testable import MigcheckCore

/// Create Date and file-name date tokens against Python's datetime and zoneinfo.
@Suite("Create Date compared with Python")
struct CreateDateTests {
    @Test("str(datetime) and the tokens match Python for zones, offsets and whole seconds")
    func matchesPython() throws {
        let instants: [Double] = [1_700_000_000.123456, 1_700_000_000, 946_684_799.999999, 1_719_792_000.5]
        let zones: [String?] = [nil, "UTC", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham", "Europe/Berlin"]
        let script = """
            import datetime, json, sys
            from zoneinfo import ZoneInfo
            out = []
            for t, z in json.load(sys.stdin):
                d = datetime.datetime.fromtimestamp(t, ZoneInfo(z)) if z else datetime.datetime.fromtimestamp(t)
                out.append([str(d), int(d.timestamp()), d.year, d.month, d.day, d.hour, d.minute, d.second])
            print(json.dumps(out))
            """
        struct Case: Encodable {
            var t: Double
            var z: String?
            func encode(to encoder: Encoder) throws {
                var c = encoder.unkeyedContainer()
                try c.encode(t)
                try c.encode(z)
            }
        }
        let cases = instants.flatMap { t in zones.map { Case(t: t, z: $0) } }
        let result = try ProcessRunner.run(
            TestEnvironment.python, ["-c", script], environment: ProcessInfo.processInfo.environment,
            input: try JSONEncoder().encode(cases))
        try #require(result.status == 0, "\(result.stderrText)")
        let rows = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[Any]])
        for (c, row) in zip(cases, rows) {
            let date = try CreateDate(date: Date(timeIntervalSince1970: c.t), timezone: c.z)
            let ours: [String] = [
                date.pythonString, String(date.epoch), String(date.year), String(date.month), String(date.day), String(date.hour),
                String(date.minute), String(date.second),
            ]
            let theirs = row.map { "\($0)" }
            #expect(ours == theirs, "t=\(c.t) zone=\(c.z ?? "local")")
        }
    }

    @Test("an unknown timezone fails with Alembic's message")
    func unknownZone() {
        #expect(throws: CreateDateError.self) { try CreateDate(timezone: "Mars/Olympus") }
        do { _ = try CreateDate(timezone: "Mars/Olympus") } catch { #expect(error.message == "Can't locate timezone: Mars/Olympus") }
    }
}
