import Foundation
import Testing

@testable import MigcheckCore

/// Fuzzes the config readers (issue #13, "What to build"): `alembic.ini` through ``IniFile``
/// against Python's configparser (sections, keys, interpolated values, errors), and
/// `pyproject.toml` with `[tool.alembic]` and `[tool.migcheck]` through the readers migcheck uses,
/// against tomllib (valid or not). Seeded and deterministic; `MIGCHECK_FUZZ_CASES` sets the
/// number of cases of each kind (default 1,500); one Python process for all of them.
@Suite struct ConfigReaderFuzzTests {
    static var cases: Int { Int(ProcessInfo.processInfo.environment["MIGCHECK_FUZZ_CASES"] ?? "") ?? 1_500 }
    typealias Random = RevisionCacheFuzzTests.SplitMix

    /// migcheck's reading of an ini, in the oracle's terms.
    static func iniView(_ data: [UInt8]) -> (error: String?, sections: [String], values: [String: [String: String?]]) {
        let ini: IniFile
        do {
            ini = try IniFile(data: Data(data), defaults: ["here": "/fuzz"])
        } catch {
            return ("\(error)", [], [:])
        }
        var values: [String: [String: String?]] = [:]
        for section in ini.sectionNames {
            var keys: [String: String?] = [:]
            for key in ini.keys(section) { keys[key] = try? ini.value(section, key) }
            values[section] = keys
        }
        return (nil, ini.sectionNames, values)
    }

    /// migcheck's reading of a pyproject.toml: `nil` when it is read, else the error.
    static func tomlError(_ data: [UInt8]) -> String? {
        let tree = MemoryTree(files: ["pyproject.toml": Data(data)])
        do {
            _ = try AlembicConfigReader.readToolAlembic("pyproject.toml", in: tree)
            _ = try MigcheckSettings.load(near: "", in: tree)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func configReadersNeverCrashAndAgreeWithPython() throws {
        var random = Random(state: 4_242)
        let inis = (0..<Self.cases).map { ConfigFuzzCorpus.ini($0, &random) }
        let tomls = (0..<Self.cases).map { ConfigFuzzCorpus.toml($0, &random) }
        let started = Date()
        let iniViews = inis.map(Self.iniView)
        let tomlErrors = tomls.map(Self.tomlError)
        let seconds = Date().timeIntervalSince(started)

        var items: [[String: String]] = []
        for (kind, sources) in [("ini", inis), ("toml", tomls)] {
            for source in sources { items.append(["kind": kind, "base64": Data(source).base64EncodedString()]) }
        }
        let result = try ProcessRunner.run(
            TestEnvironment.python, [TestEnvironment.packageRoot.appendingPathComponent("Tests/Corpus/config_oracle.py").path],
            input: try JSONEncoder().encode(items))
        struct Verdict: Decodable {
            var error: String?
            var sections: [String]?
            var values: [String: [String: String?]]?
        }
        let verdicts = try JSONDecoder().decode([Verdict].self, from: result.stdout)
        try #require(verdicts.count == inis.count + tomls.count, "\(result.stderrText)")

        var iniDisagreements = 0
        var iniErrors = 0
        for (index, view) in iniViews.enumerated() {
            let verdict = verdicts[index]
            if view.error != nil { iniErrors += 1 }
            var agrees = (verdict.error == nil) == (view.error == nil)
            if agrees, verdict.error == nil {
                agrees = verdict.sections ?? [] == view.sections && verdict.values ?? [:] == view.values
            }
            if !agrees {
                iniDisagreements += 1
                if iniDisagreements <= 5 {
                    Issue.record(
                        "ini case \(index): migcheck \(view), Python \(verdict)\n\(String(decoding: inis[index], as: UTF8.self).debugDescription)"
                    )
                }
            }
        }
        var tomlDisagreements = 0
        var tomlRejected = 0
        for (index, error) in tomlErrors.enumerated() {
            let verdict = verdicts[inis.count + index]
            let pythonError = verdict.error
            let invalidForMigcheck = error?.contains("invalid TOML") == true
            if error != nil { tomlRejected += 1 }
            if (pythonError != nil) != invalidForMigcheck {
                tomlDisagreements += 1
                if tomlDisagreements <= 5 {
                    let text = String(decoding: tomls[index], as: UTF8.self).debugDescription
                    Issue.record("toml case \(index): migcheck \(error ?? "read it"), Python \(pythonError ?? "valid")\n\(text)")
                }
            }
        }
        print(
            "config reader fuzz: \(inis.count) ini + \(tomls.count) toml cases in " + String(format: "%.2f s", seconds)
                + "; ini errors \(iniErrors), disagreements \(iniDisagreements); toml rejected \(tomlRejected) "
                + "(settings errors included), validity disagreements \(tomlDisagreements)")
        #expect(iniDisagreements == 0)
        #expect(tomlDisagreements == 0)
    }
}

/// A tree held in memory (the config readers read only through ``FileTree``).
struct MemoryTree: FileTree {
    var files: [String: Data]
    var rootPath: String { "/fuzz" }
    var supportsConcurrentReads: Bool { true }
    func read(_ path: String) throws -> Data? { files[path] }
    func list(_ path: String) throws -> [FileTreeEntry]? {
        path.isEmpty ? files.keys.sorted().map { FileTreeEntry(name: $0, isDirectory: false) } : nil
    }
    func cacheKey(_ path: String) -> [UInt8]? { nil }
}
