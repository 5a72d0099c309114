import Foundation
import Testing

@testable import MigcheckCore

/// Builds small Alembic projects with diverged heads for the merge tests.
enum MergeProject {
    /// Template styles under `Tests/Fixtures/merge/templates`.
    static let styles = ["alembic-1.0", "alembic-1.11", "generic", "async", "pyproject", "multidb", "superset"]

    /// The fixture template of `style`.
    static func template(_ style: String) -> URL {
        TestEnvironment.packageRoot.appendingPathComponent("Tests/Fixtures/merge/templates/\(style)/script.py.mako")
    }

    /// Head revision ids, deliberately not in sorted order.
    static let headIDs = ["f3c0a1b2c3d4", "0a1b2c3d4e5f", "7e2d9c8b7a6f"]
    /// The common base revision.
    static let baseID = "5b5e00000001"

    /// Creates a project in `directory`: config for `style`, env.py, the style's template, a base
    /// revision and `heads` revisions on top of it. `iniExtra` lines go into `[alembic]`.
    static func make(style: String, heads: Int, in directory: URL, iniExtra: String = "", postWriteHooks: String = "") throws {
        let fm = FileManager.default
        let migrations = directory.appendingPathComponent("migrations")
        try fm.createDirectory(at: migrations.appendingPathComponent("versions"), withIntermediateDirectories: true)
        try Data(contentsOf: template(style)).write(to: migrations.appendingPathComponent("script.py.mako"))
        try "from alembic import context\n".write(to: migrations.appendingPathComponent("env.py"), atomically: true, encoding: .utf8)
        var ini = "[alembic]\n"
        if style == "pyproject" {
            let toml = "[tool.alembic]\nscript_location = \"%(here)s/migrations\"\n"
            try toml.write(to: directory.appendingPathComponent("pyproject.toml"), atomically: true, encoding: .utf8)
        } else {
            ini += "script_location = %(here)s/migrations\n"
        }
        ini += "sqlalchemy.url = postgresql://localhost/none\n"
        if style == "multidb" { ini += "databases = engine1, engine2\n" }
        ini += iniExtra
        if style == "multidb" {
            ini += "\n[engine1]\nsqlalchemy.url = postgresql://localhost/one\n\n[engine2]\nsqlalchemy.url = postgresql://localhost/two\n"
        }
        ini += postWriteHooks
        try ini.write(to: directory.appendingPathComponent("alembic.ini"), atomically: true, encoding: .utf8)
        try writeRevision(baseID, down: nil, message: "base", in: migrations.appendingPathComponent("versions"))
        for id in headIDs.prefix(heads) {
            try writeRevision(id, down: baseID, message: "head \(id)", in: migrations.appendingPathComponent("versions"))
        }
    }

    /// Writes a plain revision file.
    static func writeRevision(_ id: String, down: String?, message: String, in directory: URL) throws {
        let text = revisionSource(
            id, down: down.map { [$0] } ?? [], message: message, createDate: "2024-01-01 00:00:00", importsOp: false,
            parameters: "*args", upgrade: "pass", downgrade: "pass")
        try text.write(
            to: directory.appendingPathComponent("\(id)_\(message.replacingOccurrences(of: " ", with: "_")).py"), atomically: true,
            encoding: .utf8)
    }

    /// Copies a directory tree.
    static func copy(_ source: URL, to destination: URL) throws {
        try FileManager.default.copyItem(at: source, to: destination)
    }

    /// Every file under `directory`, as relative paths, sorted (`__pycache__` ignored).
    static func files(under directory: URL) -> [String] {
        let base = directory.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        var result: [String] = []
        while let next = walker.nextObject() as? String {
            if next.contains("__pycache__") { continue }
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + next, isDirectory: &isDir), !isDir.boolValue { result.append(next) }
        }
        return result.sorted()
    }

    /// The file's bytes with the `Create Date:` line removed, and that line.
    static func splitCreateDate(_ data: Data) -> (rest: String, createDate: String?) {
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.components(separatedBy: "\n")
        guard let index = lines.firstIndex(where: { $0.hasPrefix("Create Date: ") }) else { return (text, nil) }
        let line = lines.remove(at: index)
        return (lines.joined(separator: "\n"), line)
    }

    /// Files present in `after` but not in `before`.
    static func newFiles(before: [String], after: URL) -> [String] {
        files(under: after).filter { !before.contains($0) }
    }
}

extension TestEnvironment {
    /// Runs the venv Python with `arguments`.
    static func runPython(_ arguments: [String], in directory: URL? = nil) throws -> ProcessResult {
        try ProcessRunner.run(python, arguments, directory: directory)
    }
}
