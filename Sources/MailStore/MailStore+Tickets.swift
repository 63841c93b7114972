import Foundation
import GRDB
import Threading

extension MailStore {
    /// Keeps the tickets of a newly stored message, inside the transaction that stores it and after its
    /// conversation is assigned: the first human message of a conversation opens its ticket (a conversation
    /// started by an auto-reply gets one when a person writes), a message joining one goes to its
    /// ticket, and a customer reply moves that ticket to "Waiting on us" (reopening it, or opening a new
    /// ticket linked to it when it was closed longer than the channel's reopen window). Machine-written mail
    /// (auto-replies, bounces) joins a ticket but never opens or moves one.
    /// Returns the ticket the message opened, if it opened one.
    @discardableResult
    static func keepTicket(_ incoming: IncomingMessage, conversation: Int64, policy: TicketPolicy, now: Date,
                           db: Database) throws -> Int64? {
        let message = incoming.id, record = incoming.record, channel = incoming.channel
        let lookup = try db.cachedStatement(sql: "SELECT id, number, status, pipeline, queue, closed_at FROM ticket WHERE conversation_id = ?")
        guard let ticket = try Row.fetchOne(lookup, arguments: [conversation]) else {
            guard policy.createTickets, !record.isAutomatic, let status = policy.firstOpenStatus else { return nil }
            let id = try openTicket(for: record, conversation: conversation, channel: channel, queue: policy.defaultQueue,
                                    pipeline: policy.pipeline, status: status, reopenedFrom: nil, now: now, db: db)
            try attach(message: message, to: id, now: now, db: db)
            return id
        }
        let id: Int64 = ticket["id"]
        // Status automation only within the pipeline this channel knows (a conversation can span channels).
        guard try isCustomerReply(incoming, policy: policy, db: db), policy.pipeline == ticket["pipeline"] as String else {
            try attach(message: message, to: id, now: now, db: db)
            return nil
        }
        let status: String = ticket["status"]
        let waiting = policy.customerReplyStatus
        guard let closedAt = ticket["closed_at"] as Double? else {
            try attach(message: message, to: id, now: now, db: db)
            if let waiting, status != waiting {
                try changeStatus(ticket: id, from: status, to: waiting, closedAt: nil, action: "status", actor: "system", now: now, db: db)
            }
            return nil
        }
        if now.timeIntervalSince1970 - closedAt < policy.reopenWindow {
            guard let target = waiting ?? policy.firstOpenStatus else { return nil }
            try attach(message: message, to: id, now: now, db: db)
            try changeStatus(ticket: id, from: status, to: target, closedAt: nil, action: "reopened", actor: "system", now: now, db: db)
            return nil
        }
        // Closed too long ago: the reply is new work. The new ticket takes the conversation over, so this
        // message and every later one go to it; the old ticket keeps its messages.
        guard let first = policy.firstOpenStatus else { return nil }
        try db.cachedStatement(sql: "UPDATE ticket SET conversation_id = NULL WHERE id = ?").execute(arguments: [id])
        try db.cachedStatement(sql: "UPDATE conversation SET closed_at = NULL WHERE id = ?").execute(arguments: [conversation])
        let successor = try openTicket(for: record, conversation: conversation, channel: channel, queue: ticket["queue"],
                                       pipeline: policy.pipeline, status: first, reopenedFrom: id, now: now, db: db)
        try attach(message: message, to: successor, now: now, db: db)
        let number = try Int64.fetchOne(db, sql: "SELECT number FROM ticket WHERE id = ?", arguments: [successor]) ?? 0
        try recordHistory(ticket: id, actor: "system", action: "continued", detail: "a reply after the reopen window opened ticket \(number)", now: now, db: db)
        return successor
    }

    /// A person outside the helpdesk writing on the thread: not a machine, not one of us, not a forward and
    /// not a reply to one (whoever a thread was forwarded to answers the forward, not the customer's matter).
    private static func isCustomerReply(_ message: IncomingMessage, policy: TicketPolicy, db: Database) throws -> Bool {
        guard !message.record.isAutomatic, !message.subject.isForward, let from = message.sender,
              !policy.ownAddresses.contains(from) else { return false }
        return try !answersForward(message, db: db)
    }

    /// Whether the message replies to a stored forward. Its parent is what In-Reply-To names, or, without
    /// In-Reply-To, the last id of References (RFC 5322 §3.6.4 puts the parent's id last).
    private static func answersForward(_ message: IncomingMessage, db: Database) throws -> Bool {
        let head = message.record.head
        let parents = head.inReplyTo.isEmpty ? Array(head.references.suffix(1)) : head.inReplyTo
        let lookup = try db.cachedStatement(sql: "SELECT 1 FROM message WHERE id IN (\(messagesWithID)) AND is_forward = 1 LIMIT 1")
        for parent in parents {
            if try Bool.fetchOne(lookup, arguments: [parent]) != nil { return true }
        }
        return false
    }

    private static func openTicket(for record: MessageRecord, conversation: Int64, channel: String, queue: String,
                                   pipeline: String, status: String, reopenedFrom: Int64?, now: Date, db: Database) throws -> Int64 {
        let customer = try contact(address: record.head.from?.address, name: record.head.from?.name, db: db)
        let number = try nextTicketNumber(db)
        let at = now.timeIntervalSince1970
        try db.cachedStatement(sql: """
            INSERT INTO ticket (number, subject, channel, queue, pipeline, status, customer, conversation_id,
                                created_at, updated_at, reopened_from)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [number, record.head.subject ?? "", channel, queue, pipeline, status, customer,
                                     conversation, at, at, reopenedFrom])
        let id = db.lastInsertedRowID
        // Mail of the conversation that came before it (auto-replies, bounces) belongs to the ticket too.
        try db.cachedStatement(sql: "UPDATE message SET ticket_id = ? WHERE conversation_id = ? AND ticket_id IS NULL")
            .execute(arguments: [id, conversation])
        var detail = "from channel \(channel), status \(status), queue \(queue)"
        if let reopenedFrom {
            let old = try Int64.fetchOne(db, sql: "SELECT number FROM ticket WHERE id = ?", arguments: [reopenedFrom]) ?? 0
            detail += "; continues ticket \(old), closed longer than the reopen window"
        }
        try recordHistory(ticket: id, actor: "system", action: "created", detail: detail, now: now, db: db)
        return id
    }

    static func nextTicketNumber(_ db: Database) throws -> Int64 {
        // The number index makes MAX one b-tree step, not a scan.
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(number), 0) + 1 FROM ticket")) ?? 1
    }

    /// The contact with this From address (lowercased), created on first sight; nil when there is no From.
    static func contact(address: String?, name: String?, db: Database) throws -> Int64? {
        guard let address else { return nil }
        let email = address.lowercased()
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO contact (email, name) VALUES (?, ?)").execute(arguments: [email, name])
        return try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM contact WHERE email = ?"), arguments: [email])
    }

    private static func attach(message: Int64, to ticket: Int64, now: Date, db: Database) throws {
        try db.cachedStatement(sql: "UPDATE message SET ticket_id = ? WHERE id = ?").execute(arguments: [ticket, message])
        try db.cachedStatement(sql: "UPDATE ticket SET updated_at = ? WHERE id = ?").execute(arguments: [now.timeIntervalSince1970, ticket])
    }

    /// `closedAt` nil reopens (or keeps open); a value closes at that time. The ticket's conversation is
    /// closed and reopened with it here, so every path (automation, agents, merges) keeps the two in step.
    static func changeStatus(ticket: Int64, from old: String, to new: String, closedAt: Date?, action: String,
                             actor: String, now: Date, db: Database) throws {
        try db.cachedStatement(sql: "UPDATE ticket SET status = ?, closed_at = ?, updated_at = ? WHERE id = ?")
            .execute(arguments: [new, closedAt?.timeIntervalSince1970, now.timeIntervalSince1970, ticket])
        try db.cachedStatement(sql: "UPDATE conversation SET closed_at = ? WHERE id = (SELECT conversation_id FROM ticket WHERE id = ?)")
            .execute(arguments: [closedAt?.timeIntervalSince1970, ticket])
        try recordHistory(ticket: ticket, actor: actor, action: action, detail: "\(old) → \(new)", now: now, db: db)
    }

    static func recordHistory(ticket: Int64, actor: String, action: String, detail: String, now: Date, db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO ticket_history (ticket, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [ticket, now.timeIntervalSince1970, actor, action, detail])
    }
}
