/// The Message-ID maild gives its own outgoing mail: `maild.c<conversation>.<random>@<domain>`, e.g.
/// `maild.c42.x7k2m9q4@help.example.com` (written in the field as `<…>`).
///
/// A reply names it in In-Reply-To/References, and storage registers it when the message is sent, so
/// the reply joins through the ordinary id lookup. The conversation written in the id is a second way
/// back, for when that lookup fails (the sent copy was never stored, or storage lost it).
///
/// Only the random part makes the id hard to guess: the conversation number is sequential. A message
/// citing `maild.c42.<anything>@domain` proves nothing, so a conversation read from an id that the index
/// does not know must not be joined from an unknown sender without more evidence (the same rule as a
/// ticket token without a valid check).
///
/// (Another MessageID generator lives in MailCore's writer; this one is the conversation-carrying form,
/// kept in Threading so the parse and the format stay side by side. Use one of the two.)
public struct ConversationMessageID: Sendable, Hashable, CustomStringConvertible {
    public var conversation: ConversationID
    /// Letters and digits, from a random source the caller owns (Threading does no I/O).
    public var random: String
    public var domain: String

    public init(conversation: ConversationID, random: String, domain: String) {
        self.conversation = conversation
        self.random = random
        self.domain = domain
    }

    /// The id without angle brackets, as `MessageHead` and `MessageLinks` hold ids.
    public var messageID: String { "maild.c\(conversation.rawValue).\(random)@\(domain)" }

    public var description: String { messageID }

    /// Reads an id of this form, with or without angle brackets; nil for any other id. The `maild.c`
    /// prefix is matched exactly (it is ours, never rewritten); the domain is kept as written.
    public init?(parsing id: String) {
        var text = Substring(id)
        if text.hasPrefix("<"), text.hasSuffix(">") { text = text.dropFirst().dropLast() }
        guard text.hasPrefix("maild.c") else { return nil }
        text = text.dropFirst(7)
        guard let at = text.lastIndex(of: "@") else { return nil }
        let local = text[..<at]
        let domain = text[text.index(after: at)...]
        guard let dot = local.firstIndex(of: "."), !domain.isEmpty else { return nil }
        let digits = local[..<dot]
        let random = local[local.index(after: dot)...]
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }),
              digits.first != "0" || digits.count == 1, let number = Int64(digits), number > 0,
              !random.isEmpty, random.utf8.allSatisfy(Self.isRandomByte) else { return nil }
        self.init(conversation: ConversationID(number), random: String(random), domain: String(domain))
    }

    private static func isRandomByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10
    }
}
