/// Byte values and character classes of the ASCII grammar in RFC 5322 §3.2, shared by the header parsers.
///
/// The parsers work on bytes, not `String`, until a value is extracted: header syntax is ASCII, and every
/// structural byte (`:`, `<`, `"`, `(` …) is below 0x80, so scanning the UTF-8 bytes of a field can never
/// split a multi-byte character at a delimiter.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22          // "
    static let openParen: UInt8 = 0x28      // (
    static let closeParen: UInt8 = 0x29     // )
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let lessThan: UInt8 = 0x3C
    static let equals: UInt8 = 0x3D
    static let greaterThan: UInt8 = 0x3E
    static let question: UInt8 = 0x3F
    static let at: UInt8 = 0x40
    static let openBracket: UInt8 = 0x5B    // [
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D   // ]
    static let underscore: UInt8 = 0x5F

    /// WSP (RFC 5234 appendix B.1): space or horizontal tab.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// Whitespace as it may appear in an unfolded value: WSP plus stray CR/LF that some mailers leave in.
    @inline(__always)
    static func isLinearWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab || byte == cr || byte == lf }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }

    /// Value of a hexadecimal digit in either case, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        if byte &- 0x30 < 10 { return byte &- 0x30 }
        let lower = byte | 0x20
        if lower &- 0x61 < 6 { return lower &- 0x61 &+ 10 }
        return nil
    }

    /// ASCII case-insensitive comparison of a `String` with a lowercase ASCII name, without allocating.
    static func equalsIgnoringCase(_ string: String, _ lowercaseName: StaticString) -> Bool {
        lowercaseName.withUTF8Buffer { name in
            withUTF8(string) { equalsIgnoringCase($0, name) } ?? equalsIgnoringCase(Array(string.utf8), name)
        }
    }

    /// ASCII case-insensitive comparison of two strings (header field names, charset names).
    static func equalsIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        let fast = withUTF8(lhs) { left in
            withUTF8(rhs) { right in zip(left, right).allSatisfy { lowercased($0) == lowercased($1) } }
        }
        return (fast ?? nil) ?? zip(lhs.utf8, rhs.utf8).allSatisfy { lowercased($0) == lowercased($1) }
    }

    /// Case-insensitive equality of `bytes` with `lowercaseName`.
    @inline(__always)
    static func equalsIgnoringCase(_ bytes: some Collection<UInt8>, _ lowercaseName: UnsafeBufferPointer<UInt8>)
        -> Bool {
        guard bytes.count == lowercaseName.count else { return false }
        var index = 0
        for byte in bytes {
            if lowercased(byte) != lowercaseName[index] { return false }
            index += 1
        }
        return true
    }

    /// The string's UTF-8 bytes without copying when it is stored contiguously (native strings are).
    @inline(__always)
    static func withUTF8<Result>(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        string.utf8.withContiguousStorageIfAvailable(body)
    }
}
