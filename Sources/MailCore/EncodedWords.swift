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
        guard let first = nextStart(in: buffer, from: 0) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(buffer.count)
        var pending = PendingRun()
        var literalStart = 0
        var afterEncodedWord = false
        var searchFrom = first
        var found = false

        while let start = nextStart(in: buffer, from: searchFrom) {
            guard let word = EncodedWord(parsing: buffer, at: start) else {
                searchFrom = start + 1
                continue
            }
            found = true
            let between = UnsafeBufferPointer(rebasing: buffer[literalStart..<start])
            let adjacent = afterEncodedWord && between.allSatisfy(ASCII.isLinearWhitespace)
            if !adjacent || !pending.accepts(word.charset) {
                pending.flush(into: &output)
            }
            if !adjacent { output.append(contentsOf: between) }
            pending.append(word)
            literalStart = word.end
            searchFrom = word.end
            afterEncodedWord = true
        }
        guard found else { return nil }
        pending.flush(into: &output)
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
    var charset: String = ""
    var bytes: [UInt8] = []
    var isEmpty = true

    func accepts(_ other: String) -> Bool {
        isEmpty || ASCII.equalsIgnoringCase(charset, other)
    }

    mutating func append(_ word: EncodedWord) {
        if isEmpty { charset = word.charset }
        bytes.append(contentsOf: word.payload)
        isEmpty = false
    }

    mutating func flush(into output: inout [UInt8]) {
        guard !isEmpty else { return }
        output.append(contentsOf: Charset.decode(bytes, charset: charset).utf8)
        bytes.removeAll(keepingCapacity: true)
        isEmpty = true
    }
}

/// One well-formed encoded word: its charset (without language suffix), decoded payload bytes and the index
/// just past its closing `?=`.
private struct EncodedWord {
    let charset: String
    let payload: [UInt8]
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
        let encoding = ASCII.lowercased(buffer[index + 1])
        let textStart = index + 3
        var textEnd = textStart
        while textEnd < buffer.count, buffer[textEnd] != ASCII.question {
            if ASCII.isLinearWhitespace(buffer[textEnd]) { return nil }
            textEnd += 1
        }
        guard textEnd + 1 < buffer.count, buffer[textEnd + 1] == ASCII.equals else { return nil }
        let text = UnsafeBufferPointer(rebasing: buffer[textStart..<textEnd])
        let payload: [UInt8]?
        switch encoding {
        case 0x62: payload = Self.decodeBase64(text)
        case 0x71: payload = Self.decodeQ(text)
        default: payload = nil
        }
        guard let payload else { return nil }
        self.charset = String(decoding: UnsafeBufferPointer(rebasing: buffer[charsetStart..<charsetEnd]),
                              as: UTF8.self)
        self.payload = payload
        self.end = textEnd + 2
    }

    /// RFC 2047 §4.2: `_` is a space, `=XX` a byte in hex (lowercase hex tolerated); a stray `=` is kept.
    private static func decodeQ(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
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
        return bytes
    }

    /// RFC 2047 §4.1 base64, tolerating missing padding (common) but not foreign characters: a word with
    /// those is malformed and stays as written.
    private static func decodeBase64(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count * 3 / 4)
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
            default: return nil
            }
            if padding { return nil }   // data after padding
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return bytes
    }
}
