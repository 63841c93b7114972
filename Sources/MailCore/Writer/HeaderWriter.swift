/// One piece of a header field's value, as the writer folds it.
enum HeaderPiece: Equatable {
    /// Bytes written as they are. A fold (CRLF) may go before a piece that starts with whitespace, never
    /// inside one: folding only inserts a CRLF before existing whitespace (RFC 5322 §2.2.3), so unfolding
    /// gives back the value exactly.
    case plain([UInt8])
    /// Text written as RFC 2047 encoded words, preceded by `leading` (whitespace that belongs to the value:
    /// it separates the words from plain text before them and is kept when decoded). Folded as needed
    /// between the words; whitespace between two encoded words is dropped when decoded (RFC 2047 §6.2).
    case encoded(leading: [UInt8], text: Substring)

    static func plain(_ text: String) -> HeaderPiece { .plain(Array(text.utf8)) }
}

/// Writes header fields, folding each at whitespace so lines stay within 78 characters where the content
/// allows and within 998 always (RFC 5322 §2.1.1, §2.2.3).
///
/// A line is folded before a piece that would take it past 78, unless nothing of the value is on the line
/// yet: `Name:` alone on a line is legal but confuses some readers. A piece that cannot fit in 998 even
/// on a line of its own is refused (`fieldTooLong`); the pieces made by `HeaderText` never are, since long
/// words become encoded words, which can be split.
struct HeaderWriter {
    static let preferredLineLength = 78
    static let maxLineLength = 998

    private(set) var bytes: [UInt8] = []
    private var lineLength = 0
    private var lineHasValue = false
    private var fieldName = ""

    init(capacity: Int = 1_024) {
        bytes.reserveCapacity(capacity)
    }

    mutating func field(_ name: String, _ pieces: [HeaderPiece]) throws(MessageWriterError) {
        fieldName = name
        bytes.append(contentsOf: name.utf8)
        bytes.append(ASCII.colon)
        lineLength = name.utf8.count + 1
        lineHasValue = false
        for piece in pieces {
            switch piece {
            case .plain(let chunk): try appendPlain(chunk)
            case .encoded(let leading, let text): try appendEncoded(text, leading: leading)
            }
        }
        bytes.append(ASCII.cr)
        bytes.append(ASCII.lf)
    }

    mutating func field(_ name: String, _ value: String) throws(MessageWriterError) {
        try field(name, [.plain(" " + value)])
    }

    /// Appends the fields another writer wrote.
    mutating func append(_ other: HeaderWriter) {
        bytes += other.bytes
    }

    /// Ends the header section with its blank line.
    mutating func end() {
        bytes.append(ASCII.cr)
        bytes.append(ASCII.lf)
    }

    private mutating func appendPlain(_ chunk: [UInt8]) throws(MessageWriterError) {
        if lineHasValue, let first = chunk.first, ASCII.isWhitespace(first),
           lineLength + chunk.count > Self.preferredLineLength {
            fold()
        }
        bytes.append(contentsOf: chunk)
        lineLength += chunk.count
        lineHasValue = true
        try checkLength()
    }

    /// Writes `text` as encoded words, each filling what is left of the line (at most 75 characters,
    /// RFC 2047 §2), folding between them.
    private mutating func appendEncoded(_ text: Substring, leading: [UInt8]) throws(MessageWriterError) {
        let encoder = EncodedWordEncoder(text)
        var lead = leading
        var start = 0
        while start < encoder.unitCount {
            var room = min(EncodedWordEncoder.maxWordLength, Self.preferredLineLength - lineLength - lead.count)
            var end = encoder.fittingEnd(from: start, length: room)
            if end == start {
                if lineHasValue {
                    fold()
                    room = min(EncodedWordEncoder.maxWordLength, Self.preferredLineLength - lead.count)
                } else {
                    // Only a long field name is on the line: a full-size word overruns 78 but never 998.
                    room = EncodedWordEncoder.maxWordLength
                }
                end = max(encoder.fittingEnd(from: start, length: room), start + 1)
            }
            bytes.append(contentsOf: lead)
            let before = bytes.count
            encoder.appendWord(units: start..<end, to: &bytes)
            lineLength += lead.count + bytes.count - before
            lineHasValue = true
            try checkLength()
            lead = [ASCII.space]
            start = end
        }
    }

    private mutating func fold() {
        bytes.append(ASCII.cr)
        bytes.append(ASCII.lf)
        lineLength = 0
        lineHasValue = false
    }

    private func checkLength() throws(MessageWriterError) {
        guard lineLength > Self.maxLineLength else { return }
        throw MessageWriterError(.fieldTooLong, field: fieldName,
                                 "\(fieldName) has a word that does not fit in a header line of "
                                 + "\(Self.maxLineLength) bytes")
    }
}
