/// RFC 2047 encoded words (`=?charset?B|Q?text?=`) decoded the way mail clients read them.
///
/// - B (base64) and Q (quoted-printable, `_` for space) in either case, in any charset `Charset` decodes.
/// - Whitespace between two adjacent encoded words is dropped (RFC 2047 §6.2); whitespace next to plain
///   text is kept.
/// - Adjacent words in the same charset are joined as bytes before conversion, so a multi-byte character
///   that an encoder split across two words (Outlook and many PHP mailers do) still decodes.
/// - An RFC 2231 language suffix on the charset (`=?utf-8*en?Q?...?=`, RFC 2231 §5) is ignored.
/// - Encoded words not surrounded by whitespace (`Re:=?utf-8?Q?...?=`) are decoded too, as Thunderbird and
///   Python do, although RFC 2047 §5 forbids them.
/// - Anything that only looks like an encoded word (unknown encoding, bad base64, whitespace inside) is left
///   exactly as written.
public enum EncodedWords {
    /// Decodes every encoded word in `text`.
    public static func decode(_ text: String) -> String {
        var text = text
        return text.withUTF8 { decode(utf8: $0) } ?? text
    }

    /// Decodes raw header bytes: 8-bit bytes outside encoded words are read as UTF-8 when valid, else as
    /// windows-1252, then encoded words are decoded.
    public static func decode(_ bytes: some Collection<UInt8>) -> String {
        decode(Charset.decodeUndeclared(bytes))
    }

    /// The decoded text, or nil when `utf8` holds no encoded word (the common case, which then costs one scan).
    static func decode(utf8 buffer: UnsafeBufferPointer<UInt8>) -> String? {
        guard var searchFrom = nextStart(in: buffer, from: 0) else { return nil }
        var output: [UInt8] = []
        var pending = PendingRun()
        var literalStart = 0
        var afterEncodedWord = false
        var found = false

        while let start = nextStart(in: buffer, from: searchFrom) {
            guard let word = EncodedWord(parsing: buffer, at: start) else {
                searchFrom = start + 1
                continue
            }
            let between = UnsafeBufferPointer(rebasing: buffer[literalStart..<start])
            let adjacent = afterEncodedWord && between.allSatisfy(ASCII.isLinearWhitespace)
            if !adjacent || !pending.accepts(word.charset, in: buffer) {
                // Flushing before knowing whether the word decodes is harmless: nothing has been written
                // after the pending run yet.
                pending.flush(into: &output, from: buffer)
            }
            guard pending.append(word, from: buffer) else {
                searchFrom = start + 1
                continue
            }
            if !found {
                found = true
                output.reserveCapacity(buffer.count)
            }
            if !adjacent { output.append(contentsOf: between) }
            literalStart = word.end
            searchFrom = word.end
            afterEncodedWord = true
        }
        guard found else { return nil }
        pending.flush(into: &output, from: buffer)
        output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[literalStart...]))
        return String(decoding: output, as: UTF8.self)
    }

    /// Index of the next `=?` at or after `index`.
    private static func nextStart(in buffer: UnsafeBufferPointer<UInt8>, from index: Int) -> Int? {
        var index = index
        while index + 1 < buffer.count {
            if buffer[index] == ASCII.equals && buffer[index + 1] == ASCII.question { return index }
            index += 1
        }
        return nil
    }
}

/// Decoded bytes of adjacent encoded words in one charset, waiting to be converted together.
private struct PendingRun {
    /// Where the run's charset label is written (the first word's).
    var charset: Range<Int> = 0..<0
    var bytes: [UInt8] = []
    var isEmpty = true

    func accepts(_ other: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !isEmpty else { return true }
        guard charset.count == other.count else { return false }
        return zip(buffer[charset], buffer[other]).allSatisfy { ASCII.lowercased($0) == ASCII.lowercased($1) }
    }

    /// Decodes `word` onto the run; false (and the run unchanged) when its text is malformed.
    mutating func append(_ word: EncodedWord, from buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        let mark = bytes.count
        guard word.decode(buffer, into: &bytes) else {
            bytes.removeSubrange(mark...)
            return false
        }
        if isEmpty { charset = word.charset }
        isEmpty = false
        return true
    }

    mutating func flush(into output: inout [UInt8], from buffer: UnsafeBufferPointer<UInt8>) {
        guard !isEmpty else { return }
        defer {
            bytes.removeAll(keepingCapacity: true)
            isEmpty = true
        }
        let labelBytes = UnsafeBufferPointer(rebasing: buffer[charset])
        let isUTF8Label = ("utf-8" as StaticString).withUTF8Buffer { ASCII.equalsIgnoringCase(labelBytes, $0) }
        let label = String(decoding: labelBytes, as: UTF8.self)
        let readsAsUTF8 = isUTF8Label || [.utf8, .undeclared].contains(CharsetLabel.resolve(label))
        if readsAsUTF8, bytes.withUnsafeBufferPointer(Charset.isValidUTF8) {
            // Valid UTF-8 read as UTF-8 (or undeclared, which means the same for valid bytes): as it is.
            output.append(contentsOf: bytes)
            return
        }
        var text = bytes.withUnsafeBufferPointer { Charset.decode(buffer: $0, charset: label) }
        text.withUTF8 { output.append(contentsOf: $0) }
    }
}

/// One well-formed encoded word: where its charset (without language suffix) and encoded text are, its
/// encoding, and the index just past its closing `?=`.
private struct EncodedWord {
    let charset: Range<Int>
    let isBase64: Bool
    let text: Range<Int>
    let end: Int

    init?(parsing buffer: UnsafeBufferPointer<UInt8>, at start: Int) {
        var index = start + 2
        let charsetStart = index
        while index < buffer.count, buffer[index] != ASCII.question {
            let byte = buffer[index]
            if ASCII.isLinearWhitespace(byte) || byte == ASCII.equals || index - charsetStart > 64 { return nil }
            index += 1
        }
        guard index > charsetStart, index + 2 < buffer.count, buffer[index + 2] == ASCII.question else {
            return nil
        }
        var charsetEnd = index
        if let star = buffer[charsetStart..<index].firstIndex(of: 0x2A) { charsetEnd = star }
        guard charsetEnd > charsetStart else { return nil }
        switch ASCII.lowercased(buffer[index + 1]) {
        case 0x62: isBase64 = true
        case 0x71: isBase64 = false
        default: return nil
        }
        let textStart = index + 3
        var textEnd = textStart
        while textEnd < buffer.count, buffer[textEnd] != ASCII.question {
            if ASCII.isLinearWhitespace(buffer[textEnd]) { return nil }
            textEnd += 1
        }
        guard textEnd + 1 < buffer.count, buffer[textEnd + 1] == ASCII.equals else { return nil }
        self.charset = charsetStart..<charsetEnd
        self.text = textStart..<textEnd
        self.end = textEnd + 2
    }

    /// Appends the decoded bytes to `bytes`; false when the text is not valid for its encoding.
    func decode(_ buffer: UnsafeBufferPointer<UInt8>, into bytes: inout [UInt8]) -> Bool {
        let text = UnsafeBufferPointer(rebasing: buffer[self.text])
        return isBase64 ? Self.decodeBase64(text, into: &bytes) : Self.decodeQ(text, into: &bytes)
    }

    /// RFC 2047 §4.2: `_` is a space, `=XX` a byte in hex (lowercase hex tolerated); a stray `=` is kept.
    private static func decodeQ(_ text: UnsafeBufferPointer<UInt8>, into bytes: inout [UInt8]) -> Bool {
        bytes.reserveCapacity(bytes.count + text.count)
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == ASCII.underscore {
                bytes.append(ASCII.space)
            } else if byte == ASCII.equals, index + 2 < text.count,
                      let high = ASCII.hexValue(text[index + 1]), let low = ASCII.hexValue(text[index + 2]) {
                bytes.append(high << 4 | low)
                index += 2
            } else {
                bytes.append(byte)
            }
            index += 1
        }
        return true
    }

    /// RFC 2047 §4.1 base64, tolerating missing padding (common) but not foreign characters: a word with
    /// those is malformed and stays as written.
    private static func decodeBase64(_ text: UnsafeBufferPointer<UInt8>, into bytes: inout [UInt8]) -> Bool {
        bytes.reserveCapacity(bytes.count + text.count * 3 / 4 + 1)
        var accumulator: UInt32 = 0
        var bits = 0
        var padding = false
        for byte in text {
            let value: UInt8
            switch byte {
            case 0x41...0x5A: value = byte - 0x41
            case 0x61...0x7A: value = byte - 0x61 + 26
            case 0x30...0x39: value = byte - 0x30 + 52
            case ASCII.plus: value = 62
            case 0x2F: value = 63
            case ASCII.equals: padding = true; continue
            default: return false
            }
            if padding { return false }   // data after padding
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return true
    }
}
