/// Finds where the next complete response ends in a growing buffer, without parsing it.
///
/// RFC 3501 §2.2.2: a response is a line, unless a line ends in a literal header `{n}` (also
/// `{n+}`, RFC 7888, and `~{n}`, RFC 3516), in which case exactly n bytes follow and then the
/// response continues with another line. Those n bytes are never looked at, so message bodies may
/// hold `* ` lines, `A001 OK` lines or bare LFs.
///
/// A line whose free text happens to end in `{n}` (`* OK look {5}`) is taken for a literal too:
/// RFC 3501 offers no way to tell, and servers do not send such text.
///
/// The framer keeps its position between calls: each byte is examined once however the stream is
/// chunked, and a 30 MB literal arriving in 16 KB chunks costs O(1) per chunk.
struct IMAPResponseFramer: Sendable {
    let maxLiteralBytes: Int
    let maxLineBytes: Int

    /// Next byte to examine.
    private(set) var scan: Int
    /// Start of the current line: the response start, or the byte after the last literal.
    private var lineStart: Int
    /// Bytes of the response's completed lines, for the `maxLineBytes` budget.
    private var lineBytes = 0
    /// Bytes of the response's literals so far, for the `maxLiteralBytes` budget.
    private var literalBytes = 0
    /// Where the literal being skipped ends, while inside one.
    private var literalEnd: Int?

    init(maxLiteralBytes: Int, maxLineBytes: Int) {
        // Clamped so that index arithmetic (`scan + length`) cannot overflow whatever the caller passes.
        self.maxLiteralBytes = min(max(0, maxLiteralBytes), Int.max >> 2)
        self.maxLineBytes = min(max(0, maxLineBytes), Int.max >> 2)
        scan = 0
        lineStart = 0
    }

    /// Starts framing a new response at `start`.
    mutating func reset(at start: Int) {
        scan = start
        lineStart = start
        lineBytes = 0
        literalBytes = 0
        literalEnd = nil
    }

    /// The buffer's first `count` bytes were discarded; move every index down with them.
    mutating func shift(by count: Int) {
        scan -= count
        lineStart -= count
        literalEnd = literalEnd.map { $0 - count }
    }

    /// The end (exclusive, just past the final LF) of the response that starts at the last
    /// `reset(at:)`, or nil when `buffer` does not hold all of it yet.
    mutating func frame(_ buffer: [UInt8], streamBase: Int) throws(IMAPParseError) -> Int? {
        while true {
            if let end = literalEnd {
                guard buffer.count >= end else {
                    scan = buffer.count
                    return nil
                }
                scan = end
                lineStart = end
                literalEnd = nil
            }
            // RFC 3501 wants CRLF, but some servers end untagged lines with a bare LF; the LF alone
            // ends a line here and the parser accepts an optional CR before it.
            guard let lf = Self.firstLF(in: buffer, from: scan) else {
                scan = buffer.count
                try checkLineBudget(upTo: buffer.count, buffer, streamBase)
                return nil
            }
            scan = lf + 1
            try checkLineBudget(upTo: scan, buffer, streamBase)
            guard let length = try literalLength(endingAt: lf, buffer, streamBase) else {
                return scan
            }
            lineBytes += scan - lineStart
            literalBytes += length
            literalEnd = scan + length
        }
    }

    private func checkLineBudget(upTo end: Int, _ buffer: [UInt8], _ streamBase: Int) throws(IMAPParseError) {
        let budget = maxLineBytes - lineBytes
        guard end - lineStart > budget else { return }
        // The excerpt stops at the first byte over budget, so it is the same however the stream was chunked.
        throw IMAPParseError(
            .lineTooLong, "response text over \(maxLineBytes) bytes",
            at: lineStart, in: buffer, bounds: lineStart..<(lineStart + budget + 1), streamBase: streamBase)
    }

    /// The n of a literal header `{n}`, `{n+}` that ends the line whose LF is at `lf`, if any.
    /// Digits are read backwards from `}`; the parser reads the header again, forwards, and
    /// rejects anything the framer would not have taken as a literal.
    private func literalLength(endingAt lf: Int, _ buffer: [UInt8], _ streamBase: Int) throws(IMAPParseError) -> Int? {
        var i = lf - 1
        if i >= lineStart, buffer[i] == UInt8(ascii: "\r") { i -= 1 }
        guard i >= lineStart, buffer[i] == UInt8(ascii: "}") else { return nil }
        i -= 1
        if i >= lineStart, buffer[i] == UInt8(ascii: "+") { i -= 1 }
        let lastDigit = i
        while i >= lineStart, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(buffer[i]) { i -= 1 }
        guard i >= lineStart, i < lastDigit, buffer[i] == UInt8(ascii: "{") else { return nil }
        // Leading zeros are legal, so count the value, not the digits; stop as soon as it is too big.
        var length = 0
        for digit in buffer[(i + 1)...lastDigit] {
            let (times10, o1) = length.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
            length = sum
            guard !o1, !o2, length <= maxLiteralBytes - literalBytes else {
                throw IMAPParseError(
                    .literalTooLarge, "literal over \(maxLiteralBytes) bytes in one response",
                    at: i, in: buffer, bounds: lineStart..<(lf + 1), streamBase: streamBase)
            }
        }
        return length
    }

    private static func firstLF(in buffer: [UInt8], from start: Int) -> Int? {
        buffer.withUnsafeBufferPointer { bytes in
            var i = start
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "\n") { return i }
                i += 1
            }
            return nil
        }
    }
}
