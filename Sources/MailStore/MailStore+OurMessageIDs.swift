import Foundation
import GRDB
import MailCore
import Threading

extension MailStore {
    /// The conversation named inside one of our own Message-IDs (`maild.<conversation>.<unique>@<domain of a
    /// channel address>`) that the headers quote although the store does not know the id: mail we sent
    /// before the database was restored from a backup, or from another maild installation, answered now.
    /// The ids a reply quotes survive where a subject token may not. Anyone can write such an id, so, like a
    /// bare ticket number, it is believed only from a participant of that conversation (a sender of one of
    /// its messages, or its ticket's customer). A merged conversation leads to the one it was merged into.
    static func conversationFromOurMessageIDs(_ ids: [String], sender: String?, policy: TicketPolicy,
                                              db: Database) throws -> ConversationID? {
        guard let sender = sender?.lowercased() else { return nil }
        for (_, named) in ourMessageIDs(ids, policy: policy).reversed() {   // the parent is last in References (RFC 5322 §3.6.4)
            guard let conversation = try survivor(of: named, db: db), try isParticipant(sender, of: conversation, db: db) else { continue }
            return ConversationID(rawValue: conversation)
        }
        return nil
    }

    /// Those of `ids` in our form with the domain of one of the channels' addresses, with the conversation each
    /// names: MessageIDGenerator reads its own ids back (domain compared case-insensitively).
    static func ourMessageIDs(_ ids: [String], policy: TicketPolicy) -> [(id: String, conversation: Int64)] {
        guard !ids.isEmpty else { return [] }
        let generators = Set(policy.ownAddresses.compactMap { MailAddress(address: $0).domain })
            .compactMap { try? MessageIDGenerator(domain: $0) }
        return ids.compactMap { id in
            for generator in generators {
                if let named = generator.conversation(in: id), let number = Int64(named) { return (id, number) }
            }
            return nil
        }
    }

    /// Whether `id`, unknown to the store, may wait as a ghost in `conversation`: not when it is one of ours
    /// naming another conversation. Else a stranger quoting it first would claim it, and with it the genuine
    /// replies that follow.
    static func mayRegister(_ id: (id: String, conversation: Int64), in conversation: Int64, db: Database) throws -> Bool {
        try survivor(of: id.conversation, db: db).map { $0 == conversation } ?? true
    }

    /// `conversation`, or the conversation it was merged into (and so on); nil when there is no such one.
    private static func survivor(of conversation: Int64, db: Database) throws -> Int64? {
        var current = conversation
        for _ in 0..<64 {   // merges only ever point at older conversations; the bound is against a damaged database
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT merged_into FROM conversation WHERE id = ?"),
                                             arguments: [current]) else { return nil }
            guard let next = row["merged_into"] as Int64? else { return current }
            current = next
        }
        return nil
    }

    private static func isParticipant(_ address: String, of conversation: Int64, db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM message WHERE conversation_id = ?1 AND lower(from_address) = ?2)
                OR EXISTS (SELECT 1 FROM ticket t JOIN contact c ON c.id = t.customer WHERE t.conversation_id = ?1 AND c.email = ?2)
            """), arguments: [conversation, address]) ?? false
    }
}
