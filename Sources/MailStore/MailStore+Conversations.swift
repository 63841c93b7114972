import Foundation
import GRDB
import MailCore
import Threading

extension MailStore {
    /// Puts a newly stored message into its conversation, inside the transaction that stores it: the pure
    /// decision (join / new / merge) comes from Threading, this applies it. Evidence in order of strength:
    /// the headers' ids (with a bounce's reported Message-ID among them), then a ticket token in the
    /// subject, then the channel's subject fallback. Every lookup is an indexed read, so the cost per
    /// message does not grow with the number stored.
    /// Returns the message's conversation.
    static func assignConversation(_ message: IncomingMessage, policy: TicketPolicy, tokenFormat: TicketTokenFormat,
                                   closedStatuses: [String: String], now: Date, db: Database) throws -> Int64 {
        let head = message.record.head
        // A bounce links to the message it reports as a reply would (RFC 3464 §2: the returned message or
        // its headers name it). As a link, not a later lookup: when the bounce arrives first, that id waits
        // as a ghost and the reported message joins the bounce's conversation when it comes.
        let links = MessageLinks(messageID: head.messageID, inReplyTo: head.inReplyTo,
                                 references: head.references + [message.record.bouncedMessageID].compactMap { $0 })
        let lookup = try db.cachedStatement(sql: "SELECT conversation FROM conversation_ref WHERE message_id = ?")
        var known = [String: ConversationID]()
        for id in links.allIDs {
            if let found = try Int64.fetchOne(lookup, arguments: [id]) { known[id] = ConversationID(rawValue: found) }
        }
        var decision = ConversationDecision(for: links, known: { known[$0] })
        // Headers linked nothing the store knows: a ticket token in the subject may (a client that dropped
        // the headers), or a conversation written in one of our own Message-IDs they quote, and failing
        // that the subject itself, where the channel allows it.
        if decision.action == .new {
            if let tokened = try conversationFromToken(subject: head.subject, sender: head.from?.address,
                                                       format: tokenFormat, db: db) {
                decision = decision.attaching(to: tokened)
            } else if let named = try conversationFromOurMessageIDs(head.inReplyTo + head.references, sender: head.from?.address,
                                                                    policy: policy, db: db) {
                decision = decision.attaching(to: named)
            } else if let bySubject = try conversationFromSubject(message, policy: policy, db: db) {
                decision = decision.attaching(to: bySubject)
            }
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
            let linker = head.messageID.map { "message <\($0)>" } ?? "a message without a Message-ID"
            for other in absorbed {
                try merge(other.rawValue, into: conversation, closedStatuses: closedStatuses,
                          why: "\(linker) linked the two conversations", now: now, db: db)
            }
        }
        let register = try db.cachedStatement(sql: "INSERT OR IGNORE INTO conversation_ref (message_id, conversation) VALUES (?, ?)")
        let ours = Dictionary(ourMessageIDs(decision.idsToRegister, policy: policy).map { ($0.id, $0.conversation) },
                              uniquingKeysWith: { first, _ in first })
        for id in decision.idsToRegister {
            if let named = ours[id], try !mayRegister((id, named), in: conversation, db: db) { continue }
            try register.execute(arguments: [id, conversation])
        }
        try db.cachedStatement(sql: "UPDATE message SET conversation_id = ? WHERE id = ?").execute(arguments: [conversation, message.id])
        try rememberSubject(message, conversation: conversation, policy: policy, db: db)
        return conversation
    }

    /// Moves `absorbed` into `survivor` (threading keeps the older; an agent's ticket merge keeps its
    /// survivor's); the merge is recorded so a ticket's history can say what happened. `closedStatuses`
    /// (pipeline → its first closed status) and `why` are for a ticket the merge folds away.
    static func merge(_ absorbed: Int64, into survivor: Int64, closedStatuses: [String: String], why: String,
                      now: Date, db: Database) throws {
        try mergeTickets(absorbed, into: survivor, closedStatuses: closedStatuses, why: why, now: now, db: db)
        try db.execute(sql: "UPDATE message SET conversation_id = ? WHERE conversation_id = ?", arguments: [survivor, absorbed])
        try db.execute(sql: "UPDATE conversation_ref SET conversation = ? WHERE conversation = ?", arguments: [survivor, absorbed])
        // Replies queued on the absorbed thread answer the merged one when they leave.
        try db.execute(sql: "UPDATE outbox_item SET conversation_id = ? WHERE conversation_id = ?", arguments: [survivor, absorbed])
        try db.execute(sql: "UPDATE conversation SET merged_into = ? WHERE id = ?", arguments: [survivor, absorbed])
        try mergeSubjects(absorbed, into: survivor, db: db)
        try db.execute(sql: "INSERT INTO conversation_merge (survivor, absorbed, merged_at) VALUES (?, ?, ?)",
                       arguments: [survivor, absorbed, now.timeIntervalSince1970])
    }

    /// One ticket per conversation, also after a merge. The absorbed conversation's ticket takes the
    /// survivor over when that has none; messages without a ticket (a bounce that came first) join the
    /// ticket the merged conversation ends up with. When both have one, the two were one matter all along
    /// (typically replies that arrived before the message linking them): one ticket absorbs the other as an
    /// agent's merge would, closing it and naming the survivor, so its token still leads there.
    private static func mergeTickets(_ absorbed: Int64, into survivor: Int64, closedStatuses: [String: String], why: String,
                                     now: Date, db: Database) throws {
        let lookup = try db.cachedStatement(sql: "SELECT * FROM ticket WHERE conversation_id = ?")
        let adopt = try db.cachedStatement(sql: "UPDATE message SET ticket_id = ? WHERE conversation_id = ? AND ticket_id IS NULL")
        let staying = try Row.fetchOne(lookup, arguments: [survivor])
        guard let moving = try Row.fetchOne(lookup, arguments: [absorbed]) else {
            if let staying { try adopt.execute(arguments: [staying["id"] as Int64, absorbed]) }
            return
        }
        if let staying {
            // The older conversation's ticket survives, unless it is closed and the other still open: the open
            // one is where agents work (assignee, status), so it takes the merged conversation instead.
            let reverse = (staying["closed_at"] as Double?) != nil && (moving["closed_at"] as Double?) == nil
            let (kept, folded) = reverse ? (moving, staying) : (staying, moving)
            let number: Int64 = folded["number"], keptNumber: Int64 = kept["number"]
            let moved = try absorb(ticket: folded, into: kept, closedStatus: closedStatuses[folded["pipeline"]], actor: "system",
                                   detail: "merged into ticket \(keptNumber): \(why)", now: now, db: db)
            if reverse {
                try db.execute(sql: "UPDATE ticket SET conversation_id = ? WHERE id = ?", arguments: [survivor, kept["id"] as Int64])
            }
            try recordHistory(ticket: kept["id"], actor: "system", action: "merged",
                              detail: "ticket \(number) merged into this one with its \(messageCount(moved)): \(why)", now: now, db: db)
        } else {
            let id: Int64 = moving["id"]
            try db.execute(sql: "UPDATE ticket SET conversation_id = ? WHERE id = ?", arguments: [survivor, id])
            try adopt.execute(arguments: [id, survivor])
        }
    }
}
