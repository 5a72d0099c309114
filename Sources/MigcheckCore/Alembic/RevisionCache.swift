import Foundation

/// A persistent cache of parsed revision files, keyed by the identity of their content.
///
/// A pre-commit hook reads the same unchanged revision files on every commit; like git's index,
/// the cache lets migcheck skip reading and parsing them. Keys come from the ``FileTree``: the
/// blob id for git trees (exact), and device, inode, size and nanosecond times for files on disk.
/// A file modified within the last two seconds is never cached, so a coarse-timestamp edit made
/// right after a run cannot hide behind an old entry (git's "racy" rule). Corrupt or foreign cache
/// files (checked against a checksum and the build's stamp) are ignored and rewritten. Disable with `MIGCHECK_NO_CACHE=1`; the location is
/// `$MIGCHECK_CACHE_DIR`, else `$XDG_CACHE_HOME/migcheck`, else `~/.cache/migcheck`.
final class RevisionCache: @unchecked Sendable {
    private let url: URL
    private let lock = NSLock()
    /// The file as read, and its index; entries are decoded only when looked up.
    private let stored: [UInt8]
    private let slots: [UInt64: RevisionCacheFormat.Slot]
    /// Which stored entries this run used (by index position): they are kept on the next save.
    private var used: [Bool]
    /// Entries stored by this process, which later loads in the same process also see.
    private var fresh: [[UInt8]: [UInt8]] = [:]
    private var added = 0

    private init(url: URL, bytes: [UInt8]) {
        self.url = url
        if let (slots, count) = RevisionCacheFormat.index(bytes) {
            stored = bytes
            self.slots = slots
            used = Array(repeating: false, count: count)
        } else {
            stored = []
            slots = [:]
            used = []
        }
    }

    /// The cache for trees rooted at `rootPath`, or `nil` when caching is disabled.
    static func open(forRoot rootPath: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> RevisionCache? {
        guard let base = directory(environment: environment) else { return nil }
        let url = base.appendingPathComponent("revisions").appendingPathComponent(FNV1a.hex(rootPath) + ".bin")
        // One instance per cache file per process: several loads in one run (`check --all`, the
        // target and base trees of a git check) share the decoded entries, and a save keeps what
        // any of them used instead of evicting the others' entries.
        return Self.shared.instance(for: url) {
            RevisionCache(url: url, bytes: readFile(url.path))
        }
    }

    /// migcheck's cache directory for parsed revisions and compiled bytecode (see the type's
    /// comment), or `nil` when caching is disabled or no location is known.
    static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let flag = environment["MIGCHECK_NO_CACHE"], !flag.isEmpty, flag != "0" { return nil }
        return root(environment: environment)
    }

    /// migcheck's cache directory, which the parse and bytecode caches, the cached cluster data
    /// directories and the saved base states share: `$MIGCHECK_CACHE_DIR`, else
    /// `$XDG_CACHE_HOME/migcheck` (an absolute path, as the XDG specification requires), else
    /// `~/.cache/migcheck`; `nil` when none is set.
    static func root(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let dir = environment["MIGCHECK_CACHE_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        } else if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("migcheck")
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            return URL(fileURLWithPath: home).appendingPathComponent(".cache/migcheck")
        }
        return nil
    }

    /// The bytes of a regular file (read once, straight into the array), or none.
    static func readFile(_ path: String) -> [UInt8] {
        // O_NONBLOCK: a FIFO in the cache's place must not wait for a writer (it is refused below).
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0, info.st_size < 1 << 31 else { return [] }
        let size = Int(info.st_size)
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var total = 0
            while total < size {
                let n = Glibc.read(fd, buffer.baseAddress! + total, size - total)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                total += n
            }
            complete = total == size
            count = total
        }
        return complete ? bytes : []
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
    func lookup(_ key: [UInt8], path: String) -> RevisionFile? {
        lock.lock()
        let new = fresh.isEmpty ? nil : fresh[key]
        lock.unlock()
        if let new, var file = RevisionCacheFormat.decodeEntry(new, RevisionCacheFormat.Slot(offset: 0, length: new.count), key: key) {
            file.path = path
            return file
        }
        guard let slot = slots[FNV1a.hash(key)],
            var file = RevisionCacheFormat.decodeEntry(stored, slot, key: key)
        else { return nil }
        file.path = path
        lock.lock()
        used[slot.ordinal] = true
        lock.unlock()
        return file
    }

    /// Remembers `file` under `key`.
    func store(_ key: [UInt8], _ file: RevisionFile) {
        let entry = RevisionCacheFormat.encodeEntry(key: key, file)
        lock.lock()
        defer { lock.unlock() }
        fresh[key] = entry
        added += 1
    }

    /// Writes the cache back when this run added entries; keeps only the entries this run used,
    /// so renamed and edited files do not accumulate. Failures are ignored: the cache is an
    /// optimisation, never a reason to fail a check.
    func save() {
        lock.lock()
        defer { lock.unlock() }
        guard added > 0 else { return }
        var kept: [[UInt8]: ArraySlice<UInt8>] = [:]
        for slot in slots.values where used[slot.ordinal] {
            let keyLength = Int(stored[slot.offset])
            kept[Array(stored[slot.offset + 1..<slot.offset + 1 + keyLength])] = stored[slot.offset..<slot.offset + slot.length]
        }
        for (key, entry) in fresh { kept[key] = entry[...] }
        let entries = kept.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { (key: $0.key, entry: $0.value) }
        let bytes = RevisionCacheFormat.file(entries)
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

    // MARK: Whole-file encoding (tests and tools)

    /// A cache file holding `entries`.
    static func encode(_ entries: [[UInt8]: RevisionFile]) -> [UInt8] {
        RevisionCacheFormat.file(
            entries.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map {
                (key: $0.key, entry: RevisionCacheFormat.encodeEntry(key: $0.key, $0.value)[...])
            })
    }

    /// Every entry of a cache file, or `nil` when any part of it is damaged or from another build.
    static func decode(_ bytes: [UInt8]) -> [[UInt8]: RevisionFile]? {
        guard let (slots, _) = RevisionCacheFormat.index(bytes) else { return nil }
        var entries: [[UInt8]: RevisionFile] = [:]
        for slot in slots.values {
            guard slot.offset < bytes.count else { return nil }
            let length = Int(bytes[slot.offset])
            guard slot.offset + 1 + length <= bytes.count else { return nil }
            let key = Array(bytes[slot.offset + 1..<slot.offset + 1 + length])
            guard let file = RevisionCacheFormat.decodeEntry(bytes, slot, key: key) else { return nil }
            entries[key] = file
        }
        return entries
    }
}
