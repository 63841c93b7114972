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
    /// The text as given (line ends not yet normalized).
    let text: String
    let isSevenBit: Bool

    var transferEncoding: String { isSevenBit ? "7bit" : "quoted-printable" }

    static let maxSevenBitLine = 78
    private static let maxEncodedLine = 76
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    init(_ text: String) {
        var text = text
        isSevenBit = text.withUTF8(Self.isSevenBit)
        self.text = text
    }

    /// Appends the body as sent: every line ended by CRLF, encoded as `transferEncoding` says.
    func write(to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { input in
            if isSevenBit {
                output.reserveCapacity(output.count + input.count + input.count / 32 + 2)
                Self.forEachLine(input) { line in
                    output.append(contentsOf: line)
                    output.append(ASCII.cr)
                    output.append(ASCII.lf)
                }
                return
            }
            // Each byte is at most 3 characters, a soft break (3) comes at most every 73, a line end
            // (1 or 2 bytes) becomes 2, and the last line gets one.
            output.append(upTo: input.count * 3 + input.count / 8 + 2) { out in
                Self.hexDigits.withUnsafeBufferPointer { hex in
                    var written = 0
                    Self.forEachLine(input) { written += Self.encodeLine($0, to: out + written, hex: hex) }
                    return written
                }
            }
        }
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

    /// Writes one line at `out` with soft breaks (`=` CRLF) before 76 characters, never inside an `=XX`,
    /// then CRLF; returns the length written.
    private static func encodeLine(_ line: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>,
                                   hex: UnsafeBufferPointer<UInt8>) -> Int {
        var written = 0
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
                out[written] = ASCII.equals
                out[written + 1] = ASCII.cr
                out[written + 2] = ASCII.lf
                written += 3
                length = 0
                continue   // judged again at the start of the new line ("From " there, too)
            }
            if literal {
                out[written] = byte
            } else {
                out[written] = ASCII.equals
                out[written + 1] = hex[Int(byte >> 4)]
                out[written + 2] = hex[Int(byte & 0x0F)]
            }
            written += width
            length += width
            index += 1
        }
        out[written] = ASCII.cr
        out[written + 1] = ASCII.lf
        return written + 2
    }
}
