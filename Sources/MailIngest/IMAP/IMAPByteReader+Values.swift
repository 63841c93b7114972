/// Strings, literals, flag lists and the generic value skipper (RFC 3501 §4, §9).
extension IMAPByteReader {
    /// RFC 3501 `nstring`: a quoted string, a literal (also RFC 3516 `~{n}`), or `NIL` (nil).
    /// Literal bytes are copied once, straight from the receive buffer.
    mutating func readNString() throws(IMAPParseError) -> [UInt8]? {
        switch peek {
        case UInt8(ascii: "\""):
            return try readQuoted()
        case UInt8(ascii: "{"), UInt8(ascii: "~"):
            return Array(bytes[try readLiteral()])
        default:
            let word = readKeyword()
            guard matches(word, "NIL") else { throw failure("expected a string or NIL", at: word.lowerBound) }
            return nil
        }
    }

    /// RFC 3501 `quoted`: `"..."` where `\"` and `\\` stand for `"` and `\`. Other escapes are not
    /// IMAP; they are read as the escaped byte rather than failing the connection.
    mutating func readQuoted() throws(IMAPParseError) -> [UInt8] {
        var out: [UInt8] = []
        try scanQuoted { out.append($0) }
        return out
    }

    private mutating func scanQuoted(_ emit: (UInt8) -> Void) throws(IMAPParseError) {
        let from = index
        try expect(UInt8(ascii: "\""))
        while let byte = peek {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return
            case UInt8(ascii: "\\"):
                guard let escaped = peek, escaped != UInt8(ascii: "\r"), escaped != UInt8(ascii: "\n") else {
                    throw failure("unterminated quoted string", at: from)
                }
                emit(escaped)
                index += 1
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                throw failure("unterminated quoted string", at: from)
            default:
                emit(byte)
            }
        }
        throw failure("unterminated quoted string", at: from)
    }

    /// RFC 3501 `literal` `{n}` CRLF, RFC 7888 non-synchronizing `{n+}`, RFC 3516 `literal8` `~{n}`;
    /// returns the range of its n bytes. A bare LF after the header is accepted, as for lines.
    mutating func readLiteral() throws(IMAPParseError) -> Range<Int> {
        let from = index
        if peek == UInt8(ascii: "~") { index += 1 }
        try expect(UInt8(ascii: "{"))
        let length = try readNumber64()
        if peek == UInt8(ascii: "+") { index += 1 }
        try expect(UInt8(ascii: "}"))
        if peek == UInt8(ascii: "\r") { index += 1 }
        guard peek == UInt8(ascii: "\n") else { throw failure("expected end of line after literal header", at: from) }
        index += 1
        // The framer already checked the length against the limits; this guards the buffer bounds.
        guard length <= end - index else { throw failure("literal runs past the response", at: from) }
        defer { index += length }
        return index..<(index + length)
    }

    /// `(\Seen \Answered $Forwarded)`, as in FLAGS responses and the FETCH FLAGS item. Flags are
    /// read liberally: anything up to a space or `)`, so odd keywords do not fail the connection.
    mutating func readFlagList() throws(IMAPParseError) -> [String] {
        try expect(UInt8(ascii: "("))
        var flags: [String] = []
        while true {
            skipSpaces()
            if peek == UInt8(ascii: ")") {
                index += 1
                return flags
            }
            let flag = read { byte in
                switch byte {
                case 0...0x20, 0x7F, UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\""): false
                default: true
                }
            }
            guard !flag.isEmpty else { throw failure("expected a flag or ')'") }
            flags.append(text(flag))
        }
    }

    /// Reads and discards one value of any shape: atom, number, NIL, quoted string, literal, or a
    /// parenthesized list of values (nested up to ``maxDepth``). This is how unknown FETCH items
    /// (ENVELOPE, BODYSTRUCTURE, MODSEQ, X-GM-LABELS, ...) and unknown responses are skipped.
    /// `inSection`: inside `BODY[...]`, where `]` ends the section instead of belonging to an atom.
    mutating func skipValue(inSection: Bool = false) throws(IMAPParseError) {
        switch peek {
        case UInt8(ascii: "("):
            try skipList(inSection: inSection)
        case UInt8(ascii: "\""):
            try scanQuoted { _ in }
        case UInt8(ascii: "{"):
            _ = try readLiteral()
        case UInt8(ascii: "~") where index + 1 < end && bytes[index + 1] == UInt8(ascii: "{"):
            _ = try readLiteral()
        default:
            let atom = read { byte in
                switch byte {
                case 0...0x20, 0x7F, UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\""): false
                case UInt8(ascii: "]"): !inSection
                default: true
                }
            }
            guard !atom.isEmpty else { throw failure("expected a value") }
        }
    }

    /// `(` values `)`. Values may follow each other without a space: THREAD (RFC 5256) sends
    /// `(2)(3 6 (4 23)(44 7 96))`.
    mutating func skipList(inSection: Bool = false) throws(IMAPParseError) {
        try enterList()
        try expect(UInt8(ascii: "("))
        while true {
            skipSpaces()
            if peek == UInt8(ascii: ")") {
                index += 1
                leaveList()
                return
            }
            try skipValue(inSection: inSection)
        }
    }

    /// Skips values up to the end of the line; for responses we do not use.
    mutating func skipToEnd() throws(IMAPParseError) {
        while true {
            skipSpaces()
            if atLineEnd { return }
            try skipValue()
        }
    }
}
