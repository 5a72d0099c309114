import Foundation

/// A persistent cache of parsed revision files, keyed by the identity of their content.
///
/// A pre-commit hook reads the same unchanged revision files on every commit; like git's index,
/// the cache lets migcheck skip reading and parsing them. Keys come from the ``FileTree``: the
/// blob id for git trees (exact), and device, inode, size and nanosecond times for files on disk.
/// A file modified within the last two seconds is never cached, so a coarse-timestamp edit made
/// right after a run cannot hide behind an old entry (git's "racy" rule). Corrupt or foreign cache
/// files are ignored and rewritten. Disable with `MIGCHECK_NO_CACHE=1`; the location is
/// `$MIGCHECK_CACHE_DIR`, else `$XDG_CACHE_HOME/migcheck`, else `~/.cache/migcheck`.
public final class RevisionCache: @unchecked Sendable {
    /// Format marker; bump the version when `RevisionFile` or the parser's output changes.
    static let magic = Array("MGCKREV5".utf8)

    private let url: URL
    private let lock = NSLock()
    private var entries: [String: RevisionFile]
    private var used: Set<String> = []
    private var added = 0

    private init(url: URL, entries: [String: RevisionFile]) {
        self.url = url
        self.entries = entries
    }

    /// The cache for trees rooted at `rootPath`, or `nil` when caching is disabled.
    public static func open(forRoot rootPath: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> RevisionCache?
    {
        if let flag = environment["MIGCHECK_NO_CACHE"], !flag.isEmpty, flag != "0" { return nil }
        let base: URL
        if let dir = environment["MIGCHECK_CACHE_DIR"], !dir.isEmpty {
            base = URL(fileURLWithPath: dir)
        } else if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            base = URL(fileURLWithPath: xdg).appendingPathComponent("migcheck")
        } else if let home = environment["HOME"], !home.isEmpty {
            base = URL(fileURLWithPath: home).appendingPathComponent(".cache/migcheck")
        } else {
            return nil
        }
        let url = base.appendingPathComponent("revisions").appendingPathComponent(String(fnv1a(rootPath), radix: 16) + ".bin")
        // One instance per cache file per process: several loads in one run (`check --all`, the
        // target and base trees of a git check) share the decoded entries, and a save keeps what
        // any of them used instead of evicting the others' entries.
        return Self.shared.instance(for: url) {
            let entries = (try? Data(contentsOf: url)).flatMap { decode(Array($0)) } ?? [:]
            return RevisionCache(url: url, entries: entries)
        }
    }

    /// The process-wide instances, by cache file.
    private static let shared = Instances()

    private final class Instances: @unchecked Sendable {
        private let lock = NSLock()
        private var byURL: [URL: RevisionCache] = [:]

        func instance(for url: URL, make: () -> RevisionCache) -> RevisionCache {
            lock.lock()
            defer { lock.unlock() }
            if let existing = byURL[url] { return existing }
            let created = make()
            byURL[url] = created
            return created
        }
    }

    /// The parsed file stored under `key`, re-pathed to `path`.
    func lookup(_ key: String, path: String) -> RevisionFile? {
        lock.lock()
        defer { lock.unlock() }
        guard var file = entries[key] else { return nil }
        used.insert(key)
        file.path = path
        return file
    }

    /// Remembers `file` under `key`.
    func store(_ key: String, _ file: RevisionFile) {
        lock.lock()
        defer { lock.unlock() }
        entries[key] = file
        used.insert(key)
        added += 1
    }

    /// Writes the cache back when this run added entries; keeps only the entries this run used,
    /// so renamed and edited files do not accumulate. Failures are ignored: the cache is an
    /// optimisation, never a reason to fail a check.
    func save() {
        lock.lock()
        defer { lock.unlock() }
        guard added > 0 else { return }
        let kept = entries.filter { used.contains($0.key) }
        let bytes = Self.encode(kept)
        let dir = url.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path) { Self.prune(dir) }
        let temporary = dir.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            try Data(bytes).write(to: temporary)
            if rename(temporary.path, url.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
        }
        added = 0
    }

    /// One cache file per repository root: keep the directory bounded (oldest files go first).
    static func prune(_ dir: URL, keep: Int = 128, limit: Int = 256) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: dir.path), names.count > limit else { return }
        let dated = names.compactMap { name -> (String, Date)? in
            let path = dir.appendingPathComponent(name).path
            guard let date = (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { return nil }
            return (path, date)
        }.sorted { $0.1 > $1.1 }
        for (path, _) in dated.dropFirst(keep) { try? fm.removeItem(atPath: path) }
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    // MARK: Binary format

    static func encode(_ entries: [String: RevisionFile]) -> [UInt8] {
        var w = BinaryWriter()
        w.bytes.append(contentsOf: magic)
        w.string(MigcheckVersion.current)
        w.int(entries.count)
        for (key, file) in entries {
            w.string(key)
            w.optionalString(file.revision)
            w.byte((file.revisionFromFileName ? 1 : 0) | (file.markedIrreversible ? 2 : 0))
            w.strings(file.downRevisions)
            w.strings(file.branchLabels)
            w.strings(file.dependsOn)
            w.optionalString(file.docstring)
            w.optionalString(file.headerRevisionID)
            if let revises = file.headerRevises { w.byte(1); w.strings(revises) } else { w.byte(0) }
            w.int(file.headerLine ?? -1)
            w.int(file.lines.count)
            for (name, line) in file.lines { w.string(name); w.int(line) }
            w.int(file.functions.count)
            for (name, body) in file.functions {
                w.string(name)
                w.string(body.rawValue)
                w.int(file.functionLines[name] ?? -1)
            }
            w.int(file.nonLiterals.count)
            for value in file.nonLiterals { w.string(value.variable); w.string(value.expression); w.int(value.line) }
            w.optionalString(file.problem?.message)
            w.int(file.problem?.line ?? -1)
        }
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) -> [String: RevisionFile]? {
        guard bytes.starts(with: magic) else { return nil }
        var r = BinaryReader(bytes: bytes, position: magic.count)
        guard r.string() == MigcheckVersion.current, let count = r.int(), count >= 0 else { return nil }
        var entries: [String: RevisionFile] = [:]
        entries.reserveCapacity(count)
        for _ in 0..<count {
            guard let key = r.string(), let revision = r.optionalString(), let flags = r.byte(),
                let down = r.strings(), let labels = r.strings(), let depends = r.strings(),
                let docstring = r.optionalString(), let headerID = r.optionalString(), let revises = r.optionalStrings(),
                let headerLine = r.int(),
                let lineCount = r.int(), lineCount >= 0
            else { return nil }
            var file = RevisionFile(path: "")
            file.revision = revision
            file.revisionFromFileName = flags & 1 != 0
            file.markedIrreversible = flags & 2 != 0
            file.downRevisions = down
            file.branchLabels = labels
            file.dependsOn = depends
            file.docstring = docstring
            file.headerRevisionID = headerID
            file.headerRevises = revises
            file.headerLine = headerLine < 0 ? nil : headerLine
            for _ in 0..<lineCount {
                guard let name = r.string(), let line = r.int() else { return nil }
                file.lines[name] = line
            }
            guard let functionCount = r.int(), functionCount >= 0 else { return nil }
            for _ in 0..<functionCount {
                guard let name = r.string(), let raw = r.string(), let body = FunctionBody(rawValue: raw), let line = r.int() else {
                    return nil
                }
                file.functions[name] = body
                if line >= 0 { file.functionLines[name] = line }
            }
            guard let nonLiteralCount = r.int(), nonLiteralCount >= 0 else { return nil }
            for _ in 0..<nonLiteralCount {
                guard let variable = r.string(), let expression = r.string(), let line = r.int() else { return nil }
                file.nonLiterals.append(NonLiteralValue(variable: variable, expression: expression, line: line))
            }
            guard let problem = r.optionalString(), let problemLine = r.int() else { return nil }
            if let problem { file.problem = RevisionFileProblem(message: problem, line: problemLine < 0 ? nil : problemLine) }
            entries[key] = file
        }
        return r.position == bytes.count ? entries : nil
    }
}

/// Appends little-endian integers and length-prefixed strings.
struct BinaryWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func int(_ value: Int) {
        var v = Int64(value).littleEndian
        withUnsafeBytes(of: &v) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func optionalString(_ value: String?) {
        guard let value else { byte(0); return }
        byte(1)
        string(value)
    }

    mutating func strings(_ values: [String]) {
        int(values.count)
        for value in values { string(value) }
    }
}

/// Reads what ``BinaryWriter`` wrote; every read returns `nil` past the end.
struct BinaryReader {
    let bytes: [UInt8]
    var position: Int

    mutating func byte() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func int() -> Int? {
        guard position + 8 <= bytes.count else { return nil }
        var value: Int64 = 0
        for i in 0..<8 { value |= Int64(bytes[position + i]) << (8 * Int64(i)) }
        position += 8
        return Int(value)
    }

    mutating func string() -> String? {
        guard let count = int(), count >= 0, position + count <= bytes.count else { return nil }
        defer { position += count }
        return String(decoding: bytes[position..<position + count], as: UTF8.self)
    }

    /// `.some(nil)` for an absent value, `nil` for a malformed one.
    mutating func optionalString() -> String?? {
        guard let flag = byte() else { return nil }
        if flag == 0 { return .some(nil) }
        guard let value = string() else { return nil }
        return .some(value)
    }

    /// `.some(nil)` for an absent list (flag 0), `nil` for a malformed one.
    mutating func optionalStrings() -> [String]?? {
        guard let flag = byte() else { return nil }
        if flag == 0 { return .some(nil) }
        guard let values = strings() else { return nil }
        return .some(values)
    }

    mutating func strings() -> [String]? {
        guard let count = int(), count >= 0 else { return nil }
        var result: [String] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            guard let value = string() else { return nil }
            result.append(value)
        }
        return result
    }
}
