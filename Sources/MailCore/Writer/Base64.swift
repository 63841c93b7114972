/// Base64 (RFC 4648 §4) for encoded words and for attachment bodies (RFC 2045 §6.8).
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    /// RFC 2045 §6.8: at most 76 characters a line, 57 bytes' worth.
    private static let lineBytes = 57

    /// Appends the encoding of `bytes`, padded, on one line.
    static func append(_ bytes: some Collection<UInt8>, to output: inout [UInt8]) {
        let bytes = Array(bytes)
        output.append(upTo: (bytes.count + 2) / 3 * 4) { out in
            bytes.withUnsafeBufferPointer { input in
                alphabet.withUnsafeBufferPointer { encode(input, to: out, table: $0) }
            }
        }
    }

    /// Appends the encoding of `bytes` in lines of 76 characters, each ended by CRLF.
    static func appendLines(_ bytes: [UInt8], to output: inout [UInt8]) {
        output.append(upTo: encodedLength(bytes.count)) { out in
            bytes.withUnsafeBufferPointer { input in
                alphabet.withUnsafeBufferPointer { table in
                    var written = 0
                    var start = 0
                    while start < input.count {
                        let end = min(start + lineBytes, input.count)
                        written += encode(UnsafeBufferPointer(rebasing: input[start..<end]), to: out + written,
                                          table: table)
                        out[written] = ASCII.cr
                        out[written + 1] = ASCII.lf
                        written += 2
                        start = end
                    }
                    return written
                }
            }
        }
    }

    /// The length of `appendLines`' output for `count` bytes.
    static func encodedLength(_ count: Int) -> Int {
        let lines = (count + lineBytes - 1) / lineBytes
        return (count + 2) / 3 * 4 + lines * 2
    }

    /// Writes the padded encoding of `input` at `out`; returns its length.
    private static func encode(_ input: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>,
                               table: UnsafeBufferPointer<UInt8>) -> Int {
        var written = 0
        var index = 0
        while index + 3 <= input.count {
            let value = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            out[written] = table[Int(value >> 18)]
            out[written + 1] = table[Int(value >> 12 & 0x3F)]
            out[written + 2] = table[Int(value >> 6 & 0x3F)]
            out[written + 3] = table[Int(value & 0x3F)]
            written += 4
            index += 3
        }
        if index < input.count {
            let hasSecond = index + 1 < input.count
            let value = UInt32(input[index]) << 16 | (hasSecond ? UInt32(input[index + 1]) << 8 : 0)
            out[written] = table[Int(value >> 18)]
            out[written + 1] = table[Int(value >> 12 & 0x3F)]
            out[written + 2] = hasSecond ? table[Int(value >> 6 & 0x3F)] : ASCII.equals
            out[written + 3] = ASCII.equals
            written += 4
        }
        return written
    }
}
