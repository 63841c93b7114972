/// One header field, unfolded (RFC 5322 §2.2.3): the CRLF (or bare LF) before each continuation line is
/// removed and the whitespace after it kept, so `Subject: a\r\n\tb` has the value `a\tb`. Whitespace after
/// the colon and at the end of the value is trimmed.
public struct HeaderField: Sendable, Hashable {
    /// The field name as written (`Message-Id`, `cc`); compare names with `hasName(_:)`.
    public var name: String {
        didSet { known = FieldName.known(name) }
    }
    /// The unfolded value bytes, undecoded. A slice into storage shared by all fields of a section, so its
    /// indices do not start at zero.
    public var rawValue: ArraySlice<UInt8>
    /// Which of the fields `MessageHead` reads this is, found once when the name is set.
    private(set) var known: FieldName.Known?

    public init(name: String, rawValue: ArraySlice<UInt8>) {
        self.init(name: name, known: FieldName.known(name), rawValue: rawValue)
    }

    init(name: String, known: FieldName.Known?, rawValue: ArraySlice<UInt8>) {
        self.name = name
        self.known = known
        self.rawValue = rawValue
    }

    /// The value as text: 8-bit bytes read as UTF-8 when valid, else as windows-1252. Encoded words are not
    /// decoded here (that depends on the field's syntax); see `EncodedWords`.
    public var text: String { Charset.decodeUndeclared(rawValue) }

    /// ASCII case-insensitive match of the name (RFC 5322 §1.2.2: field names are case-insensitive).
    public func hasName(_ other: String) -> Bool {
        guard name.utf8.count == other.utf8.count else { return false }
        return ASCII.equalsIgnoringCase(name, other)
    }

    /// Runs `body` over the value as valid UTF-8 bytes. Raw bytes that are valid UTF-8 (nearly always plain
    /// ASCII) are passed as they are; others are transcoded from windows-1252 first. Every structured-field
    /// parser works on these bytes, so what it extracts can be made a `String` without a second validation.
    func withUTF8Value<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        rawValue.withUnsafeBufferPointer { buffer in
            if Self.isASCII(buffer) || Charset.isValidUTF8(buffer) { return body(buffer) }
            var text = Charset.decode(buffer: buffer, charset: nil)
            return text.withUTF8(body)
        }
    }

    @inline(__always)
    static func isASCII(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        // Eight bytes at a time: header values are mostly long runs of ASCII.
        var index = 0
        if let base = buffer.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= buffer.count {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
                    return false
                }
                index += 8
            }
        }
        while index < buffer.count {
            if buffer[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }
}
