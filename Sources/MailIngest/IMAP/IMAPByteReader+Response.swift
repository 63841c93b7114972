/// RFC 3501 §7 and §9 `response`: tagged, untagged and continuation responses, status text and
/// response codes. FETCH and SEARCH/ESEARCH data live in their own extensions.
extension IMAPByteReader {
    /// Reads the whole framed response; anything left over is an error.
    mutating func readResponse() throws(IMAPParseError) -> IMAPResponse {
        let response: IMAPResponse
        switch peek {
        case UInt8(ascii: "+"):
            index += 1
            // `+ Ready` in RFC 3501; some servers send a bare `+` (no SP, no text) before IDLE or a
            // literal, so both the space and the text are optional.
            skipSpaces()
            response = .continuation(readText())
        case UInt8(ascii: "*"):
            index += 1
            try requireSpaces()
            response = .untagged(try readUntagged())
        default:
            response = try readTagged()
        }
        try expectEnd()
        return response
    }

    /// `A001 OK [code] text`. The tag is anything up to the space (RFC 3501 `tag`, read liberally).
    private mutating func readTagged() throws(IMAPParseError) -> IMAPResponse {
        let tag = read { $0 > 0x20 && $0 != 0x7F }
        guard !tag.isEmpty else { throw failure("expected a tag, '*' or '+'") }
        try requireSpaces()
        let word = readKeyword()
        let status: IMAPStatus
        if matches(word, "OK") {
            status = .ok
        } else if matches(word, "NO") {
            status = .no
        } else if matches(word, "BAD") {
            status = .bad
        } else {
            throw failure("expected OK, NO or BAD", at: word.lowerBound)
        }
        let (code, text) = try readResponseText()
        return .tagged(tag: self.text(tag), status: status, code: code, text: text)
    }

    private mutating func readUntagged() throws(IMAPParseError) -> IMAPUntagged {
        if let byte = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            return try readMessageData()
        }
        let word = readKeyword()
        if let status = status(word) {
            let (code, text) = try readResponseText()
            return .status(status, code: code, text: text)
        }
        if matches(word, "CAPABILITY") {
            return .capability(readCapabilities())
        }
        if matches(word, "FLAGS") {
            try requireSpaces()
            return .flags(try readFlagList())
        }
        if matches(word, "SEARCH") {
            return .search(try readSearch())
        }
        if matches(word, "ESEARCH") {
            return try readESearch()
        }
        guard !word.isEmpty else { throw failure("expected a response keyword") }
        try skipToEnd()
        return .other(keyword: upperText(word))
    }

    /// `* 23 EXISTS`, `* 0 RECENT`, `* 4 EXPUNGE`, `* 12 FETCH (...)`, or some other `* n KEYWORD`.
    private mutating func readMessageData() throws(IMAPParseError) -> IMAPUntagged {
        let number = try readNumber()
        try requireSpaces()
        let word = readKeyword()
        if matches(word, "EXISTS") { return .exists(number) }
        if matches(word, "RECENT") { return .recent(number) }
        if matches(word, "EXPUNGE") { return .expunge(number) }
        if matches(word, "FETCH") {
            try requireSpaces()
            return .fetch(sequence: number, try readFetchAttributes())
        }
        guard !word.isEmpty else { throw failure("expected a response keyword") }
        try skipToEnd()
        return .other(keyword: upperText(word))
    }

    private func status(_ word: Range<Int>) -> IMAPStatus? {
        if matches(word, "OK") { return .ok }
        if matches(word, "NO") { return .no }
        if matches(word, "BAD") { return .bad }
        if matches(word, "BYE") { return .bye }
        if matches(word, "PREAUTH") { return .preauth }
        return nil
    }

    /// `*(SP capability)` up to the end of the line.
    private mutating func readCapabilities() -> [String] {
        var names: [String] = []
        while true {
            skipSpaces()
            let name = read { $0 > 0x20 && $0 != 0x7F }
            if name.isEmpty { return names }
            names.append(text(name))
        }
    }

    /// RFC 3501 `resp-text`: `[code] text`. Real servers bend it: `A1 OK` with no text at all,
    /// `* OK [UNSEEN 3]` with a code and no text, several spaces before the text. All are accepted;
    /// missing text is "".
    mutating func readResponseText() throws(IMAPParseError) -> (IMAPResponseCode?, String) {
        skipSpaces()
        var code: IMAPResponseCode?
        if peek == UInt8(ascii: "[") {
            code = try readResponseCode()
            skipSpaces()
        }
        return (code, readText())
    }

    /// `[NAME]` or `[NAME text]`. Text that starts with `[` but has no `]` on the line is not a
    /// code; it is left alone and read as plain text (nil).
    private mutating func readResponseCode() throws(IMAPParseError) -> IMAPResponseCode? {
        let open = index
        index += 1
        let name = read { $0 > 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "]") }
        skipSpaces()
        let argument = read { $0 != UInt8(ascii: "]") && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }
        guard peek == UInt8(ascii: "]") else {
            index = open
            return nil
        }
        index += 1
        if matches(name, "UIDVALIDITY") { return .uidValidity(try number(in: argument)) }
        if matches(name, "UIDNEXT") { return .uidNext(try number(in: argument)) }
        if matches(name, "UNSEEN") { return .unseen(try number(in: argument)) }
        if matches(name, "ALERT") { return .alert }
        if matches(name, "CAPABILITY") {
            return .capability(bytes[argument].split(separator: UInt8(ascii: " ")).map {
                String(decoding: $0, as: UTF8.self)
            })
        }
        guard !name.isEmpty else { throw failure("empty response code", at: open) }
        return .other(name: upperText(name), text: argument.isEmpty ? nil : text(argument))
    }

    /// The number argument of `[UIDVALIDITY n]` and friends; trailing spaces are padding.
    private mutating func number(in range: Range<Int>) throws(IMAPParseError) -> UInt32 {
        let after = index
        index = range.lowerBound
        let value = try readNumber()
        skipSpaces()
        guard index == range.upperBound else { throw failure("expected a number") }
        index = after
        return value
    }
}
