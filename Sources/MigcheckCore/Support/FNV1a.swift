/// 64-bit FNV-1a: a stable, cheap key for file names and cache entries, not a security measure.
enum FNV1a {
    /// The hash of `bytes`.
    static func hash<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// The hash of `text`'s UTF-8 bytes, in hex.
    static func hex(_ text: String) -> String { String(hash(text.utf8), radix: 16) }
}
