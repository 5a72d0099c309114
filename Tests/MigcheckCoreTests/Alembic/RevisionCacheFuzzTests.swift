import Foundation
import Testing

@testable import MigcheckCore

/// Damaged parse caches: byte flips, truncations, extensions and forged counts never crash
/// migcheck and never change what a load returns (issue: hostile input, item 12). Seeded and
/// deterministic; `MIGCHECK_FUZZ_CASES` raises the number of cases (default 1,500 per kind).
@Suite struct RevisionCacheFuzzTests {
    static var cases: Int { Int(ProcessInfo.processInfo.environment["MIGCHECK_FUZZ_CASES"] ?? "") ?? 1_500 }

    /// A small deterministic generator (SplitMix64), so a failure names a reproducible case.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A valid cache of a few realistic entries.
    static func validCache() -> (bytes: [UInt8], entries: [[UInt8]: RevisionFile]) {
        var entries: [[UInt8]: RevisionFile] = [:]
        for index in 0..<6 {
            let source = revisionSource("r\(index)", down: index == 0 ? [] : ["r\(index - 1)"], labels: index == 2 ? ["core"] : [])
            var file = RevisionFileParser.parse(path: "v/r\(index).py", data: Data(source.utf8))
            if index == 3 { file.nonLiterals.append(NonLiteralValue(variable: "depends_on", expression: "f()", line: 7)) }
            entries[[UInt8(ascii: "S")] + Array("key-\(index)".utf8)] = file
        }
        return (RevisionCache.encode(entries), entries)
    }

    /// Rewrites the trailing checksum so the damage reaches the structural checks behind it.
    static func resealed(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 8 else { return bytes }
        var body = Array(bytes.dropLast(8))
        let sum = body.withUnsafeBytes { RevisionCacheFormat.checksum($0) }
        withUnsafeBytes(of: sum.littleEndian) { body.append(contentsOf: $0) }
        return body
    }

    static func mutate(_ bytes: [UInt8], _ random: inout SplitMix) -> [UInt8] {
        var copy = bytes
        switch random.next() % 5 {
        case 0:  // flip a few bytes
            for _ in 0..<(1 + Int(random.next() % 4)) {
                copy[Int(random.next() % UInt64(copy.count))] ^= UInt8(truncatingIfNeeded: random.next() | 1)
            }
        case 1:  // truncate
            copy.removeLast(1 + Int(random.next() % UInt64(copy.count - 1)))
        case 2:  // append garbage
            copy += (0..<(1 + Int(random.next() % 32))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        case 3:  // forge a huge 32-bit length or count somewhere
            let at = Int(random.next() % UInt64(copy.count - 4))
            for offset in 0..<4 { copy[at + offset] = 0xFF }
        default:  // duplicate a slice (shifts every offset after it)
            let start = Int(random.next() % UInt64(copy.count))
            let length = min(copy.count - start, 1 + Int(random.next() % 64))
            copy.insert(contentsOf: copy[start..<start + length], at: start)
        }
        return copy
    }

    @Test func damagedCachesAreRejectedWhole() {
        let (bytes, _) = Self.validCache()
        var random = SplitMix(state: 20_261_130)
        var accepted = 0
        for _ in 0..<Self.cases {
            let damaged = Self.mutate(bytes, &random)
            if damaged != bytes, RevisionCache.decode(damaged) != nil { accepted += 1 }
        }
        // The checksum catches every raw change (a collision in 64 bits is not expected here).
        #expect(accepted == 0)
    }

    @Test func resealedDamageNeverCrashesAndNeverInventsEntries() {
        let (bytes, entries) = Self.validCache()
        var random = SplitMix(state: 7)
        for _ in 0..<Self.cases {
            let damaged = Self.resealed(Self.mutate(bytes, &random))
            guard let decoded = RevisionCache.decode(damaged) else { continue }
            // Whatever survives the structural checks is keyed by a real key and decodes to a file;
            // the loader compares keys, so a surviving entry can only be served for its own key.
            #expect(decoded.count <= entries.count)
        }
    }

    @Test func aLoadThroughADamagedCacheFileEqualsAnUncachedLoad() throws {
        let dir = try ScratchDirectory()
        defer { dir.remove() }
        try dir.write("alembic.ini", "[alembic]\nscript_location = %(here)s/m\n")
        try dir.write("m/env.py", "")
        for index in 0..<5 {
            try dir.write("m/versions/r\(index).py", revisionSource("r\(index)", down: index == 0 ? [] : ["r\(index - 1)"]))
        }
        for index in 0..<5 {
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: -3600)],
                ofItemAtPath: dir.url.appendingPathComponent("m/versions/r\(index).py").path)
        }
        Thread.sleep(forTimeInterval: 3.1)
        let environment = try AlembicConfigReader.read(configPath: "alembic.ini", in: dir.tree)
        let expected = try RevisionLoader.load(environment, from: dir.tree, cacheEnvironment: ["MIGCHECK_NO_CACHE": "1"])
        var random = SplitMix(state: 99)
        for round in 0..<12 {
            // A fresh cache directory per round: the cache instance is shared per file per process.
            let cacheDir = dir.url.appendingPathComponent("cache-\(round)")
            let env = ["MIGCHECK_CACHE_DIR": cacheDir.path]
            let folder = cacheDir.appendingPathComponent("revisions")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            // The cache this tree's files would have, damaged.
            let file = folder.appendingPathComponent(FNV1a.hex(dir.tree.rootPath) + ".bin")
            var entries: [[UInt8]: RevisionFile] = [:]
            for parsed in expected.files { if let key = dir.tree.cacheKey(parsed.path) { entries[key] = parsed } }
            var bytes = RevisionCache.encode(entries)
            bytes = round.isMultiple(of: 2) ? Self.mutate(bytes, &random) : Self.resealed(Self.mutate(bytes, &random))
            try Data(bytes).write(to: file)
            let loaded = try RevisionLoader.load(environment, from: dir.tree, cacheEnvironment: env)
            // Accidental damage (odd rounds are forged: resealed on purpose) never changes the answer.
            if round.isMultiple(of: 2) {
                #expect(loaded.files.map(\.revision) == expected.files.map(\.revision))
                #expect(loaded.graph.heads == expected.graph.heads)
            }
        }
    }
}
