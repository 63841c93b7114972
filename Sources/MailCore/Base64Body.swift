/// Base64 bodies (RFC 2045 §6.8) decoded the way mail clients decode them, not the way a strict decoder
/// would refuse them:
/// - every byte outside the alphabet (line breaks, spaces, junk a gateway inserted) is skipped;
/// - `=` ends the current group of four, whatever came before it, and decoding goes on after it: some
///   mailers concatenate separately padded base64 chunks (`QQ==QQ==` is `AA`);
/// - a missing final padding is supplied; a lone sextet at the end (no whole byte in it) is dropped.
enum Base64Body {
    /// 0–63 for the alphabet, `padding` for `=`, `invalid` for everything else.
    private static let table: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(value)
        }
        table[Int(ASCII.equals)] = padding
        return table
    }()
    private static let padding: UInt8 = 0xFE
    private static let invalid: UInt8 = 0xFF

    /// Decodes `input` into `output` (room for `input.count / 4 * 3 + 3` bytes) and returns how many bytes
    /// it wrote; with a nil `output` it only counts them.
    static func decode(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>?) -> Int {
        table.withUnsafeBufferPointer { table in
            var written = 0
            var accumulator: UInt32 = 0
            var sextets = 0
            var index = 0
            let count = input.count
            @inline(__always) func emit(_ byte: UInt32) {
                output?[written] = UInt8(truncatingIfNeeded: byte)
                written += 1
            }
            while index < count {
                // Fast path: four alphabet bytes at a group boundary (all of a 76-byte line but its end).
                if sextets == 0, index + 4 <= count {
                    let a = table[Int(input[index])], b = table[Int(input[index + 1])]
                    let c = table[Int(input[index + 2])], d = table[Int(input[index + 3])]
                    if a | b | c | d < 64 {
                        let group = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                        if let output {
                            output[written] = UInt8(truncatingIfNeeded: group >> 16)
                            output[written + 1] = UInt8(truncatingIfNeeded: group >> 8)
                            output[written + 2] = UInt8(truncatingIfNeeded: group)
                        }
                        written += 3
                        index += 4
                        continue
                    }
                }
                let value = table[Int(input[index])]
                index += 1
                if value < 64 {
                    accumulator = accumulator << 6 | UInt32(value)
                    sextets += 1
                    if sextets == 4 {
                        emit(accumulator >> 16)
                        emit(accumulator >> 8)
                        emit(accumulator)
                        sextets = 0
                        accumulator = 0
                    }
                } else if value == padding {
                    flush(accumulator, sextets, emit)
                    sextets = 0
                    accumulator = 0
                }
            }
            flush(accumulator, sextets, emit)
            return written
        }
    }

    /// The whole bytes in an unfinished group: two sextets hold one byte, three hold two.
    @inline(__always)
    private static func flush(_ accumulator: UInt32, _ sextets: Int, _ emit: (UInt32) -> Void) {
        if sextets == 2 {
            emit(accumulator >> 4)
        } else if sextets == 3 {
            emit(accumulator >> 10)
            emit(accumulator >> 2)
        }
    }
}
