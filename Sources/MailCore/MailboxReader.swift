import Foundation

/// Reads one item of an address list (the tokens between two separators) as a mailbox.
///
/// `name-addr` (`Name <a@b>`, RFC 5322 §3.4) is read as such; without angle brackets the addr-spec is
/// the run of words joined to the last `@`, and any words before it are taken as the display name, as mail
/// clients show `Joe Bloggs joe@x`. An item with no `@` and no brackets is only a phrase: the caller decides
/// whether it is the first half of an unquoted `Last, First` name or garbage.
struct MailboxReader {
    enum Outcome {
        case mailbox(MailAddress, hadAngle: Bool, problem: String?)
        case phrase(String)
        case empty
        case invalid(String)
    }

    let buffer: UnsafeBufferPointer<UInt8>
    /// The item's tokens without comments (a slice of the field's tokens when it has none, the usual case).
    let tokens: ArraySlice<HeaderToken>
    let firstComment: HeaderToken?

    init(buffer: UnsafeBufferPointer<UInt8>, tokens: ArraySlice<HeaderToken>) {
        self.buffer = buffer
        if let comment = tokens.first(where: { $0.kind == .comment }) {
            self.tokens = ArraySlice(tokens.filter { $0.kind != .comment })
            self.firstComment = comment
        } else {
            self.tokens = tokens
            self.firstComment = nil
        }
    }

    func read() -> Outcome {
        guard !tokens.isEmpty else { return .empty }
        if let open = tokens.firstIndex(where: { $0.isSpecial(ASCII.lessThan) }) {
            return readNameAddr(open: open)
        }
        guard let at = tokens.lastIndex(where: { $0.isSpecial(ASCII.at) }) else {
            let phrase = Self.phrase(tokens, in: buffer)
            return phrase.map { .phrase($0) } ?? .invalid("has no address")
        }
        return readBareAddress(at: at)
    }

    private func readNameAddr(open: Int) -> Outcome {
        let close = tokens[(open + 1)...].firstIndex { $0.isSpecial(ASCII.greaterThan) }
        var inner = tokens[(open + 1)..<(close ?? tokens.endIndex)]
        // Obsolete route (RFC 5322 §4.4): "<@relay1,@relay2:joe@x>"; the route is dropped.
        if inner.first?.isSpecial(ASCII.at) == true,
           let colon = inner.firstIndex(where: { $0.isSpecial(ASCII.colon) }) {
            inner = inner[(colon + 1)...]
        }
        guard let address = Self.addrSpec(inner, in: buffer) else { return .invalid("has an empty address <>") }
        var problem: String?
        if close == nil {
            problem = "has no closing >"
        } else if let close, close + 1 < tokens.endIndex {
            problem = "has text after an address"
        }
        let name = Self.phrase(tokens[..<open], in: buffer)
        return .mailbox(MailAddress(name: name, address: address), hadAngle: true, problem: problem)
    }

    private func readBareAddress(at: Int) -> Outcome {
        var start = at
        while start > tokens.startIndex, Self.joins(tokens[start - 1], tokens[start], in: buffer, isAt: start == at) {
            start -= 1
        }
        var end = at + 1
        while end < tokens.endIndex, Self.joins(tokens[end - 1], tokens[end], in: buffer, isAt: end == at + 1) {
            end += 1
        }
        guard start < at, end > at + 1, let address = Self.addrSpec(tokens[start..<end], in: buffer) else {
            return .invalid("has an incomplete address")
        }
        var name = Self.phrase(tokens[..<start], in: buffer)
        // RFC 822 style "joe@x (Joe Bloggs)": the comment is the only name there is.
        if name == nil, let comment = firstComment {
            let text = EncodedWords.decode(Charset.decode(comment.content(in: buffer), charset: "utf-8"))
            let trimmed = Self.cleaned(text).trimmingCharacters(in: .whitespaces)
            name = trimmed.isEmpty ? nil : trimmed
        }
        let problem = end < tokens.endIndex ? "has text after an address" : nil
        return .mailbox(MailAddress(name: name, address: address), hadAngle: false, problem: problem)
    }

    /// Whether `left` and `right` belong to one addr-spec: words and dots written together, or with
    /// obsolete CFWS around a dot or the `@` (RFC 5322 §4.4: `joe . bloggs @ example . com`).
    private static func joins(_ left: HeaderToken, _ right: HeaderToken, in buffer: UnsafeBufferPointer<UInt8>,
                              isAt: Bool) -> Bool {
        let isWord = { (token: HeaderToken) in
            token.kind == .atom || token.kind == .quoted || token.kind == .domainLiteral
        }
        if isAt {
            return (left.isSpecial(ASCII.at) || isWord(left)) && (right.isSpecial(ASCII.at) || isWord(right))
        }
        guard isWord(left), isWord(right) else { return false }
        if !right.spaceBefore { return true }
        return buffer[left.range.upperBound - 1] == ASCII.dot || buffer[right.range.lowerBound] == ASCII.dot
    }

    /// The addr-spec written by `tokens` without CFWS, domain lowercased; nil when empty.
    static func addrSpec(_ tokens: ArraySlice<HeaderToken>, in buffer: UnsafeBufferPointer<UInt8>) -> String? {
        guard let first = tokens.first, let last = tokens.last else { return nil }
        // Fast path, nearly every address: written in one piece, no quotes, domain already lowercase.
        let span = first.range.lowerBound..<last.range.upperBound
        if tokens.allSatisfy({ $0.kind != .quoted }),
           tokens.reduce(0, { $0 + $1.range.count }) == span.count {
            let at = tokens.last(where: { $0.isSpecial(ASCII.at) })?.range.upperBound ?? span.upperBound
            if !buffer[at..<span.upperBound].contains(where: { $0 &- 0x41 < 26 }) {
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[span]), as: UTF8.self)
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(span.count)
        var domainStart: Int?
        for token in tokens {
            if token.kind == .quoted {
                let content = token.content(in: buffer)
                if isDotAtom(content) {
                    bytes.append(contentsOf: content)
                    continue
                }
            }
            if token.isSpecial(ASCII.at) { domainStart = bytes.count + 1 }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[token.range]))
        }
        if let domainStart {
            for index in domainStart..<bytes.count { bytes[index] = ASCII.lowercased(bytes[index]) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A display name: words joined by one space where the message had whitespace, quoted strings
    /// unquoted (their inner whitespace kept), comments dropped, then encoded words decoded (inside quotes
    /// too: non-compliant, but Thunderbird, Outlook and Python all decode them). Nil when empty.
    static func phrase(_ tokens: ArraySlice<HeaderToken>, in buffer: UnsafeBufferPointer<UInt8>) -> String? {
        guard let first = tokens.first, let last = tokens.last else { return nil }
        if let simple = simplePhrase(tokens, first: first, last: last, in: buffer) {
            return simple.isEmpty ? nil : simple
        }
        var bytes: [UInt8] = []
        for token in tokens where token.kind != .comment {
            if !bytes.isEmpty && token.spaceBefore { bytes.append(ASCII.space) }
            if token.kind == .quoted {
                bytes.append(contentsOf: token.content(in: buffer))
            } else {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[token.range]))
            }
        }
        guard !bytes.isEmpty else { return nil }
        let name = cleaned(bytes.withUnsafeBufferPointer {
            EncodedWords.decode(utf8: $0) ?? String(decoding: $0, as: UTF8.self)
        })
        return name.isEmpty ? nil : name
    }

    /// The name without building it byte by byte, when the bytes as written already are the name: one
    /// quoted string without escapes, or atoms separated by single spaces.
    private static func simplePhrase(_ tokens: ArraySlice<HeaderToken>, first: HeaderToken, last: HeaderToken,
                                     in buffer: UnsafeBufferPointer<UInt8>) -> String? {
        var span = first.range.lowerBound..<last.range.upperBound
        if tokens.count == 1, first.kind == .quoted, !first.unterminated {
            span = span.lowerBound + 1..<span.upperBound - 1
        } else if !tokens.allSatisfy({ $0.kind == .atom }) {
            return nil
        }
        var previousSpace = false
        for byte in buffer[span] {
            switch byte {
            case ASCII.backslash, ASCII.cr, ASCII.lf, ASCII.tab, ASCII.openParen: return nil
            case ASCII.space:
                if previousSpace && first.kind == .atom { return nil }
                previousSpace = true
            default:
                previousSpace = false
            }
        }
        let bytes = UnsafeBufferPointer(rebasing: buffer[span])
        return cleaned(EncodedWords.decode(utf8: bytes) ?? String(decoding: bytes, as: UTF8.self))
    }

    /// CR and LF (from an encoded `=0A` or a stray line end) made spaces: a name or subject with a line
    /// break could never be written back into a reply's header.
    static func cleaned(_ text: String) -> String {
        let hasLineBreak = ASCII.withUTF8(text) { $0.contains { $0 == ASCII.cr || $0 == ASCII.lf } }
            ?? text.utf8.contains { $0 == ASCII.cr || $0 == ASCII.lf }
        guard hasLineBreak else { return text }
        return String(text.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
    }

    /// RFC 5322 dot-atom: atext runs separated by single dots.
    private static func isDotAtom(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first, let last = bytes.last, first != ASCII.dot, last != ASCII.dot else {
            return false
        }
        var previousDot = false
        for byte in bytes {
            if byte == ASCII.dot {
                if previousDot { return false }
                previousDot = true
                continue
            }
            previousDot = false
            guard byte > 0x20, byte < 0x7F, HeaderToken.isAtomByte(byte), byte != ASCII.backslash,
                  byte != ASCII.closeParen, byte != ASCII.closeBracket else { return false }
        }
        return true
    }
}
