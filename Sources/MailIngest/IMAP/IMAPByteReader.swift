/// A cursor over one framed response in the parser's buffer: the RFC 3501 §9 terminals
/// (atoms, numbers, strings, literals, lists) that the grammar extensions are built from.
///
/// Reads are bounded by `end`, the byte after the response's final LF, so malformed input can make
/// a read fail but never run past the response. Whitespace is read liberally: wherever RFC 3501
/// wants one SP, any run of spaces is accepted (some servers pad), and the end of a line is LF
/// with an optional CR before it.
struct IMAPByteReader {
    /// Deepest nesting of parenthesized lists accepted; BODYSTRUCTURE of real mail stays far below.
    static let maxDepth = 64

    let bytes: [UInt8]
    /// Next byte to read.
    var index: Int
    /// First byte of the response, so that error excerpts never reach into the previous one.
    let start: Int
    /// Just past the response's final LF.
    let end: Int
    /// Stream offset of `bytes[0]`, for error offsets.
    let streamBase: Int
    private var depth = 0

    init(bytes: [UInt8], start: Int, end: Int, streamBase: Int) {
        self.bytes = bytes
        self.index = start
        self.start = start
        self.end = end
        self.streamBase = streamBase
    }

    var peek: UInt8? { index < end ? bytes[index] : nil }

    mutating func advance() { index += 1 }

    func failure(_ detail: String, at position: Int? = nil) -> IMAPParseError {
        failure(.syntax, detail, at: position)
    }

    func failure(_ kind: IMAPParseError.Kind, _ detail: String, at position: Int? = nil) -> IMAPParseError {
        IMAPParseError(kind, detail, at: position ?? index, in: bytes, bounds: start..<end, streamBase: streamBase)
    }

    // MARK: Whitespace and line ends

    /// True at LF, or at a CR that is followed by LF.
    var atLineEnd: Bool {
        guard let byte = peek else { return false }
        if byte == UInt8(ascii: "\n") { return true }
        return byte == UInt8(ascii: "\r") && index + 1 < end && bytes[index + 1] == UInt8(ascii: "\n")
    }

    mutating func skipSpaces() {
        while peek == UInt8(ascii: " ") { index += 1 }
    }

    /// One SP in RFC 3501; one or more here.
    mutating func requireSpaces() throws(IMAPParseError) {
        guard peek == UInt8(ascii: " ") else { throw failure("expected a space") }
        skipSpaces()
    }

    mutating func expect(_ byte: UInt8) throws(IMAPParseError) {
        guard peek == byte else { throw failure("expected '\(Unicode.Scalar(byte))'") }
        index += 1
    }

    /// The response must end here: trailing spaces (a common padding quirk), optional CR, the final LF.
    mutating func expectEnd() throws(IMAPParseError) {
        skipSpaces()
        if peek == UInt8(ascii: "\r") { index += 1 }
        guard peek == UInt8(ascii: "\n"), index + 1 == end else { throw failure("expected end of response") }
        index += 1
    }

    // MARK: Atoms and numbers

    /// Bytes while `accept` holds; possibly empty.
    mutating func read(while accept: (UInt8) -> Bool) -> Range<Int> {
        let from = index
        while index < end, accept(bytes[index]) { index += 1 }
        return from..<index
    }

    /// A keyword such as `OK`, `FETCH` or `RFC822.SIZE`: stops before spaces, controls and the
    /// delimiters `( ) [ ] { " <`. Possibly empty.
    mutating func readKeyword() -> Range<Int> {
        read { byte in
            switch byte {
            case 0...0x20, 0x7F, UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"),
                UInt8(ascii: "{"), UInt8(ascii: "\""), UInt8(ascii: "<"):
                false
            default: true
            }
        }
    }

    /// Keywords are case-insensitive (RFC 3501 §9), and some servers send `* ok` or `fetch`.
    func matches(_ range: Range<Int>, _ upper: StaticString) -> Bool {
        guard range.count == upper.utf8CodeUnitCount else { return false }
        return upper.withUTF8Buffer { keyword in
            var i = 0
            for byte in bytes[range] {
                let folded = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 0x20 : byte
                guard folded == keyword[i] else { return false }
                i += 1
            }
            return true
        }
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// ASCII upper case, for keywords that are reported back (`other(keyword:)`).
    func upperText(_ range: Range<Int>) -> String {
        String(decoding: bytes[range].map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }, as: UTF8.self)
    }

    /// RFC 3501 `number`: 0 ... 2^32-1; more is an error rather than a silent wrap.
    mutating func readNumber() throws(IMAPParseError) -> UInt32 {
        let value = try readDigits(limit: Int(UInt32.max))
        return UInt32(value)
    }

    /// RFC 9051 `number64`: 0 ... 2^63-1 (RFC822.SIZE may use it).
    mutating func readNumber64() throws(IMAPParseError) -> Int {
        try readDigits(limit: Int.max)
    }

    private mutating func readDigits(limit: Int) throws(IMAPParseError) -> Int {
        let from = index
        var value = 0
        while let byte = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !o1, !o2, sum <= limit else { throw failure(.numberTooLarge, "number over \(limit)", at: from) }
            value = sum
            index += 1
        }
        guard index > from else { throw failure("expected a number") }
        return value
    }

    /// The rest of the line (RFC 3501 `text`), without its CR LF. Some servers send bytes over
    /// 0x7F (localized messages in UTF-8); they are decoded as UTF-8, invalid bytes replaced.
    mutating func readText() -> String {
        var range = read { $0 != UInt8(ascii: "\n") }
        if !range.isEmpty, bytes[range.upperBound - 1] == UInt8(ascii: "\r") {
            range = range.lowerBound..<(range.upperBound - 1)
            index -= 1
        }
        return text(range)
    }

    // MARK: Nesting

    mutating func enterList() throws(IMAPParseError) {
        guard depth < Self.maxDepth else {
            throw failure(.nestingTooDeep, "lists nested deeper than \(Self.maxDepth)")
        }
        depth += 1
    }

    mutating func leaveList() { depth -= 1 }
}
