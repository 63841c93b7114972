/// The ids of a Message-ID, In-Reply-To or References field (RFC 5322 §3.6.4), without angle brackets.
///
/// Real fields carry more than ids, and all of it is tolerated:
/// - phrases and comments around ids: `<a@b> (message from Joe on Tue, 4 Jun)` (Emacs, Gnus),
///   `Joe's message of "Tue, 4 Jun" <a@b>` (MH): quoted strings and comments are skipped, so a `<`
///   inside them is not taken for an id;
/// - whitespace inside the brackets (a fold in the middle of a long id): removed;
/// - a field that is one bare token without brackets (`Message-ID: 1234@host`, written by some scripts);
/// - a missing `>` at the very end (a cut field): the rest is taken as the id.
public struct MessageIDList: Sendable, Hashable {
    public var ids: [String]
    public var problems: [ParseProblem]

    public init(ids: [String], problems: [ParseProblem] = []) {
        self.ids = ids
        self.problems = problems
    }

    /// Parses an unfolded field value. `fieldName` only names the field in problems.
    public init(parsing value: some Collection<UInt8>, fieldName: String = "Message-ID") {
        let field = HeaderField(name: fieldName, known: nil, rawValue: ArraySlice(value))
        self = field.withUTF8Value { MessageIDList(utf8: $0, fieldName: fieldName) }
    }

    init(utf8 buffer: UnsafeBufferPointer<UInt8>, fieldName: String) {
        var tokens: [HeaderToken] = []
        self.init(utf8: buffer, fieldName: fieldName, tokens: &tokens)
    }

    /// `tokens` is scratch space, reused across the fields of a message.
    init(utf8 buffer: UnsafeBufferPointer<UInt8>, fieldName: String, tokens: inout [HeaderToken]) {
        problems = []
        if let simple = Self.simpleIDs(buffer) {
            ids = simple
            return
        }
        ids = []
        HeaderToken.tokenize(buffer, into: &tokens)
        var sawBracket = false
        var index = 0
        while index < tokens.count {
            guard tokens[index].isSpecial(ASCII.lessThan) else {
                index += 1
                continue
            }
            sawBracket = true
            let start = tokens[index].range.upperBound
            var close = index + 1
            while close < tokens.count, !tokens[close].isSpecial(ASCII.greaterThan) { close += 1 }
            let end = close < tokens.count ? tokens[close].range.lowerBound : buffer.count
            if close == tokens.count {
                problems.append(ParseProblem(.badMessageID, "\(fieldName) has no closing >: "
                                             + ParseProblem.quoted(UnsafeBufferPointer(rebasing: buffer[start...]))))
            }
            if let id = Self.id(buffer[start..<end]) { ids.append(id) }
            index = close + 1
        }
        if !ids.isEmpty { return }
        if sawBracket && !tokens.contains(where: \.unterminated) {
            problems.append(ParseProblem(.badMessageID, "\(fieldName) has an empty id <>"))
            return
        }

        if tokens.contains(where: \.unterminated) {
            // An unbalanced quote or parenthesis swallowed the rest; look for brackets in the raw bytes.
            scanWithoutSyntax(buffer)
            if !ids.isEmpty { return }
        }
        let words = tokens.filter { $0.kind != .comment }
        if let first = words.first, let last = words.last, words.dropFirst().allSatisfy({ !$0.spaceBefore }),
           let id = Self.id(buffer[first.range.lowerBound..<last.range.upperBound]) {
            ids.append(id)
            problems.append(ParseProblem(.badMessageID, "\(fieldName) has an id without angle brackets: "
                                         + ParseProblem.quoted(id.utf8)))
        } else if !words.isEmpty {
            problems.append(ParseProblem(.badMessageID, "\(fieldName) has no message id: "
                                         + ParseProblem.quoted(UnsafeBufferPointer(rebasing: buffer[...]))))
        }
    }

    /// The ids of a field that is only `<id>`s and whitespace (nearly every field), without tokenizing;
    /// nil for anything else.
    private static func simpleIDs(_ buffer: UnsafeBufferPointer<UInt8>) -> [String]? {
        var ids: [String] = []
        var index = 0
        while index < buffer.count {
            if ASCII.isLinearWhitespace(buffer[index]) {
                index += 1
                continue
            }
            guard buffer[index] == ASCII.lessThan else { return nil }
            var end = index + 1
            while end < buffer.count, buffer[end] != ASCII.greaterThan {
                let byte = buffer[end]
                if byte == ASCII.lessThan || byte == ASCII.openParen || byte == ASCII.quote
                    || ASCII.isLinearWhitespace(byte) { return nil }
                end += 1
            }
            guard end < buffer.count, end > index + 1 else { return nil }
            ids.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[(index + 1)..<end]), as: UTF8.self))
            index = end + 1
        }
        return ids.isEmpty ? nil : ids
    }

    /// Every `<...>` in the raw bytes, ignoring quotes and comments.
    private mutating func scanWithoutSyntax(_ buffer: UnsafeBufferPointer<UInt8>) {
        var index = 0
        while let open = buffer[index...].firstIndex(of: ASCII.lessThan) {
            guard let close = buffer[(open + 1)...].firstIndex(of: ASCII.greaterThan) else { return }
            if let id = Self.id(buffer[(open + 1)..<close]) { ids.append(id) }
            index = close + 1
        }
    }

    /// The id with whitespace removed, or nil when nothing is left.
    private static func id(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        for byte in bytes where !ASCII.isLinearWhitespace(byte) { kept.append(byte) }
        return kept.isEmpty ? nil : String(decoding: kept, as: UTF8.self)
    }
}
