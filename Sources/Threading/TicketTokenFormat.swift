/// How ticket tokens look in subjects: `[#T6311-k3f9]` is `[#`, the prefix (`T`), the ticket number, `-`,
/// a short keyed check, `]`.
///
/// Ticket numbers are sequential and so guessable; the check (a few characters of an HMAC of the number
/// under an installation secret) lets a token that carries it join from any sender, while a number
/// without it, or with a wrong one, joins only for the ticket's participants (`TicketToken.admits`).
/// Threading has no cryptography: the check function is passed in (`(UInt64) -> String`, returning the
/// whole check, e.g. `k3f9`).
public struct TicketTokenFormat: Sendable, Hashable {
    /// ASCII letters only (possibly none), so the number always starts at the first digit; matched in any
    /// letter case, since some gateways upper-case subjects.
    public private(set) var prefix: String

    /// The format maild uses unless configured otherwise: `[#T6311-k3f9]`.
    public static let standard = TicketTokenFormat(validPrefix: "T")

    public init(prefix: String) throws(InvalidPrefix) {
        guard prefix.utf8.count <= 16, prefix.utf8.allSatisfy(Self.isLetter) else { throw InvalidPrefix(prefix: prefix) }
        self.prefix = prefix
    }

    private init(validPrefix: String) {
        prefix = validPrefix
    }

    /// A prefix that would make tokens ambiguous or unreadable.
    public struct InvalidPrefix: Error, CustomStringConvertible {
        public var prefix: String
        public var description: String {
            "The ticket token prefix \"\(prefix)\" is not usable: use up to 16 ASCII letters (e.g. \"T\"), so the "
                + "ticket number that follows it can be read back exactly."
        }
    }

    /// `[#T6311-k3f9]`.
    public func token(number: UInt64, check: String) -> String {
        "[#\(prefix)\(number)-\(check)]"
    }

    /// The subject for an outgoing message of ticket `number`: unchanged when it already carries the
    /// ticket's token with a valid check; otherwise the same number's bare or wrongly checked tokens are
    /// removed and the token is appended. Tokens of other tickets stay (a thread forwarded between tickets
    /// keeps its history).
    public func subject(_ subject: String, number: UInt64, check: (UInt64) -> String) -> String {
        let found = tokens(in: subject, check: check)
        if found.contains(where: { $0.number == number && $0.check == .valid }) { return subject }
        var text = subject
        let stale = found.filter { $0.number == number }
        for token in stale.reversed() { text.removeSubrange(token.range) }
        if !stale.isEmpty { text = Self.collapsingSpaces(text) }
        while text.last == " " { text.removeLast() }
        let tag = token(number: number, check: check(number))
        return text.isEmpty ? tag : text + " " + tag
    }

    /// Every token of this format in `subject`, in order of appearance, with its check judged by `check`.
    /// Numbers match exactly: `[#T63117]` is ticket 63117, never 6311. Not a token: a number with leading
    /// zeros or beyond `UInt64`, a check that is not 1…16 letters and digits, any other character before
    /// the `]`.
    public func tokens(in subject: String, check: (UInt64) -> String) -> [TicketToken] {
        var found: [TicketToken] = []
        let utf8 = subject.utf8
        var index = utf8.startIndex
        while let open = utf8[index...].firstIndex(of: UInt8(ascii: "[")) {
            index = utf8.index(after: open)
            if let token = parseToken(utf8, open: open, check: check) {
                found.append(token)
                index = token.range.upperBound
            }
        }
        return found
    }

    /// `subject` without any token of this format, spaces collapsed where one was cut out.
    public func removingTokens(from subject: String) -> String {
        let found = tokens(in: subject, check: { _ in "" })
        guard !found.isEmpty else { return subject }
        var text = subject
        for token in found.reversed() { text.removeSubrange(token.range) }
        return Self.collapsingSpaces(text)
    }

    // MARK: - Parsing

    private func parseToken(_ utf8: String.UTF8View, open: String.Index, check: (UInt64) -> String)
        -> TicketToken? {
        var index = utf8.index(after: open)
        guard index < utf8.endIndex, utf8[index] == UInt8(ascii: "#") else { return nil }
        index = utf8.index(after: index)
        for expected in prefix.utf8 {
            guard index < utf8.endIndex, utf8[index] | 0x20 == expected | 0x20 else { return nil }
            index = utf8.index(after: index)
        }
        guard index < utf8.endIndex, utf8[index] != UInt8(ascii: "0") else { return nil }
        var number: UInt64 = 0
        var digits = 0
        while index < utf8.endIndex, case let digit = utf8[index] &- UInt8(ascii: "0"), digit < 10 {
            let (times10, overflow1) = number.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            number = sum
            digits += 1
            index = utf8.index(after: index)
        }
        guard digits > 0, index < utf8.endIndex else { return nil }
        var written: Substring.UTF8View?
        if utf8[index] == UInt8(ascii: "-") {
            let start = utf8.index(after: index)
            var end = start
            while end < utf8.endIndex, Self.isLetterOrDigit(utf8[end]) { end = utf8.index(after: end) }
            let length = utf8.distance(from: start, to: end)
            guard (1...16).contains(length) else { return nil }
            written = utf8[start..<end]
            index = end
        }
        guard index < utf8.endIndex, utf8[index] == UInt8(ascii: "]") else { return nil }
        let range = open..<utf8.index(after: index)
        guard let written else { return TicketToken(number: number, check: .missing, range: range) }
        let expected = check(number).utf8
        let valid = !expected.isEmpty && expected.count == written.count
            && zip(expected, written).allSatisfy { Self.lowercased($0) == Self.lowercased($1) }
        return TicketToken(number: number, check: valid ? .valid : .wrong, range: range)
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- UInt8(ascii: "a") < 26 }
    private static func isLetterOrDigit(_ byte: UInt8) -> Bool { isLetter(byte) || byte &- UInt8(ascii: "0") < 10 }
    private static func lowercased(_ byte: UInt8) -> UInt8 { byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte }

    /// Runs of spaces left where a token was cut out become one; ends trimmed.
    static func collapsingSpaces(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
