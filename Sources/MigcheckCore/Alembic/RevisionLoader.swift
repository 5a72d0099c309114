import Foundation

/// The revisions of one environment, read from a ``FileTree``.
public struct LoadedProject: Sendable {
    /// The environment the revisions belong to.
    public var environment: AlembicEnvironment
    /// The tree they were read from.
    public var tree: FileTree
    /// Every revision file, in Alembic's load order.
    var files: [RevisionFile]
    /// `.py` files Alembic would refuse to load (no `revision` variable, not a hex name).
    var strayFiles: [RevisionFile]
    /// The graph built from `files`.
    public var graph: RevisionGraph
}

/// Lists and parses revision files exactly as Alembic selects them.
public enum RevisionLoader {
    /// Reads every revision of `environment` from `tree`.
    ///
    /// Parsed files are cached across runs (see ``RevisionCache``); `cacheEnvironment` chooses the
    /// cache the way the process environment does.
    public static func load(
        _ environment: AlembicEnvironment, from tree: FileTree,
        cacheEnvironment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> LoadedProject {
        // Read serially (trees need not be thread-safe), parse in parallel (pure CPU work).
        var paths: [String] = []
        if environment.versionLocations.count == 1 {
            // One location lists each path once: no set of 100,000 paths to hash.
            paths = try listPythonFiles(environment.versionLocations[0], recursive: environment.recursiveVersionLocations, tree: tree)
        } else {
            var seen: Set<String> = []
            for location in environment.versionLocations {
                for path in try listPythonFiles(location, recursive: environment.recursiveVersionLocations, tree: tree)
                where seen.insert(path).inserted {
                    paths.append(path)
                }
            }
        }
        let cache = RevisionCache.open(forRoot: tree.rootPath, environment: cacheEnvironment)
        let parsed: [RevisionFile]
        if tree.supportsConcurrentReads {
            parsed = try readAndParseConcurrently(paths, tree: tree, cache: cache)
        } else {
            // Keys first (blob ids cost no read), then read and parse only what the cache lacks.
            var slots = [RevisionFile?](repeating: nil, count: paths.count)
            var keys = [[UInt8]?](repeating: nil, count: paths.count)
            var missing: [(Int, String, Data)] = []
            let keyPass = tree.cacheKeyPass()
            for (i, path) in paths.enumerated() {
                keys[i] = keyPass.key(path)
                if let key = keys[i], let hit = cache?.lookup(key, path: path) {
                    slots[i] = hit
                } else {
                    do {
                        if let data = try tree.read(path) { missing.append((i, path, data)) }
                    } catch let refused as FileRefused {
                        slots[i] = Self.refused(path, refused)
                    }
                }
            }
            let fresh = parseConcurrently(missing.map { ($0.1, $0.2) })
            for (n, item) in missing.enumerated() {
                slots[item.0] = fresh[n]
                if let key = keys[item.0] { cache?.store(key, fresh[n]) }
            }
            parsed = slots.compactMap { $0 }
        }
        cache?.save()
        // Usually nothing is stray: the parsed array is then the files, not a copy of them.
        func isStray(_ file: RevisionFile) -> Bool { file.problem == nil && file.revision == nil && file.lines[.revision] == nil }
        var files: [RevisionFile] = []
        var stray: [RevisionFile] = []
        if parsed.contains(where: isStray) {
            files.reserveCapacity(parsed.count)
            for file in parsed {
                if isStray(file) { stray.append(file) } else { files.append(file) }
            }
        } else {
            files = parsed
        }
        return LoadedProject(
            environment: environment, tree: tree, files: files, strayFiles: stray,
            graph: RevisionGraph(files: files))
    }

    /// A file the tree would not read, as a revision file that cannot be read (a `parse-error`
    /// finding naming it) instead of a hang or an out-of-memory crash.
    static func refused(_ path: String, _ refusal: FileRefused) -> RevisionFile {
        var file = RevisionFile(path: path)
        file.problem = RevisionFileProblem(message: refusal.reason, line: nil)
        return file
    }

    /// Reads and parses files on all cores (system calls overlap with parsing), keeping their
    /// order; files whose key the cache knows are neither read nor parsed.
    static func readAndParseConcurrently(_ paths: [String], tree: FileTree, cache: RevisionCache?) throws -> [RevisionFile] {
        // One slot per path for the file (empty when it vanished while listing) and, for a file
        // parsed now, its cache key; one error slot per worker.
        let files = ConcurrentSlots<RevisionFile?>(count: paths.count, initial: nil)
        let freshKeys = ConcurrentSlots<[UInt8]?>(count: paths.count, initial: nil)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, paths.count / 64))
        let failures = ConcurrentSlots<Error?>(count: workers, initial: nil)
        let keyPass = cache == nil ? nil : tree.cacheKeyPass()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < paths.count, failures[worker] == nil {
                do {
                    let key = keyPass?.key(paths[index])
                    if let key, let hit = cache?.lookup(key, path: paths[index]) {
                        files[index] = hit
                    } else if let data = try tree.read(paths[index]) {
                        files[index] = RevisionFileParser.parse(path: paths[index], data: data)
                        freshKeys[index] = key
                    }
                } catch let refused as FileRefused {
                    files[index] = Self.refused(paths[index], refused)
                } catch {
                    failures[worker] = error
                }
                index += workers
            }
        }
        if let error = failures.compactMap({ $0 }).first { throw error }
        if let cache {
            for index in 0..<paths.count {
                if let key = freshKeys[index], let file = files[index] { cache.store(key, file) }
            }
        }
        return files.takeValues()
    }

    /// Parses files on all cores, keeping their order.
    static func parseConcurrently(_ contents: [(String, Data)]) -> [RevisionFile] {
        let results = ConcurrentSlots<RevisionFile?>(count: contents.count, initial: nil)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, contents.count / 64))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < contents.count {
                results[index] = RevisionFileParser.parse(path: contents[index].0, data: contents[index].1)
                index += workers
            }
        }
        return results.takeValues()
    }

    /// `names` in Python's `sorted()` order: by code point, which is UTF-8 byte order (Swift's `<`
    /// compares canonically equivalent strings as equal, which Python does not). The names' bytes are copied once into one buffer
    /// and compared there with `memcmp` (comparing the strings themselves costs a retain, a
    /// release and a contiguity check per comparison, a third of listing 100,000 files).
    static func sortedInPythonOrder(_ names: [String]) -> [String] {
        guard names.count > 1 else { return names }
        var bytes: [UInt8] = []
        var starts: [Int] = []
        // The first eight bytes of each name as a big-endian integer, zero-padded (names hold no
        // NUL byte, so a shorter name that is a prefix of a longer one still sorts first):
        // most comparisons end there.
        var keys: [(prefix: UInt64, index: Int)] = []
        starts.reserveCapacity(names.count + 1)
        keys.reserveCapacity(names.count)
        for (index, name) in names.enumerated() {
            starts.append(bytes.count)
            var prefix: UInt64 = 0
            var shift: UInt64 = 56
            for byte in name.utf8.prefix(8) {
                prefix |= UInt64(byte) << shift
                shift &-= 8
            }
            keys.append((prefix, index))
            bytes.append(contentsOf: name.utf8)
        }
        starts.append(bytes.count)
        bytes.withUnsafeBufferPointer { buffer in
            starts.withUnsafeBufferPointer { starts in
                let base = buffer.baseAddress
                keys.sort { a, b in
                    if a.prefix != b.prefix { return a.prefix < b.prefix }
                    let x = starts[a.index], y = starts[b.index]
                    let xCount = starts[a.index + 1] - x, yCount = starts[b.index + 1] - y
                    let common = min(xCount, yCount)
                    let result = common == 0 ? 0 : memcmp(base! + x, base! + y, common)
                    return result != 0 ? result < 0 : xCount < yCount
                }
            }
        }
        return keys.map { names[$0.index] }
    }

    /// Whether Alembic's `(?!\.\#|__init__)(.*\.py)$` selects a file name.
    static func isRevisionFileName(_ name: String) -> Bool {
        name.hasSuffix(".py") && !name.hasPrefix(".#") && !name.hasPrefix("__init__")
    }

    /// The `.py` files of a version location in Alembic's order: sorted per directory, then
    /// subdirectories (sorted) when recursive; `__pycache__` skipped.
    static func listPythonFiles(_ directory: String, recursive: Bool, tree: FileTree) throws -> [String] {
        var result: [String] = []
        var queue = [directory]
        while !queue.isEmpty {
            let dir = queue.removeFirst()
            guard let entries = try tree.list(dir) else { continue }
            if dir.hasSuffix("__pycache__") { continue }
            let files = sortedInPythonOrder(entries.filter { !$0.isDirectory && isRevisionFileName($0.name) }.map(\.name))
            let prefix = dir.isEmpty ? "" : dir + "/"
            result.append(contentsOf: files.map { prefix + $0 })
            guard recursive else { break }
            // os.walk top-down visits subdirectories depth-first in sorted order.
            // os.walk does not follow symbolic links to directories (and so never loops).
            let subdirs = sortedInPythonOrder(entries.filter { $0.isDirectory && !$0.isSymbolicLink }.map(\.name)).map {
                RelativePath.join(dir, $0)
            }
            queue.insert(contentsOf: subdirs, at: 0)
        }
        return result
    }
}
