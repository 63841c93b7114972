import Glibc

/// Text in any charset glibc's iconv knows, decoded to a `String`.
///
/// Every label a message may carry is first resolved the way mail clients resolve it (see
/// `CharsetLabel`), then decoded through `iconv(3)`. Decoding never fails and never truncates: an invalid
/// or incomplete sequence becomes U+FFFD and decoding goes on after it.
public enum Charset {
    /// Decodes `bytes` declared as `charset` (a MIME charset label as written, or nil when undeclared).
    ///
    /// Undeclared text, `unknown-8bit`, `us-ascii` with 8-bit bytes, and labels iconv does not know are read
    /// as UTF-8 when the bytes are valid UTF-8, else as windows-1252: what 8-bit mail without a (correct)
    /// label overwhelmingly is.
    public static func decode(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        if let decoded = bytes.withContiguousStorageIfAvailable({ decode(buffer: $0, charset: charset) }) {
            return decoded
        }
        return Array(bytes).withUnsafeBufferPointer { decode(buffer: $0, charset: charset) }
    }

    /// Decodes `bytes` whose charset is undeclared: UTF-8 when valid, else windows-1252.
    public static func decodeUndeclared(_ bytes: some Collection<UInt8>) -> String {
        decode(bytes, charset: nil)
    }

    /// The iconv name `label` resolves to, or nil when it means "undeclared" (or UTF-8, which needs no
    /// iconv). For diagnostics and tests.
    public static func iconvName(for label: String) -> String? {
        if case .iconv(let name, _) = CharsetLabel.resolve(label) { return name }
        return nil
    }

    static func decode(buffer: UnsafeBufferPointer<UInt8>, charset: String?) -> String {
        let resolved = charset.map(CharsetLabel.resolve) ?? .undeclared
        switch resolved {
        case .utf8:
            // Swift's decoder replaces each maximal invalid subpart with U+FFFD (Unicode §3.9), like iconv
            // with our replacement loop would, but without a round trip through iconv.
            return String(decoding: buffer, as: UTF8.self)
        case .undeclared:
            if HeaderField.isASCII(buffer) || isValidUTF8(buffer) { return String(decoding: buffer, as: UTF8.self) }
            return IconvPool.shared.convert(buffer, from: CharsetLabel.windows1252, unitSize: 1)
                ?? String(decoding: buffer, as: UTF8.self)
        case .iconv(let name, let kind):
            if kind == .asciiCompatible, isPlainASCII(buffer) {
                return String(decoding: buffer, as: UTF8.self)
            }
            if let text = IconvPool.shared.convert(buffer, from: name, unitSize: kind.unitSize) {
                return text
            }
            // A name iconv does not know after all: treat the text as undeclared.
            return decode(buffer: buffer, charset: nil)
        }
    }

    /// True when `buffer` is well-formed UTF-8 (Unicode §3.9, table 3-7: no overlong forms, no surrogates,
    /// nothing above U+10FFFF). Checks without building a `String`.
    static func isValidUTF8(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = buffer.count
        while index < count {
            let lead = buffer[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard index + length <= count, (low...high).contains(buffer[index + 1]) else { return false }
            for offset in 2..<max(length, 2) where buffer[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }

    /// True when every byte is ASCII and none is ESC, SO or SI, the shift bytes of the ISO-2022 family: such
    /// bytes mean the same in every ASCII-compatible charset, and decoding them needs no iconv.
    @inline(__always)
    static func isPlainASCII(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in buffer where byte >= 0x80 || byte == 0x1B || byte == 0x0E || byte == 0x0F {
            return false
        }
        return true
    }
}
