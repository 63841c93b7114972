/// Bytes from the server that are not IMAP, or that exceed a limit of ``IMAPResponseParser``.
///
/// The connection cannot be trusted after this (we no longer know where responses start), so the
/// caller drops it and reconnects. The description names the problem, the stream offset and a short
/// excerpt of the bytes there (at most ``excerptLimit`` bytes of input, non-printables escaped), which
/// is enough to recognise a server quirk in a log line without dumping message contents.
public struct IMAPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem; a struct rather than an enum so that kinds can be added.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// The bytes do not follow the RFC 3501 grammar, even read liberally.
        public static let syntax = Kind(name: "syntax error")
        /// A literal (or the literals of one response together) is over `maxLiteralBytes`.
        public static let literalTooLarge = Kind(name: "literal too large")
        /// The non-literal bytes of one response are over `maxLineBytes`.
        public static let lineTooLong = Kind(name: "line too long")
        /// Parenthesized lists are nested deeper than ``IMAPByteReader/maxDepth``.
        public static let nestingTooDeep = Kind(name: "nesting too deep")
        /// A number does not fit its type (2^32-1 for RFC 3501 `number`).
        public static let numberTooLarge = Kind(name: "number too large")
    }

    /// Upper bound on the input bytes quoted in ``excerpt``.
    public static let excerptLimit = 60

    public let kind: Kind
    /// What was expected or exceeded, e.g. "expected ')'" or "literal of 90000000 bytes, limit 67108864".
    public let detail: String
    /// Offset of the problem in the byte stream, counted from the parser's first byte
    /// (0 when the error comes from ``UIDSet/init(parsing:largest:)`` on its own).
    public let offset: Int
    /// The bytes around ``offset``, printable ASCII kept, everything else escaped (`\r`, `\x00`).
    public let excerpt: String

    public var description: String {
        "IMAP \(kind): \(detail) at byte \(offset) near \"\(excerpt)\""
    }

    init(_ kind: Kind, _ detail: String, offset: Int, excerpt: String) {
        self.kind = kind
        self.detail = detail
        self.offset = offset
        self.excerpt = excerpt
    }

    /// An error at `index` of `bytes`: quotes up to 20 bytes before and 40 from `index`, within
    /// `bounds` (the response, so that neighbouring responses never leak into a log line).
    init(_ kind: Kind, _ detail: String, at index: Int, in bytes: [UInt8], bounds: Range<Int>, streamBase: Int) {
        let bounds = bounds.clamped(to: 0..<bytes.count)
        let from = max(bounds.lowerBound, min(index, bounds.upperBound) - 20)
        let to = max(from, min(bounds.upperBound, from + Self.excerptLimit))
        self.init(kind, detail, offset: streamBase + index, excerpt: Self.escape(bytes[from..<to]))
    }

    static func escape(_ bytes: ArraySlice<UInt8>) -> String {
        var out = ""
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\r"): out += "\\r"
            case UInt8(ascii: "\n"): out += "\\n"
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\""): out += "\\\""
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789abcdef".unicodeScalars)
                out += "\\x"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }
}
