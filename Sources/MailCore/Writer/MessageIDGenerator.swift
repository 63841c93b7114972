/// Message-IDs in maild's own form (RFC 5322 §3.6.4), given without angle brackets like every id in
/// MailCore:
///
///     maild.<unique>@<domain>                  a message outside any conversation
///     maild.<conversation>.<unique>@<domain>   a message of a conversation
///
/// A reply that quotes one of ours in In-Reply-To or References names its conversation even when the
/// customer's client dropped the subject token, so threading can read it back with `conversation(in:)`.
/// The conversation is only a hint: anyone can write such an id, so the store believes it only from a
/// participant of that conversation (MailStore's `conversationFromOurMessageIDs`).
///
/// Pure: the unique part comes from the caller, or from the random number generator the caller passes
/// (128 bits, base32: 26 characters), so tests can make the same ids twice.
public struct MessageIDGenerator: Sendable, Hashable {
    public let domain: String
    private static let prefix = "maild"
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    /// `domain` is the right part of every id: the sending host's or the channel's domain.
    public init(domain: String) throws(MessageWriterError) {
        if let problem = AddressSyntax.domainProblem(Array(domain.utf8)) ?? (domain.hasPrefix("[") ? "is a literal" : nil)
        {
            throw MessageWriterError(.invalidDomain, field: "Message-ID",
                                     "Message-ID domain " + ParseProblem.quoted(domain.utf8) + " " + problem)
        }
        self.domain = domain
    }

    /// `maild.<unique>@domain`, or `maild.<conversation>.<unique>@domain`. Both parts must be non-empty
    /// runs of letters, digits, `-` and `_` (no dot: it separates them).
    public func messageID(conversation: String? = nil, unique: String) throws(MessageWriterError) -> String {
        try Self.checkPart(unique, what: "unique part")
        guard let conversation else { return "\(Self.prefix).\(unique)@\(domain)" }
        try Self.checkPart(conversation, what: "conversation")
        return "\(Self.prefix).\(conversation).\(unique)@\(domain)"
    }

    /// As `messageID(conversation:unique:)` with 128 random bits from `generator` as the unique part.
    public func messageID(conversation: String? = nil,
                          using generator: inout some RandomNumberGenerator) throws(MessageWriterError) -> String {
        try messageID(conversation: conversation, unique: Self.randomPart(using: &generator))
    }

    /// The conversation written in one of our ids (`maild.<conversation>.<unique>@<our domain>`, domain
    /// compared case-insensitively); nil for any other id, ours without a conversation included.
    public func conversation(in messageID: String) -> String? {
        guard let at = messageID.lastIndex(of: "@"),
              ASCII.equalsIgnoringCase(String(messageID[messageID.index(after: at)...]), domain) else { return nil }
        let parts = messageID[..<at].split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Self.prefix, parts.dropFirst().allSatisfy(Self.isPart) else { return nil }
        return String(parts[1])
    }

    private static func randomPart(using generator: inout some RandomNumberGenerator) -> String {
        var bits = (UInt64.random(in: .min ... .max, using: &generator),
                    UInt64.random(in: .min ... .max, using: &generator))
        var characters: [UInt8] = []
        for _ in 0..<26 {   // 26 × 5 = 130 bits: the last character carries 3
            characters.append(alphabet[Int(bits.0 & 31)])
            bits.0 = bits.0 >> 5 | bits.1 << 59
            bits.1 >>= 5
        }
        return String(decoding: characters, as: UTF8.self)
    }

    private static func isPart(_ part: Substring) -> Bool {
        !part.isEmpty && part.utf8.allSatisfy {
            ASCII.isLetter($0) || ASCII.isDigit($0) || $0 == ASCII.minus || $0 == ASCII.underscore
        }
    }

    private static func checkPart(_ part: String, what: String) throws(MessageWriterError) {
        guard isPart(Substring(part)), part.utf8.count <= 128 else {
            throw MessageWriterError(.invalidUniquePart, field: "Message-ID", "Message-ID \(what) "
                                     + ParseProblem.quoted(part.utf8)
                                     + " must be 1 to 128 letters, digits, - or _")
        }
    }
}
