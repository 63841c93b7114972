import Glibc

/// Quoted-printable bodies (RFC 2045 §6.7) decoded the way mail clients decode them:
/// - `=XX` in upper or lower case hex (Outlook and PHP mailers write lower case) is the byte;
/// - `=` followed by optional spaces or tabs and a line break (CRLF, LF, or the end of the body) is a
///   soft line break and disappears;
/// - any other `=` (`=ZZ`, `=` then one character at the end) is kept as written, as Thunderbird and
///   Python keep it, rather than dropping text;
/// - hard line breaks and trailing whitespace stay as they are. RFC 2045 §6.7 (3) says a decoder should
///   delete trailing whitespace that transports added, but no transport adds it today, and format=flowed
///   text (RFC 3676) sent by broken encoders does depend on it.
enum QuotedPrintableBody {
    /// Decodes `input` into `output` (room for `input.count` bytes) and returns how many bytes it wrote;
    /// with a nil `output` it only counts them.
    static func decode(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>?) -> Int {
        guard let base = input.baseAddress else { return 0 }
        let count = input.count
        var written = 0
        var index = 0
        while index < count {
            let run: Int
            if let found = memchr(base + index, Int32(ASCII.equals), count - index) {
                run = UnsafeRawPointer(found) - UnsafeRawPointer(base + index)
            } else {
                run = count - index
            }
            if run > 0 {
                output.map { _ = memcpy($0 + written, base + index, run) }
                written += run
                index += run
            }
            guard index < count else { break }
            // input[index] is "="
            if index + 2 < count, let high = ASCII.hexValue(input[index + 1]),
               let low = ASCII.hexValue(input[index + 2]) {
                output?[written] = high << 4 | low
                written += 1
                index += 3
                continue
            }
            var next = index + 1
            while next < count, ASCII.isWhitespace(input[next]) { next += 1 }
            if next == count {
                index = count
            } else if input[next] == ASCII.lf {
                index = next + 1
            } else if input[next] == ASCII.cr, next + 1 == count || input[next + 1] == ASCII.lf {
                index = min(next + 2, count)
            } else {
                output?[written] = ASCII.equals
                written += 1
                index += 1
            }
        }
        return written
    }
}
