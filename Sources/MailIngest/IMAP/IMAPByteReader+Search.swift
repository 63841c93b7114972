/// SEARCH (RFC 3501 §7.2.5) and ESEARCH (RFC 4731 §3.1) results.
extension IMAPByteReader {
    /// `* SEARCH 2 84 882`, or `* SEARCH` when nothing matched (some servers add a trailing space).
    /// CONDSTORE (RFC 7162 §3.1.5) appends `(MODSEQ 917162500)`; it is skipped.
    mutating func readSearch() throws(IMAPParseError) -> [UInt32] {
        var numbers: [UInt32] = []
        while true {
            skipSpaces()
            if atLineEnd { return numbers }
            if peek == UInt8(ascii: "(") {
                try skipList()
            } else {
                numbers.append(try readNumber())
            }
        }
    }

    /// `* ESEARCH (TAG "A282") UID MIN 2 COUNT 3`. The correlator is skipped: maild runs one command
    /// at a time per connection. Return data we do not know (MODSEQ, PARTIAL, ...) is skipped.
    mutating func readESearch() throws(IMAPParseError) -> IMAPUntagged {
        var uid = false
        var all: UIDSet?
        var count: Int?
        var min: UInt32?
        var max: UInt32?
        skipSpaces()
        if peek == UInt8(ascii: "(") {
            try skipList()
        }
        while true {
            skipSpaces()
            if atLineEnd { break }
            let word = readKeyword()
            guard !word.isEmpty else { throw failure("expected ESEARCH return data") }
            if matches(word, "UID") {
                uid = true
                continue
            }
            try requireSpaces()
            if matches(word, "MIN") {
                min = try readNumber()
            } else if matches(word, "MAX") {
                max = try readNumber()
            } else if matches(word, "COUNT") {
                count = Int(try readNumber())
            } else if matches(word, "ALL") {
                all = try readSequenceSet()
            } else {
                try skipValue()
            }
        }
        return .esearch(uid: uid, all: all, count: count, min: min, max: max)
    }

    /// A sequence set without `*` (a search result never has one).
    private mutating func readSequenceSet() throws(IMAPParseError) -> UIDSet {
        let from = index
        let token = read { $0 > 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "(") && $0 != UInt8(ascii: ")") }
        do {
            return try UIDSet(parsing: text(token))
        } catch {
            throw failure(error.kind, error.detail, at: from)
        }
    }
}
