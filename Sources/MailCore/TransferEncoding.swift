/// A Content-Transfer-Encoding (RFC 2045 §6) and how to undo it.
///
/// Decoding never fails: base64 skips what is not base64, quoted-printable keeps a bad escape as written,
/// and an unknown encoding is read as 8bit (the parser records a problem for it).
public enum TransferEncoding: Sendable, Hashable {
    case sevenBit, eightBit, binary, quotedPrintable, base64
    /// A name RFC 2045 does not define (`x-uuencode`, `8-bit-ish`), in lower case; the body is left as is.
    case unknown(String)

    /// Reads the field's value; an empty value is 7bit, the default (RFC 2045 §6.1).
    public init(parsing value: some Collection<UInt8>) {
        // Some mailers quote the token (`"8bit"`), which RFC 2045 §6.1 does not allow but means the same.
        let token = ParameterizedValue(parsing: value).value.filter { $0 != ASCII.quote }.map(ASCII.lowercased)
        switch String(decoding: token, as: UTF8.self) {
        case "", "7bit", "7-bit": self = .sevenBit
        // "8-bit" is what a few webmailers write; it can only mean 8bit.
        case "8bit", "8-bit": self = .eightBit
        case "binary": self = .binary
        case "quoted-printable": self = .quotedPrintable
        case "base64": self = .base64
        case let other: self = .unknown(other)
        }
    }

    /// True when the body is stored as it is meant (every encoding but base64 and quoted-printable).
    public var isIdentity: Bool {
        switch self {
        case .base64, .quotedPrintable: false
        default: true
        }
    }

    /// The decoded bytes of `body`.
    public func decode(_ body: some Collection<UInt8>) -> [UInt8] {
        if isIdentity { return Array(body) }
        if let decoded = body.withContiguousStorageIfAvailable({ decode(buffer: $0) }) { return decoded }
        return Array(body).withUnsafeBufferPointer { decode(buffer: $0) }
    }

    /// How many bytes `decode` would return, without building them.
    public func decodedCount(_ body: some Collection<UInt8>) -> Int {
        if isIdentity { return body.count }
        if let count = body.withContiguousStorageIfAvailable({ decodedCount(buffer: $0) }) { return count }
        return Array(body).withUnsafeBufferPointer { decodedCount(buffer: $0) }
    }

    func decode(buffer: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let capacity: Int
        switch self {
        case .base64: capacity = buffer.count / 4 * 3 + 3
        case .quotedPrintable: capacity = buffer.count
        default: return Array(buffer)
        }
        return [UInt8](unsafeUninitializedCapacity: capacity) { output, initialized in
            initialized = self == .base64
                ? Base64Body.decode(buffer, into: output.baseAddress)
                : QuotedPrintableBody.decode(buffer, into: output.baseAddress)
        }
    }

    func decodedCount(buffer: UnsafeBufferPointer<UInt8>) -> Int {
        switch self {
        case .base64: Base64Body.decode(buffer, into: nil)
        case .quotedPrintable: QuotedPrintableBody.decode(buffer, into: nil)
        default: buffer.count
        }
    }
}
