import CLibgit2
import Foundation

extension ObjectGuard {
    /// What is wrong with a loose object's compressed bytes, or `nil` when the zlib stream is
    /// complete and holds a `type size\0` header followed by exactly `size` bytes.
    ///
    /// The output goes through one 64 KiB buffer (only the header is kept) and stops as soon as
    /// it exceeds the declared size, so a damaged or hostile file costs at most what the object
    /// it claims to be would.
    static func damage(ofCompressed bytes: [UInt8]) -> String? {
        // Very old git wrote "pack-like" loose objects, not zlib streams; libgit2 reads those itself.
        guard bytes.count >= 2, bytes[0] & 0x8F == 0x08, (UInt16(bytes[0]) << 8 | UInt16(bytes[1])) % 31 == 0 else {
            return bytes.count < 2 ? "is truncated (\(bytes.count) byte)" : nil
        }
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var header: [UInt8] = []
        var total = 0
        var declared: (headerLength: Int, size: Int)?
        var output = [UInt8](repeating: 0, count: 1 << 16)
        var input = bytes
        return input.withUnsafeMutableBufferPointer { input -> String? in
            stream.next_in = input.baseAddress
            stream.avail_in = UInt32(input.count)
            while true {
                let status = output.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    let produced = out.count - Int(stream.avail_out)
                    if declared == nil, header.count < 64 { header += out.prefix(min(produced, 64 - header.count)) }
                    total += produced
                    return status
                }
                if declared == nil, let zero = header.firstIndex(of: 0) {
                    guard let size = Self.declaredSize(header[..<zero]) else { return "has no valid object header" }
                    declared = (zero + 1, size)
                }
                if declared == nil, header.count >= 64 { return "has no valid object header" }
                if let declared, total > declared.headerLength + declared.size {
                    return "holds more than the \(declared.size) bytes its header declares"
                }
                if status == Z_STREAM_END { break }
                if status == Z_OK, stream.avail_out == 0 || stream.avail_in > 0 { continue }
                if status == Z_OK || status == Z_BUF_ERROR {
                    return "is truncated: its zlib stream ends after \(bytes.count) bytes, before the object does"
                }
                let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                return "is corrupt (\(reason))"
            }
            guard let declared else { return "has no valid object header" }
            let body = total - declared.headerLength
            return body == declared.size ? nil : "holds \(body) bytes where its header declares \(declared.size)"
        }
    }

    /// The size in a loose object header (`blob 123`), or `nil` when the header is not one.
    static func declaredSize(_ header: ArraySlice<UInt8>) -> Int? {
        let text = String(decoding: header, as: UTF8.self)
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, ["commit", "tree", "blob", "tag"].contains(parts[0]),
            !parts[1].isEmpty, parts[1].count <= 18, parts[1].utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let size = Int(parts[1]), size >= 0
        else { return nil }
        return size
    }
}
