/// A subject reduced to what stays the same across a conversation, for the subject fallback: reply and
/// forward prefixes in any number and language (`Re:`, `AW:`, `Re[2]:`, `RE :`, `回复：`), `[list]` tags
/// before or between them, ticket tokens anywhere, whitespace collapsed, letters lower-cased.
///
///     "AW: Re[2]: [support] Drucker  defekt [#T6311-k3f9]"  →  key "drucker defekt", isReply
///     "WG: Drucker defekt"                                  →  key "drucker defekt", isForward
///
/// A prefix is a known word (see `SubjectPrefixes`), optionally followed by `.` and a counter (`[2]`,
/// `(2)`, `^2`), spaces, and a colon (ASCII or full-width). Anything else ends the prefixes, so a subject
/// like `Q3: figures` keeps its `Q3:`.
public struct SubjectKey: Sendable, Hashable {
    /// The normalized subject; empty when nothing is left (`Re:` alone), and an empty key never joins.
    public var key: String
    /// A reply prefix was stripped.
    public var isReply: Bool
    /// A forward prefix was stripped, or the subject ends in `(fwd)` or is wrapped as `[Fwd: …]`: such a
    /// message never joins a conversation by subject.
    public var isForward: Bool

    public init(subject: String?, tokenFormat: TicketTokenFormat = .standard) {
        key = ""
        isReply = false
        isForward = false
        guard let subject else { return }
        var rest = Substring(tokenFormat.removingTokens(from: subject))
        stripPrefixes(&rest)
        if Self.stripForwardSuffix(&rest) { isForward = true }
        key = Self.normalized(rest)
    }

    private enum Prefix { case reply, forward }

    private mutating func stripPrefixes(_ rest: inout Substring) {
        while true {
            rest = rest.drop(while: \.isWhitespace)
            if rest.first == "[" {
                // `[Fwd: subject]`: how Netscape and Pine wrapped a forwarded subject.
                var inner = rest.dropFirst()
                if Self.stripPrefix(&inner) == .forward, let end = inner.lastIndex(where: { !$0.isWhitespace }),
                   inner[end] == "]" {
                    isForward = true
                    rest = inner[..<end]
                    continue
                }
                guard let close = Self.tagEnd(rest) else { return }
                rest = rest[rest.index(after: close)...]
                continue
            }
            switch Self.stripPrefix(&rest) {
            case .reply: isReply = true
            case .forward: isForward = true
            case nil: return
            }
        }
    }

    /// Strips one prefix word with its counter and colon from the start of `text`.
    private static func stripPrefix(_ text: inout Substring) -> Prefix? {
        var index = text.startIndex
        var length = 0
        while index < text.endIndex, text[index].isLetter, length <= SubjectPrefixes.maxWordLength {
            index = text.index(after: index)
            length += 1
        }
        guard length > 0, length <= SubjectPrefixes.maxWordLength else { return nil }
        let word = text[text.startIndex..<index].lowercased()
        let kind: Prefix
        if SubjectPrefixes.replies.contains(word) {
            kind = .reply
        } else if SubjectPrefixes.forwards.contains(word) {
            kind = .forward
        } else {
            return nil
        }
        if index < text.endIndex, text[index] == "." { index = text.index(after: index) }
        index = skipCounter(text, from: index)
        while index < text.endIndex, text[index] == " " || text[index] == "\u{A0}" { index = text.index(after: index) }
        guard index < text.endIndex, text[index] == ":" || text[index] == "\u{FF1A}" else { return nil }
        text = text[text.index(after: index)...]
        return kind
    }

    /// Past `[2]`, `(2)` or `^2` at `index` (Thunderbird's and some Eudora-era clients' reply counters).
    private static func skipCounter(_ text: Substring, from index: String.Index) -> String.Index {
        guard index < text.endIndex else { return index }
        let open = text[index]
        let close: Character
        switch open {
        case "[": close = "]"
        case "(": close = ")"
        case "^": close = " "
        default: return index
        }
        var cursor = text.index(after: index)
        let digitsStart = cursor
        while cursor < text.endIndex, text[cursor].isASCII, text[cursor].isNumber { cursor = text.index(after: cursor) }
        guard cursor > digitsStart else { return index }
        if open == "^" { return cursor }
        guard cursor < text.endIndex, text[cursor] == close else { return index }
        return text.index(after: cursor)
    }

    /// The `]` closing a `[tag]` at the start of `text`: a short tag without nested brackets.
    private static func tagEnd(_ text: Substring) -> String.Index? {
        var index = text.index(after: text.startIndex)
        var count = 0
        while index < text.endIndex, count < 80 {
            switch text[index] {
            case "]": return count > 0 ? index : nil
            case "[": return nil
            default: break
            }
            index = text.index(after: index)
            count += 1
        }
        return nil
    }

    /// `… (fwd)`: Pine's and some list archives' mark of a forward.
    private static func stripForwardSuffix(_ text: inout Substring) -> Bool {
        var trimmed = text
        while let last = trimmed.last, last.isWhitespace { trimmed = trimmed.dropLast() }
        guard trimmed.count >= 5, trimmed.suffix(5).lowercased() == "(fwd)" else { return false }
        text = trimmed.dropLast(5)
        return true
    }

    /// Whitespace runs (spaces, tabs kept by unfolding, no-break spaces) become one space; lower-cased.
    private static func normalized(_ text: Substring) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }
}
