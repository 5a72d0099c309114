import Foundation

/// The on-disk format of ``RevisionCache``: an index up front, entries decoded only when looked up.
///
/// ```
/// "MGCKREV6"                        magic
/// u32 n, stamp                      build stamp: migcheck's version and the parser generation
/// u32 count
/// count × (u64 key hash, u32 offset, u32 length)     index; offsets into the entry area
/// entries                           u8 key length, key bytes, fields (see `encodeEntry`)
/// u64 checksum                      of every byte before it
/// ```
/// Integers are little-endian. Every read is bounds-checked and every count is checked against
/// the bytes that remain, so a damaged file is rejected as a whole, never trusted in part.
enum RevisionCacheFormat {
    static let magic = Array("MGCKREV6".utf8)
    /// Bump when `RevisionFile` or the parser's output for the same input changes.
    static let parserGeneration = 9
    /// The stamp a cache file must carry to be used: another build's parses are not trusted.
    static var stamp: String { "\(MigcheckVersion.current)/\(parserGeneration)" }

    /// One entry of a decoded index.
    struct Slot {
        var offset: Int
        var length: Int
        /// Position in the index, for per-entry bookkeeping without hashing keys again.
        var ordinal = 0
    }

    /// The index of `bytes` (key hash → entry) and the number of entries it lists (ordinals run
    /// below it), or `nil` when the file is not a valid cache.
    static func index(_ bytes: [UInt8]) -> (slots: [UInt64: Slot], count: Int)? {
        bytes.withUnsafeBytes { raw -> ([UInt64: Slot], Int)? in
            guard raw.count >= magic.count + 8, raw.starts(with: magic) else { return nil }
            let body = raw.count - 8
            guard checksum(UnsafeRawBufferPointer(rebasing: raw[0..<body])) == readU64(raw, body) else { return nil }
            var reader = ByteReader(raw: UnsafeRawBufferPointer(rebasing: raw[0..<body]), position: magic.count)
            guard reader.string() == stamp, let count = reader.u32(), count <= reader.remaining / 16 else { return nil }
            var slots: [UInt64: Slot] = [:]
            slots.reserveCapacity(count)
            var ranges: [(UInt64, Int, Int)] = []
            ranges.reserveCapacity(count)
            for _ in 0..<count {
                guard let hash = reader.u64(), let offset = reader.u32(), let length = reader.u32() else { return nil }
                ranges.append((hash, offset, length))
            }
            let start = reader.position
            for (ordinal, (hash, offset, length)) in ranges.enumerated() {
                guard offset <= body - start, length <= body - start - offset, length > 0 else { return nil }
                slots[hash] = Slot(offset: start + offset, length: length, ordinal: ordinal)
            }
            return (slots, count)
        }
    }

    /// Writes a cache file from encoded entries (`key`, entry bytes as `encodeEntry` made them).
    static func file(_ entries: [(key: [UInt8], entry: ArraySlice<UInt8>)]) -> [UInt8] {
        var writer = ByteWriter()
        writer.bytes.append(contentsOf: magic)
        writer.string(stamp)
        writer.u32(entries.count)
        var offset = 0
        for (key, entry) in entries {
            writer.u64(FNV1a.hash(key))
            writer.u32(offset)
            writer.u32(entry.count)
            offset += entry.count
        }
        for (_, entry) in entries { writer.bytes.append(contentsOf: entry) }
        let sum = writer.bytes.withUnsafeBytes { checksum($0) }
        writer.u64(sum)
        return writer.bytes
    }

    /// The bytes of one entry: its key, then the parsed file.
    static func encodeEntry(key: [UInt8], _ file: RevisionFile) -> [UInt8] {
        var w = ByteWriter()
        w.byte(UInt8(truncatingIfNeeded: key.count))
        w.bytes.append(contentsOf: key.prefix(255))
        w.optionalString(file.revision)
        w.byte((file.revisionFromFileName ? 1 : 0) | (file.markedIrreversible ? 2 : 0))
        w.strings(file.downRevisions)
        w.strings(file.branchLabels)
        w.strings(file.dependsOn)
        w.optionalString(file.docstring)
        w.optionalString(file.headerRevisionID)
        if let revises = file.headerRevises { w.byte(1); w.strings(revises) } else { w.byte(0) }
        w.optionalInt(file.headerLine)
        for variable in RevisionVariable.allCases { w.optionalInt(file.lines[variable]) }
        w.u32(file.functions.count)
        for function in file.functions {
            w.string(function.name)
            w.byte(FunctionBody.allCases.firstIndex(of: function.body).map { UInt8($0) } ?? 0)
            w.u32(function.line)
        }
        w.u32(file.nonLiterals.count)
        for value in file.nonLiterals { w.string(value.variable); w.string(value.expression); w.u32(value.line) }
        w.optionalString(file.problem?.message)
        w.optionalInt(file.problem?.line)
        return w.bytes
    }

    /// Decodes the entry at `slot` if its key is `key` (a hash collision or damage gives `nil`).
    static func decodeEntry(_ bytes: [UInt8], _ slot: Slot, key: [UInt8]) -> RevisionFile? {
        bytes.withUnsafeBytes { raw in
            var r = ByteReader(raw: UnsafeRawBufferPointer(rebasing: raw[slot.offset..<slot.offset + slot.length]), position: 0)
            guard let length = r.byte(), Int(length) == key.count, let stored = r.take(Int(length)),
                key.withUnsafeBytes({ $0.isEmpty || memcmp($0.baseAddress!, stored.baseAddress!, $0.count) == 0 })
            else { return nil }
            return decodeFields(&r)
        }
    }

    private static func decodeFields(_ r: inout ByteReader) -> RevisionFile? {
        var file = RevisionFile(path: "")
        guard let revision = r.optionalString(), let flags = r.byte(), let down = r.strings(), let labels = r.strings(),
            let depends = r.strings(), let docstring = r.optionalString(), let headerID = r.optionalString(),
            let hasRevises = r.byte()
        else { return nil }
        file.revision = revision
        file.revisionFromFileName = flags & 1 != 0
        file.markedIrreversible = flags & 2 != 0
        file.downRevisions = down
        file.branchLabels = labels
        file.dependsOn = depends
        file.docstring = docstring
        file.headerRevisionID = headerID
        if hasRevises == 1 {
            guard let revises = r.strings() else { return nil }
            file.headerRevises = revises
        }
        guard let headerLine = r.optionalInt() else { return nil }
        file.headerLine = headerLine
        for variable in RevisionVariable.allCases {
            guard let line = r.optionalInt() else { return nil }
            file.lines[variable] = line
        }
        guard let functionCount = r.count() else { return nil }
        file.functions.reserveCapacity(functionCount)
        for _ in 0..<functionCount {
            guard let name = r.string(), let raw = r.byte(), Int(raw) < FunctionBody.allCases.count, let line = r.u32() else {
                return nil
            }
            file.functions.append(ModuleFunction(name: name, body: FunctionBody.allCases[Int(raw)], line: line))
        }
        guard let nonLiteralCount = r.count() else { return nil }
        for _ in 0..<nonLiteralCount {
            guard let variable = r.string(), let expression = r.string(), let line = r.u32() else { return nil }
            file.nonLiterals.append(NonLiteralValue(variable: variable, expression: expression, line: line))
        }
        guard let problem = r.optionalString(), let problemLine = r.optionalInt(), r.remaining == 0 else { return nil }
        if let problem { file.problem = RevisionFileProblem(message: problem, line: problemLine) }
        return file
    }

    /// A fast 64-bit checksum over 8-byte words (damage detection, not authentication).
    static func checksum(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
        var index = 0
        while index + 8 <= raw.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            index += 8
        }
        while index < raw.count {
            hash = (hash ^ UInt64(raw[index])) &* 0xC4CE_B9FE_1A85_EC53
            index += 1
        }
        return hash ^ (hash >> 29)
    }

    private static func readU64(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}

/// Appends little-endian integers and length-prefixed UTF-8 strings.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func u32(_ value: Int) {
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        u32(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func optionalString(_ value: String?) {
        guard let value else { byte(0); return }
        byte(1)
        string(value)
    }

    /// A non-negative integer or absent (written as 0xFFFF_FFFF).
    mutating func optionalInt(_ value: Int?) { u32(value.map { max(0, min($0, 0xFFFF_FFFE)) } ?? 0xFFFF_FFFF) }

    mutating func strings(_ values: [String]) {
        u32(values.count)
        for value in values { string(value) }
    }
}

/// Reads what ``ByteWriter`` wrote; every read returns `nil` past the end.
struct ByteReader {
    let raw: UnsafeRawBufferPointer
    var position: Int

    var remaining: Int { raw.count - position }

    mutating func byte() -> UInt8? {
        guard position < raw.count else { return nil }
        defer { position += 1 }
        return raw[position]
    }

    mutating func u32() -> Int? {
        guard remaining >= 4 else { return nil }
        defer { position += 4 }
        return Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
    }

    mutating func u64() -> UInt64? {
        guard remaining >= 8 else { return nil }
        defer { position += 8 }
        return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt64.self))
    }

    /// A count of items that each take at least 4 bytes: larger than what remains is damage.
    mutating func count() -> Int? {
        guard let value = u32(), value <= remaining / 4 else { return nil }
        return value
    }

    mutating func take(_ count: Int) -> UnsafeRawBufferPointer? {
        guard count >= 0, count <= remaining else { return nil }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: raw[position..<position + count])
    }

    mutating func string() -> String? {
        guard let count = u32(), let slice = take(count) else { return nil }
        return String(decoding: slice, as: UTF8.self)
    }

    /// `.some(nil)` for an absent value, `nil` for a malformed one.
    mutating func optionalString() -> String?? {
        guard let flag = byte() else { return nil }
        if flag == 0 { return .some(nil) }
        guard flag == 1, let value = string() else { return nil }
        return .some(value)
    }

    /// `.some(nil)` for an absent value, `nil` for a malformed one.
    mutating func optionalInt() -> Int?? {
        guard let value = u32() else { return nil }
        return .some(value == 0xFFFF_FFFF ? nil : value)
    }

    mutating func strings() -> [String]? {
        guard let count = count() else { return nil }
        var result: [String] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            guard let value = string() else { return nil }
            result.append(value)
        }
        return result
    }
}
