/// A MIME header value followed by parameters, as Content-Type and Content-Disposition carry them
/// (RFC 2045 §5.1, RFC 2183 §2): `text/plain; charset="utf-8"`, `attachment; filename*=utf-8''%E2%82%AC.pdf`.
///
/// Parameter values may be tokens or quoted strings; RFC 2231 extended values (`name*=charset'lang'%XX`)
/// and continuations (`name*0*=…; name*1=…`) are joined and decoded, and win over a plain `name=` beside
/// them. What real mailers write and this reads anyway:
/// - RFC 2047 encoded words inside a quoted value (`name="=?UTF-8?B?...?="`; Outlook and Gmail sent these
///   for years although RFC 2047 §5 forbids them), and raw 8-bit UTF-8 or windows-1252 file names;
/// - a missing `;` between the value and a parameter or between two parameters (`text/plain charset=x`);
/// - unquoted values with spaces (`filename=My Report.pdf`), trailing `;`, comments, stray junk between
///   parameters (skipped up to the next `;`);
/// - continuation sections out of order or with gaps (joined in numeric order).
/// A repeated parameter keeps its first value.
struct ParameterizedValue {
    /// The leading value as written, whitespace and comments removed (`text/plain`, `attachment`).
    private(set) var value: [UInt8] = []
    /// Parameter values, decoded; names in lower case.
    private(set) var parameters: [String: String] = [:]
    /// The `boundary` parameter as raw bytes, the way it must match in the body; nil when absent or empty.
    private(set) var boundary: [UInt8]?

    private struct Piece {
        var section: Int
        var extended: Bool
        var bytes: [UInt8]
    }

    init(parsing value: some Collection<UInt8>) {
        if let parsed = value.withContiguousStorageIfAvailable({ Self(buffer: $0) }) {
            self = parsed
        } else {
            self = Array(value).withUnsafeBufferPointer { Self(buffer: $0) }
        }
    }

    init(buffer: UnsafeBufferPointer<UInt8>) {
        var reader = ParameterReader(buffer: buffer)
        value = reader.leadingValue()
        // Sectioned (RFC 2231) names are rare: they are collected apart and joined at the end.
        var sectioned: [(name: String, pieces: [Piece])] = []
        var sectionedIndex: [String: Int] = [:]
        while let (rawName, bytes) = reader.nextParameter() {
            let name = String(decoding: rawName.map(ASCII.lowercased), as: UTF8.self)
            if let (base, piece) = Self.sectionedName(name, bytes: bytes) {
                if let index = sectionedIndex[base] {
                    sectioned[index].pieces.append(piece)
                } else {
                    sectionedIndex[base] = sectioned.count
                    sectioned.append((base, [piece]))
                }
            } else if parameters[name] == nil {
                parameters[name] = Self.decodedPlain(bytes)
                if name == "boundary" { boundary = bytes }
            }
        }
        for (name, pieces) in sectioned {
            let (text, bytes) = Self.joined(pieces)
            parameters[name] = text
            if name == "boundary" { boundary = bytes }
        }
        if boundary?.isEmpty == true { boundary = nil }
    }

    /// `filename*` → (`filename`, extended, no section); `filename*2*` → (`filename`, extended, 2);
    /// `filename*2` → (`filename`, plain, 2). Anything else with a `*` is an ordinary name.
    private static func sectionedName(_ name: String, bytes: [UInt8]) -> (String, Piece)? {
        let utf8 = name.utf8
        guard let star = utf8.firstIndex(of: 0x2A), star != utf8.startIndex else { return nil }
        let base = String(name[..<star])
        var suffix = Array(utf8[utf8.index(after: star)...])
        if suffix.isEmpty { return (base, Piece(section: 0, extended: true, bytes: bytes)) }
        var extended = false
        if suffix.last == 0x2A {
            extended = true
            suffix.removeLast()
        }
        // Four digits are more sections than any header can hold; more would only risk overflow.
        guard !suffix.isEmpty, suffix.count <= 4, suffix.allSatisfy(ASCII.isDigit) else { return nil }
        let section = suffix.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        return (base, Piece(section: section, extended: extended, bytes: bytes))
    }

    /// RFC 2231 §3–§4: sections in numeric order; the first, when extended, starts with `charset'lang'`;
    /// extended sections are %-encoded, plain ones literal. The bytes are decoded in the declared charset.
    private static func joined(_ pieces: [Piece]) -> (text: String, bytes: [UInt8]) {
        var sorted = pieces.enumerated().sorted { ($0.element.section, $0.offset) < ($1.element.section, $1.offset) }
            .map(\.element)
        // A section given twice keeps its first value.
        var seen = Set<Int>()
        sorted.removeAll { !seen.insert($0.section).inserted }
        var bytes: [UInt8] = []
        var charset: String?
        for (position, piece) in sorted.enumerated() {
            var text = piece.bytes[...]
            if position == 0, piece.extended,
               let first = text.firstIndex(of: 0x27),
               let second = text[(first + 1)...].firstIndex(of: 0x27) {
                charset = String(decoding: text[..<first], as: UTF8.self)
                text = text[(second + 1)...]
            }
            if piece.extended { percentDecode(text, into: &bytes) } else { bytes += text }
        }
        if sorted.contains(where: \.extended) {
            return (Charset.decode(bytes, charset: charset.flatMap { $0.isEmpty ? nil : $0 }), bytes)
        }
        return (decodedPlain(bytes), bytes)
    }

    /// A plain value: 8-bit bytes as UTF-8 when valid, else windows-1252, then RFC 2047 encoded words.
    private static func decodedPlain(_ bytes: [UInt8]) -> String {
        let text = Charset.decodeUndeclared(bytes)
        let mayHaveEncodedWord = bytes.count > 6 && zip(bytes, bytes.dropFirst()).contains {
            $0 == ASCII.equals && $1 == ASCII.question
        }
        return mayHaveEncodedWord ? EncodedWords.decode(text) : text
    }

    /// `%XX` in either case becomes the byte; a `%` without two hex digits is kept as written.
    private static func percentDecode(_ text: ArraySlice<UInt8>, into bytes: inout [UInt8]) {
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == 0x25, index + 2 < text.endIndex,
               let high = ASCII.hexValue(text[index + 1]), let low = ASCII.hexValue(text[index + 2]) {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(byte)
                index += 1
            }
        }
    }
}

/// The lexical side of `ParameterizedValue`: one pass over the field, never backtracking more than one
/// look-ahead over whitespace.
private struct ParameterReader {
    let buffer: UnsafeBufferPointer<UInt8>
    var index = 0

    init(buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

    /// The value before the first `;`. When it is followed, without `;`, by something that looks like a
    /// parameter (`text/plain charset=x`), the value stops there; when there is no value at all
    /// (`Content-Disposition: filename=x`), it is empty and the parameters start at once.
    mutating func leadingValue() -> [UInt8] {
        skipWhitespaceAndComments()
        let start = index
        var value: [UInt8] = []
        while index < buffer.count {
            let byte = buffer[index]
            if byte == ASCII.semicolon {
                index += 1
                break
            }
            if byte == ASCII.openParen {
                skipComment()
                continue
            }
            if byte == ASCII.equals {
                index = start
                return []
            }
            if ASCII.isLinearWhitespace(byte) {
                let mark = index
                skipWhitespaceAndComments()
                if looksLikeParameter(at: index) { break }
                if index == mark { index += 1 }
                continue
            }
            value.append(byte)
            index += 1
        }
        return value
    }

    /// The next `name=value`, quotes and quoted-pairs removed; nil at the end. Junk is skipped up to the next `;`.
    mutating func nextParameter() -> ([UInt8], [UInt8])? {
        while true {
            while index < buffer.count,
                  ASCII.isLinearWhitespace(buffer[index]) || buffer[index] == ASCII.semicolon {
                index += 1
            }
            skipWhitespaceAndComments()
            guard index < buffer.count else { return nil }
            if buffer[index] == ASCII.semicolon { continue }
            let nameStart = index
            while index < buffer.count, Self.isNameByte(buffer[index]) { index += 1 }
            let name = Array(buffer[nameStart..<index])
            skipWhitespace()
            guard !name.isEmpty, index < buffer.count, buffer[index] == ASCII.equals else {
                skipPastSemicolon()
                continue
            }
            index += 1
            skipWhitespace()
            if index < buffer.count, buffer[index] == ASCII.quote {
                let value = quotedString()
                afterValue()
                return (name, value)
            }
            return (name, unquotedValue())
        }
    }

    private mutating func quotedString() -> [UInt8] {
        index += 1
        var value: [UInt8] = []
        while index < buffer.count {
            let byte = buffer[index]
            if byte == ASCII.quote {
                index += 1
                return value
            }
            if byte == ASCII.backslash, index + 1 < buffer.count {
                index += 1
            }
            value.append(buffer[index])
            index += 1
        }
        return value   // unterminated: runs to the end of the field
    }

    /// A token, or what broken mailers write instead: everything up to `;`, a comment, or whitespace that is
    /// followed by another parameter. Inner spaces are kept (`filename=My Report.pdf`), outer ones trimmed.
    private mutating func unquotedValue() -> [UInt8] {
        let start = index
        var end = index
        while index < buffer.count {
            let byte = buffer[index]
            if byte == ASCII.semicolon { break }
            if byte == ASCII.openParen {
                skipPastSemicolon()
                break
            }
            if ASCII.isLinearWhitespace(byte) {
                let mark = index
                skipWhitespace()
                if index < buffer.count, buffer[index] == ASCII.openParen {
                    skipPastSemicolon()
                    break
                }
                if looksLikeParameter(at: index) { break }
                if index == mark { index += 1 }
                continue
            }
            index += 1
            end = index
        }
        return Array(buffer[start..<end])
    }

    /// After a quoted value: a `;`, the end, another parameter without `;`, or junk up to the next `;`.
    private mutating func afterValue() {
        skipWhitespaceAndComments()
        guard index < buffer.count, buffer[index] != ASCII.semicolon else { return }
        if !looksLikeParameter(at: index) { skipPastSemicolon() }
    }

    /// `token *WSP "="` starts at `position`.
    private func looksLikeParameter(at position: Int) -> Bool {
        var cursor = position
        while cursor < buffer.count, Self.isNameByte(buffer[cursor]) { cursor += 1 }
        guard cursor > position else { return false }
        while cursor < buffer.count, ASCII.isWhitespace(buffer[cursor]) { cursor += 1 }
        return cursor < buffer.count && buffer[cursor] == ASCII.equals
    }

    /// RFC 2045 token characters, plus `*` which RFC 2231 names carry.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0...0x20, 0x7F, 0x28, 0x29, 0x3C, 0x3E, 0x40, 0x2C, 0x3B, 0x3A, 0x5C, 0x22, 0x2F, 0x5B, 0x5D, 0x3F,
             0x3D:
            return false
        default:
            return true
        }
    }

    private mutating func skipWhitespace() {
        while index < buffer.count, ASCII.isLinearWhitespace(buffer[index]) { index += 1 }
    }

    private mutating func skipWhitespaceAndComments() {
        while index < buffer.count {
            if ASCII.isLinearWhitespace(buffer[index]) {
                index += 1
            } else if buffer[index] == ASCII.openParen {
                skipComment()
            } else {
                return
            }
        }
    }

    /// Past a comment's closing parenthesis; comments nest (RFC 822 §3.4.3, which RFC 2045 §5.1 refers to).
    private mutating func skipComment() {
        var depth = 0
        while index < buffer.count {
            switch buffer[index] {
            case ASCII.backslash: index += 1
            case ASCII.openParen: depth += 1
            case ASCII.closeParen:
                depth -= 1
                if depth == 0 {
                    index += 1
                    return
                }
            default: break
            }
            index += 1
        }
    }

    private mutating func skipPastSemicolon() {
        while index < buffer.count, buffer[index] != ASCII.semicolon { index += 1 }
        if index < buffer.count { index += 1 }
    }
}
