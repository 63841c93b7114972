import Foundation
import GRDB
import MailCore
import Threading

extension MailStore {
    /// Puts a newly stored message into its conversation, inside the transaction that stores it: the pure
    /// decision (join / new / merge) comes from Threading, this applies it. Every id lookup is one indexed
    /// read, so the cost per message does not grow with the number stored.
    /// Returns the message's conversation.
    static func assignConversation(message: Int64, head: MessageHead, now: Date, db: Database) throws -> Int64 {
        let links = MessageLinks(messageID: head.messageID, inReplyTo: head.inReplyTo, references: head.references)
        let lookup = try db.cachedStatement(sql: "SELECT conversation FROM conversation_ref WHERE message_id = ?")
        var known = [String: ConversationID]()
        for id in links.allIDs {
            if let found = try Int64.fetchOne(lookup, arguments: [id]) { known[id] = ConversationID(rawValue: found) }
        }
        var decision = ConversationDecision(for: links, known: { known[$0] })
        // Headers linked nothing: a ticket token in the subject may (a client that dropped the headers).
        if decision.action == .new,
           let tokened = try conversationFromToken(subject: head.subject, sender: head.from?.address, db: db) {
            decision = decision.attaching(to: tokened)
        }
        decision = try keepingSplitsApart(decision, head: head, known: known, db: db)
        let conversation: Int64
        switch decision.action {
        case .new:
            try db.cachedStatement(sql: "INSERT INTO conversation (created_at) VALUES (?)").execute(arguments: [now.timeIntervalSince1970])
            conversation = db.lastInsertedRowID
        case let .join(existing):
            conversation = existing.rawValue
        case let .merge(survivor, absorbed):
            conversation = survivor.rawValue
            for other in absorbed {
                try merge(other.rawValue, into: conversation, now: now, db: db)
            }
        }
        let register = try db.cachedStatement(sql: "INSERT OR IGNORE INTO conversation_ref (message_id, conversation) VALUES (?, ?)")
        for id in decision.idsToRegister { try register.execute(arguments: [id, conversation]) }
        try db.cachedStatement(sql: "UPDATE message SET conversation_id = ? WHERE id = ?").execute(arguments: [conversation, message])
        return conversation
    }

    /// Moves `absorbed` into `survivor` (threading keeps the older; an agent's ticket merge keeps its
    /// survivor's); the merge is recorded so a ticket's history can say what happened.
    static func merge(_ absorbed: Int64, into survivor: Int64, now: Date, db: Database) throws {
        try db.execute(sql: "UPDATE message SET conversation_id = ? WHERE conversation_id = ?", arguments: [survivor, absorbed])
        try db.execute(sql: "UPDATE conversation_ref SET conversation = ? WHERE conversation = ?", arguments: [survivor, absorbed])
        try db.execute(sql: "UPDATE conversation SET merged_into = ? WHERE id = ?", arguments: [survivor, absorbed])
        try db.execute(sql: "INSERT INTO conversation_merge (survivor, absorbed, merged_at) VALUES (?, ?, ?)",
                       arguments: [survivor, absorbed, now.timeIntervalSince1970])
    }
}
