/// What threading reads from one message: its own Message-ID and every id it refers to.
///
/// In-Reply-To and References count as one set (RFC 5322 §3.6.4 gives them the same meaning for
/// threading; clients disagree on which one they fill, and some write a misspelt id in one and the right
/// one in the other). Like notmuch, every referenced id links, not just the last one: a conversation is
/// a connected set of ids, never a tree that could be built wrongly.
///
/// Ids are compared exactly as written (RFC 5322 makes the local part case-sensitive; notmuch does the
/// same), without angle brackets.
public struct MessageLinks: Sendable, Hashable {
    /// The message's own id; nil when it has none (the message then links only through `references`).
    public var messageID: String?
    /// Referenced ids, In-Reply-To first and then References, each once, never the message's own id.
    public var references: [String]

    /// `inReplyTo` and `references` as `MessageHead` gives them. Duplicates, empty ids and
    /// self-references are dropped (a message that names itself in In-Reply-To must not count as its own
    /// ghost parent); a stray pair of angle brackets is removed.
    public init(messageID: String?, inReplyTo: [String] = [], references: [String] = []) {
        let own = messageID.map(Self.bare).flatMap { $0.isEmpty ? nil : $0 }
        self.messageID = own
        var seen: Set<String> = []
        var kept: [String] = []
        kept.reserveCapacity(inReplyTo.count + references.count)
        for raw in [inReplyTo, references].joined() {
            let id = Self.bare(raw)
            guard !id.isEmpty, id != own, seen.insert(id).inserted else { continue }
            kept.append(id)
        }
        self.references = kept
    }

    /// The message's own id (if any) followed by its references: every id this message ties together.
    public var allIDs: [String] {
        guard let messageID else { return references }
        return [messageID] + references
    }

    /// `<a@b>` → `a@b`; ids from `MessageHead` have no brackets already.
    private static func bare(_ id: String) -> String {
        let utf8 = id.utf8
        guard utf8.first == UInt8(ascii: "<"), utf8.last == UInt8(ascii: ">"), utf8.count >= 2 else { return id }
        return String(id.dropFirst().dropLast())
    }
}
