/// A text part's body as sent: UTF-8, line ends made CRLF, then `7bit` when it may go as it is, else
/// quoted-printable (RFC 2045 §6.7).
///
/// `7bit` only when every byte is printable ASCII or tab, every line is at most 78 characters (RFC 5322
/// §2.1.1's SHOULD) and no line starts with `From `. Anything else is quoted-printable, with soft line
/// breaks keeping every line within 76 characters, so a 10,000-character line goes through any relay.
///
/// A line starting with `From ` is written `=46rom ` in quoted-printable: an mbox on the way (RFC 4155)
/// would otherwise turn it into `>From `. A line starting with `.` is left alone: dot-stuffing is the SMTP
/// layer's job (RFC 5321 §4.5.2).
struct TextBody {
    let bytes: [UInt8]
    let isSevenBit: Bool

    var transferEncoding: String { isSevenBit ? "7bit" : "quoted-printable" }

    static let maxSevenBitLine = 78
    private static let maxEncodedLine = 76
    private static let hexDigits = Array("0123456789ABCDEF".utf8)
    private static let from = Array("From ".utf8)

    init(_ text: String) {
        var text = text
        self = text.withUTF8 { TextBody(utf8: $0) }
    }

    private init(utf8 text: UnsafeBufferPointer<UInt8>) {
        var output: [UInt8] = []
        if Self.isSevenBit(text) {
            output.reserveCapacity(text.count + text.count / 32 + 2)
            Self.forEachLine(text) { line in
                output.append(contentsOf: line)
                output.append(ASCII.cr)
                output.append(ASCII.lf)
            }
            isSevenBit = true
        } else {
            output.reserveCapacity(text.count * 3 + text.count / 8 + 8)
            Self.forEachLine(text) { Self.appendQuotedPrintable($0, to: &output) }
            isSevenBit = false
        }
        bytes = output
    }

    /// Calls `body` with each line of `text`, split at CRLF, LF or CR; a final line end does not start
    /// another line.
    private static func forEachLine(_ text: UnsafeBufferPointer<UInt8>,
                                    _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var start = 0
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == ASCII.lf || byte == ASCII.cr {
                body(UnsafeBufferPointer(rebasing: text[start..<index]))
                if byte == ASCII.cr, index + 1 < text.count, text[index + 1] == ASCII.lf { index += 1 }
                start = index + 1
            }
            index += 1
        }
        if start < text.count { body(UnsafeBufferPointer(rebasing: text[start...])) }
    }

    private static func isSevenBit(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var lineStart = 0
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == ASCII.lf || byte == ASCII.cr {
                lineStart = index + 1
            } else {
                guard (byte >= 0x20 && byte < 0x7F) || byte == ASCII.tab, index - lineStart < maxSevenBitLine else {
                    return false
                }
                if index == lineStart, startsWithFrom(text, at: index) { return false }
            }
            index += 1
        }
        return true
    }

    @inline(__always)
    private static func startsWithFrom(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 5 <= text.count && text[index] == 0x46 && text[index + 1] == 0x72 && text[index + 2] == 0x6F
            && text[index + 3] == 0x6D && text[index + 4] == ASCII.space
    }

    /// One line, with soft breaks (`=` CRLF) before 76 characters, never inside an `=XX`; then CRLF.
    private static func appendQuotedPrintable(_ line: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var length = 0
        var index = 0
        let last = line.count - 1
        while index < line.count {
            let byte = line[index]
            // Space and tab only as themselves when not at the end of the line (RFC 2045 §6.7 rule 3).
            var literal = (byte > 0x20 && byte < 0x7F && byte != ASCII.equals)
                || (ASCII.isWhitespace(byte) && index != last)
            if literal && length == 0 && startsWithFrom(line, at: index) { literal = false }
            let width = literal ? 1 : 3
            // The last character may take the 76th column; any other must leave room for the soft break.
            if length + width > (index == last ? maxEncodedLine : maxEncodedLine - 1) {
                output.append(ASCII.equals)
                output.append(ASCII.cr)
                output.append(ASCII.lf)
                length = 0
                continue   // judged again at the start of the new line ("From " there, too)
            }
            if literal {
                output.append(byte)
            } else {
                output.append(ASCII.equals)
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
            length += width
            index += 1
        }
        output.append(ASCII.cr)
        output.append(ASCII.lf)
    }
}
