/// Text as RFC 2047 encoded words in UTF-8: `=?UTF-8?B?...?=` or `=?UTF-8?Q?...?=`, whichever makes the
/// whole text shorter.
///
/// The text is cut into units that a word boundary may fall between: whole characters (grapheme clusters),
/// or, for a cluster too large for one word (a long emoji sequence), its Unicode scalars. A UTF-8 sequence
/// is never split across two words (RFC 2047 §5 forbids it, and many readers show two replacement
/// characters).
///
/// Q uses only the characters RFC 2047 §5(3) allows in a phrase (letters, digits, `!*+-/`, `_` for
/// space), so the same words are correct in a Subject and in a display name.
struct EncodedWordEncoder {
    /// RFC 2047 §2: an encoded word is at most 75 characters.
    static let maxWordLength = 75
    private static let prefixB = Array("=?UTF-8?B?".utf8)
    private static let prefixQ = Array("=?UTF-8?Q?".utf8)
    private static let overhead = prefixB.count + 2   // "?="
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private let bytes: [UInt8]
    /// Where each unit starts in `bytes`, and `bytes.count` last.
    private let bounds: [Int]
    private let useBase64: Bool

    init(_ text: Substring) {
        var bytes: [UInt8] = []
        var bounds: [Int] = [0]
        // The largest unit a word holds in either encoding: 21 bytes (63 characters in Q, all escaped).
        let maxUnit = 21
        for character in text {
            let utf8 = character.utf8
            if utf8.count > maxUnit {
                for scalar in character.unicodeScalars {
                    bytes.append(contentsOf: String(scalar).utf8)
                    bounds.append(bytes.count)
                }
            } else {
                bytes.append(contentsOf: utf8)
                bounds.append(bytes.count)
            }
        }
        self.bytes = bytes
        self.bounds = bounds
        let qLength = bytes.reduce(0) { $0 + Self.qLength($1) }
        useBase64 = (bytes.count + 2) / 3 * 4 < qLength
    }

    var unitCount: Int { bounds.count - 1 }

    /// The end of the longest run of units from `start` whose encoded word is at most `length` characters;
    /// `start` when not even one unit fits.
    func fittingEnd(from start: Int, length: Int) -> Int {
        let room = length - Self.overhead
        guard room > 0 else { return start }
        var end = start
        var encoded = 0
        while end < unitCount {
            let unit = bounds[end]..<bounds[end + 1]
            let next: Int
            if useBase64 {
                next = (bounds[end + 1] - bounds[start] + 2) / 3 * 4
            } else {
                next = encoded + bytes[unit].reduce(0) { $0 + Self.qLength($1) }
            }
            guard next <= room else { break }
            encoded = next
            end += 1
        }
        return end
    }

    func appendWord(units: Range<Int>, to output: inout [UInt8]) {
        let slice = bytes[bounds[units.lowerBound]..<bounds[units.upperBound]]
        if useBase64 {
            output.append(contentsOf: Self.prefixB)
            Base64.append(slice, to: &output)
        } else {
            output.append(contentsOf: Self.prefixQ)
            for byte in slice {
                if byte == ASCII.space {
                    output.append(ASCII.underscore)
                } else if Self.qLength(byte) == 1 {
                    output.append(byte)
                } else {
                    output.append(ASCII.equals)
                    output.append(Self.hexDigits[Int(byte >> 4)])
                    output.append(Self.hexDigits[Int(byte & 0x0F)])
                }
            }
        }
        output.append(ASCII.question)
        output.append(ASCII.equals)
    }

    /// 1 for bytes Q writes as themselves (space becomes `_`), 3 for `=XX`.
    @inline(__always)
    private static func qLength(_ byte: UInt8) -> Int {
        switch byte {
        case ASCII.space, 0x21, 0x2A, ASCII.plus, ASCII.minus, 0x2F: return 1   // ! * + - /
        case _ where ASCII.isDigit(byte) || ASCII.isLetter(byte): return 1
        default: return 3
        }
    }
}
