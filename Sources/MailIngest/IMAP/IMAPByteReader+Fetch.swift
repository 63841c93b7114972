/// RFC 3501 §7.4.2 FETCH response data: `* 12 FETCH (UID 4827 RFC822.SIZE 2210 BODY[] {2210}...)`.
extension IMAPByteReader {
    /// `msg-att`: `(` item *(SP item) `)`. Items are read in any order; unknown ones are skipped.
    mutating func readFetchAttributes() throws(IMAPParseError) -> FetchAttributes {
        try enterList()
        try expect(UInt8(ascii: "("))
        var attributes = FetchAttributes()
        while true {
            // Spaces between items are optional here: some servers pad, some run `FLAGS (\Seen)UID 4`.
            skipSpaces()
            if peek == UInt8(ascii: ")") {
                index += 1
                leaveList()
                return attributes
            }
            try readFetchItem(into: &attributes)
        }
    }

    /// `NAME value`, `NAME[section] value` or `NAME[section]<origin> value`.
    private mutating func readFetchItem(into attributes: inout FetchAttributes) throws(IMAPParseError) {
        let name = readKeyword()
        guard !name.isEmpty else { throw failure("expected a FETCH item or ')'") }
        var section: Range<Int>?
        if peek == UInt8(ascii: "[") {
            section = try readSection()
        }
        if peek == UInt8(ascii: "<") {
            // `BODY[]<0>`: a partial fetch answers with the origin octet (RFC 3501 §7.4.2).
            index += 1
            _ = try readNumber()
            try expect(UInt8(ascii: ">"))
        }
        try requireSpaces()
        guard let section else {
            if matches(name, "UID") {
                attributes.uid = try readNumber()
            } else if matches(name, "RFC822.SIZE") {
                // RFC 9051 makes this a number64; accept sizes beyond 4 GB rather than fail.
                attributes.size = try readNumber64()
            } else if matches(name, "FLAGS") {
                attributes.flags = try readFlagList()
            } else if matches(name, "RFC822") {
                attributes.body = try readNString()
            } else if matches(name, "RFC822.HEADER") {
                attributes.header = try readNString()
            } else {
                try skipValue()
            }
            return
        }
        if matches(name, "BODY"), section.isEmpty {
            // A server may answer `BODY[] NIL` for a message expunged meanwhile: body stays nil.
            attributes.body = try readNString()
        } else if matches(name, "BODY"), matches(section, "HEADER") {
            attributes.header = try readNString()
        } else {
            // BODY[TEXT], BODY[1.2], BODY[HEADER.FIELDS (FROM)], BINARY[1] (literal8), BINARY.SIZE[1], ...
            try skipValue()
        }
    }

    /// `[section]`, returning the range between the brackets. Sections may hold lists and strings:
    /// `[HEADER.FIELDS (FROM "X-Spam")]`.
    private mutating func readSection() throws(IMAPParseError) -> Range<Int> {
        index += 1
        let from = index
        while true {
            skipSpaces()
            if peek == UInt8(ascii: "]") {
                defer { index += 1 }
                return from..<index
            }
            try skipValue(inSection: true)
        }
    }
}
