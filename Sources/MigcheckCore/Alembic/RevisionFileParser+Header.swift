import Foundation

extension RevisionFileParser {
    /// The rest of the first line of `header` that starts (after spaces) with `key`, trimmed.
    /// A byte scan: most headers are read only to find that they agree.
    static func headerValue(_ header: String, key: String) -> String? {
        let bytes = header.utf8
        let keyBytes = Array(key.utf8)
        var lineStart = bytes.startIndex
        while lineStart < bytes.endIndex {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            var i = lineStart
            while i < lineEnd, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i = bytes.index(after: i) }
            if bytes[i..<lineEnd].starts(with: keyBytes) {
                let valueStart = bytes.index(i, offsetBy: keyBytes.count)
                return trimSpaces(Substring(header.utf8[valueStart..<lineEnd]))
            }
            lineStart = lineEnd < bytes.endIndex ? bytes.index(after: lineEnd) : lineEnd
        }
        return nil
    }

    /// Reads a `Revises:` value: `a, b`, `('a', 'b')` (templates without the comma filter) or `None`.
    static func normalizeRevises(_ text: String) -> [String] {
        var result: [String] = []
        var current: [UInt8] = []
        func flush() {
            var item = current[...]
            while let first = item.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { item = item.dropFirst() }
            while let last = item.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") || last == UInt8(ascii: "\r") {
                item = item.dropLast()
            }
            if !item.isEmpty, !item.elementsEqual("None".utf8) { result.append(String(decoding: item, as: UTF8.self)) }
            current.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "'"), UInt8(ascii: "\""): continue
            case UInt8(ascii: ","): flush()
            default: current.append(byte)
            }
        }
        flush()
        return result
    }

    /// Strips spaces and tabs at both ends (Foundation's `trimmingCharacters` bridges through
    /// NSString and dominated `check` on large histories).
    static func trimSpaces<S: StringProtocol>(_ text: S) -> String {
        var slice = Substring(text)
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice.removeLast() }
        return String(slice)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

extension ArraySlice {
    subscript(safe offset: Int) -> Element? {
        let i = startIndex + offset
        return indices.contains(i) ? self[i] : nil
    }
}
