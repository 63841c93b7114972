/// Base64 (RFC 4648 §4) for encoded words and for attachment bodies (RFC 2045 §6.8).
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Appends the encoding of `bytes`, padded, on one line.
    static func append(_ bytes: some Collection<UInt8>, to output: inout [UInt8]) {
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = iterator.next()
            appendGroup(first, second, third, to: &output)
        }
    }

    /// Appends the encoding of `bytes` in lines of 76 characters, each ended by CRLF (RFC 2045 §6.8).
    static func appendLines(_ bytes: [UInt8], to output: inout [UInt8]) {
        let lineBytes = 57   // 76 characters
        output.reserveCapacity(output.count + encodedLength(bytes.count))
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                let end = min(start + lineBytes, buffer.count)
                var index = start
                while index + 3 <= end {
                    appendGroup(buffer[index], buffer[index + 1], buffer[index + 2], to: &output)
                    index += 3
                }
                if index < end {
                    appendGroup(buffer[index], index + 1 < end ? buffer[index + 1] : nil, nil, to: &output)
                }
                output.append(ASCII.cr)
                output.append(ASCII.lf)
                start = end
            }
        }
    }

    /// The length of `appendLines`' output for `count` bytes.
    static func encodedLength(_ count: Int) -> Int {
        let characters = (count + 2) / 3 * 4
        return characters + (characters + 75) / 76 * 2
    }

    @inline(__always)
    private static func appendGroup(_ first: UInt8, _ second: UInt8?, _ third: UInt8?, to output: inout [UInt8]) {
        let value = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
        output.append(alphabet[Int(value >> 18 & 0x3F)])
        output.append(alphabet[Int(value >> 12 & 0x3F)])
        output.append(second == nil ? ASCII.equals : alphabet[Int(value >> 6 & 0x3F)])
        output.append(third == nil ? ASCII.equals : alphabet[Int(value & 0x3F)])
    }
}
