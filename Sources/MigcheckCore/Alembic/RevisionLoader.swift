import Foundation

/// The revisions of one environment, read from a ``FileTree``.
public struct LoadedProject: Sendable {
    /// The environment the revisions belong to.
    public var environment: AlembicEnvironment
    /// The tree they were read from.
    public var tree: FileTree
    /// Every revision file, in Alembic's load order.
    public var files: [RevisionFile]
    /// `.py` files Alembic would refuse to load (no `revision` variable, not a hex name).
    public var strayFiles: [RevisionFile]
    /// The graph built from `files`.
    public var graph: RevisionGraph
}

/// Lists and parses revision files exactly as Alembic selects them.
public enum RevisionLoader {
    /// Reads every revision of `environment` from `tree`.
    public static func load(_ environment: AlembicEnvironment, from tree: FileTree) throws -> LoadedProject {
        // Read serially (trees need not be thread-safe), parse in parallel (pure CPU work).
        var paths: [String] = []
        var seen: Set<String> = []
        for location in environment.versionLocations {
            for path in try listPythonFiles(location, recursive: environment.recursiveVersionLocations, tree: tree)
            where seen.insert(path).inserted {
                paths.append(path)
            }
        }
        let parsed: [RevisionFile]
        if tree.supportsConcurrentReads {
            parsed = try readAndParseConcurrently(paths, tree: tree)
        } else {
            var contents: [(String, Data)] = []
            contents.reserveCapacity(paths.count)
            for path in paths {
                if let data = try tree.read(path) { contents.append((path, data)) }
            }
            parsed = parseConcurrently(contents)
        }
        var files: [RevisionFile] = []
        var stray: [RevisionFile] = []
        for file in parsed {
            if file.problem == nil, file.revision == nil, file.lines["revision"] == nil {
                stray.append(file)
            } else {
                files.append(file)
            }
        }
        return LoadedProject(environment: environment, tree: tree, files: files, strayFiles: stray,
                             graph: RevisionGraph(files: files))
    }

    /// Reads and parses files on all cores (system calls overlap with parsing), keeping their order.
    static func readAndParseConcurrently(_ paths: [String], tree: FileTree) throws -> [RevisionFile] {
        let results = ResultSlots(count: paths.count)
        let failure = FirstError()
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, paths.count / 64))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < paths.count {
                do {
                    if let data = try tree.read(paths[index]) {
                        results.set(index, RevisionFileParser.parse(path: paths[index], data: data))
                    }
                } catch {
                    failure.record(error)
                }
                index += workers
            }
        }
        if let error = failure.error { throw error }
        return results.compactValues
    }

    /// Parses files on all cores, keeping their order.
    static func parseConcurrently(_ contents: [(String, Data)]) -> [RevisionFile] {
        let results = ResultSlots(count: contents.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, contents.count / 64))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < contents.count {
                results.set(index, RevisionFileParser.parse(path: contents[index].0, data: contents[index].1))
                index += workers
            }
        }
        return results.values
    }

    /// Whether Alembic's `(?!\.\#|__init__)(.*\.py)$` selects a file name.
    public static func isRevisionFileName(_ name: String) -> Bool {
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
            let files = entries.filter { !$0.isDirectory && isRevisionFileName($0.name) }.map(\.name).sorted()
            let prefix = dir.isEmpty ? "" : dir + "/"
            result.append(contentsOf: files.map { prefix + $0 })
            guard recursive else { break }
            // os.walk top-down visits subdirectories depth-first in sorted order.
            let subdirs = entries.filter(\.isDirectory).map(\.name).sorted().map { RelativePath.join(dir, $0) }
            queue.insert(contentsOf: subdirs, at: 0)
        }
        return result
    }
}

/// Fixed slots written by concurrent workers, each slot by exactly one worker.
private final class ResultSlots: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<RevisionFile?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    func set(_ index: Int, _ value: RevisionFile) { buffer[index] = value }

    var values: [RevisionFile] { buffer.map { $0! } }

    /// The filled slots, in order (a file that vanished while listing leaves its slot empty).
    var compactValues: [RevisionFile] { buffer.compactMap { $0 } }
}

/// The first error thrown by any concurrent worker.
private final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?

    func record(_ error: Error) {
        lock.lock()
        if stored == nil { stored = error }
        lock.unlock()
    }

    var error: Error? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
