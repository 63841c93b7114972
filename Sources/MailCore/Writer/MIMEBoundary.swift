/// Multipart boundaries (RFC 2046 §5.1.1) that cannot occur in the parts they separate.
///
/// A boundary is `=_maild_<depth>_<hash>`, the hash an FNV-1a of the Message-ID: the same message gives the
/// same bytes on every retry, and the depth keeps nested boundaries apart (no boundary is a prefix of
/// another, which RFC 2046 §5.1.1 requires and loose parsers depend on).
///
/// Why it cannot occur in a part: `=_` never appears in base64 (no `_`, `=` only as final padding) nor in
/// quoted-printable (every `=` is followed by two hex digits or a line end), and part headers the writer
/// makes never start a line with `--`. Only a `7bit` text body can hold arbitrary text, so those are
/// searched, and on a match (a text quoting one of our messages' raw source) the next candidate
/// (`…_1`, `…_2`) is taken.
enum MIMEBoundary {
    static func make(depth: Int, messageID: String, avoiding sevenBitTexts: [String]) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in messageID.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        let base = "=_maild_\(depth)_" + String(repeating: "0", count: 16 - hex.count) + hex
        var candidate = base
        var attempt = 0
        // Searching the texts as given is enough: normalizing their line ends cannot make or break a
        // match, since a boundary has no CR or LF.
        while sevenBitTexts.contains(where: { contains(Array($0.utf8), Array(candidate.utf8)) }) {
            attempt += 1
            candidate = base + "_\(attempt)"
        }
        return candidate
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return true
            }
            index += 1
        }
        return false
    }
}
