import Foundation
import GRDB
import MailCore
import Threading

extension MailStore {
    /// Splits one message (by its id, as `store(…)` returned it) out of its ticket into a new ticket, when a
    /// customer raised a new matter on an old thread. Only that message moves, into a new conversation; the
    /// new ticket gets the old one's channel, queue, pipeline, assignee, priority and category (not its
    /// tags), the pipeline's first open status, the message's sender as customer and its subject.
    /// Replies to the message join the new ticket: its Message-ID moves to the new conversation, and
    /// threading never merges the two conversations back. Returns the new ticket's id.
    @discardableResult
    public func split(message: Int64, actor: String, now: Date = Date()) throws(StorageError) -> Int64 {
        let policies = ticketPolicies
        return try write("splitting message \(message) into a new ticket") { db in
            guard let mail = try Row.fetchOne(db, sql: """
                SELECT message_id, subject, from_address, from_name, ticket_id, conversation_id FROM message WHERE id = ?
                """, arguments: [message]) else {
                throw StorageError.refusal("there is no message with id \(message)")
            }
            let name = (mail["message_id"] as String?).map { "message <\($0)>" } ?? "message \(message)"
            guard let ticket = mail["ticket_id"] as Int64? else {
                throw StorageError.refusal("\(name) is on no ticket: there is nothing to split it from")
            }
            let original = try Self.ticketRow(ticket, actor: actor, db: db)
            let number: Int64 = original["number"]
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message WHERE ticket_id = ?", arguments: [ticket]) ?? 0
            guard count > 1 else {
                throw StorageError.refusal("\(name) is the only message of ticket \(number): nothing would be left to split it from")
            }
            guard let status = try Self.policy(of: original, in: policies).firstOpenStatus else {
                throw StorageError.refusal("pipeline \(original["pipeline"] as String) has no open status for a new ticket")
            }

            let oldConversation: Int64? = mail["conversation_id"]
            try db.execute(sql: "INSERT INTO conversation (created_at, split_from) VALUES (?, ?)",
                           arguments: [now.timeIntervalSince1970, oldConversation])
            let conversation = db.lastInsertedRowID
            let customer = try Self.contact(address: mail["from_address"], name: mail["from_name"], db: db)
            let newNumber = try Self.nextTicketNumber(db)
            try db.execute(sql: """
                INSERT INTO ticket (number, subject, channel, queue, pipeline, status, priority, category, assignee,
                                    customer, conversation_id, created_at, updated_at)
                SELECT ?, ?, channel, queue, pipeline, ?, priority, category, assignee, ?, ?, ?, ? FROM ticket WHERE id = ?
                """, arguments: [newNumber, mail["subject"] as String? ?? "", status, customer, conversation,
                                 now.timeIntervalSince1970, now.timeIntervalSince1970, ticket])
            let newTicket = db.lastInsertedRowID
            try db.execute(sql: "UPDATE message SET ticket_id = ?, conversation_id = ? WHERE id = ?",
                           arguments: [newTicket, conversation, message])
            if let messageID = mail["message_id"] as String? {
                try db.execute(sql: "UPDATE conversation_ref SET conversation = ? WHERE message_id = ? AND conversation IS ?",
                               arguments: [conversation, messageID, oldConversation])
            }
            try db.execute(sql: "UPDATE ticket SET updated_at = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, ticket])
            try Self.recordHistory(ticket: ticket, actor: actor, action: "split", detail: "split \(name) into ticket \(newNumber)", now: now, db: db)
            try Self.recordHistory(ticket: newTicket, actor: actor, action: "split",
                                   detail: "split \(name) from ticket \(number), status \(status)", now: now, db: db)
            return newTicket
        }
    }

    /// Threading's decision, unless it merges conversations an agent split apart (see
    /// `ConversationDecision.keepingSplitsApart`). Read only for a merge, which is rare: joins cost nothing more.
    static func keepingSplitsApart(_ decision: ConversationDecision, head: MessageHead, known: [String: ConversationID],
                                   db: Database) throws -> ConversationDecision {
        guard case let .merge(survivor, absorbed) = decision.action else { return decision }
        var origin = [ConversationID: ConversationID]()
        for conversation in [survivor] + absorbed {
            let splitFrom = try Int64.fetchOne(db, sql: "SELECT split_from FROM conversation WHERE id = ?", arguments: [conversation.rawValue])
            // The original may since have merged into another conversation, which now holds its ids.
            if let current = try splitFrom.map({ try Self.current($0, db: db) }) { origin[conversation] = ConversationID(current) }
        }
        guard !origin.isEmpty else { return decision }
        return decision.keepingSplitsApart(inReplyTo: head.inReplyTo, references: head.references, known: { known[$0] },
                                           areSplit: { origin[$0] == $1 || origin[$1] == $0 })
    }

    /// The conversation that holds `conversation`'s ids now: itself, or the one it was merged into.
    private static func current(_ conversation: Int64, db: Database) throws -> Int64 {
        var id = conversation
        while let next = try Int64.fetchOne(db, sql: "SELECT merged_into FROM conversation WHERE id = ?", arguments: [id]) { id = next }
        return id
    }
}
