import Foundation
import GRDB
import MailCore
import Threading

extension MailStore {
    /// Queues a reply in one transaction: threads it (ticket token in the subject, In-Reply-To and
    /// References from the conversation, a Message-ID naming the conversation, registered so a reply to it
    /// threads before it has even left), copies its attachments into the database and returns the item.
    /// Without a ticket, a new conversation and ticket are opened for the recipients (an agent writing first).
    public func enqueue(_ draft: OutboxDraft, messageIDs: MessageIDGenerator, now: Date = Date()) throws(StorageError) -> OutboxItem {
        let (policy, tokenFormat) = (ticketPolicies[draft.channel], ticketTokenFormat)
        return try write("queueing a reply on channel \(draft.channel)") { db in
            var message = draft.message
            let ticket: (id: Int64, number: Int64, conversation: Int64)
            if let number = draft.ticket {
                guard let row = try Row.fetchOne(db, sql: "SELECT id, conversation_id FROM ticket WHERE number = ?", arguments: [number]) else {
                    throw StorageError.refusal("there is no ticket \(number)")
                }
                let id: Int64 = row["id"]
                // A ticket merged into another, or continued by a newer one, has no conversation of its own any more.
                guard let conversation = row["conversation_id"] as Int64? else {
                    throw StorageError.refusal("ticket \(number) was merged or continued by a newer ticket: reply on that one")
                }
                ticket = (id, number, conversation)
                (message.inReplyTo, message.references) = try Self.threadingFields(
                    conversation: conversation, ownAddresses: policy?.ownAddresses ?? [], db: db)
            } else {
                guard let queue = draft.queue, let status = policy?.firstOpenStatus, let policy else {
                    throw StorageError.refusal("channel \(draft.channel) opens no tickets: give the ticket to reply to")
                }
                ticket = try Self.openOutboundTicket(message, channel: draft.channel, queue: queue, policy: policy,
                                                     status: status, actor: draft.actor, now: now, db: db)
            }
            return try Self.insertOutboxItem(message, channel: draft.channel, kind: draft.kind, actor: draft.actor,
                                             ticket: ticket, dueAt: draft.dueAt, messageIDs: messageIDs,
                                             tokenFormat: tokenFormat, recipient: nil, now: now, db: db)
        }
    }

    /// Writes one item: the ticket token into the subject, a Message-ID naming the conversation (registered
    /// at once, so a reply to it threads before it has even left), the parts and the attachments.
    static func insertOutboxItem(_ message: OutgoingMessage, channel: String, kind: OutboxItem.Kind, actor: String,
                                 ticket: (id: Int64, number: Int64, conversation: Int64), dueAt: Date,
                                 messageIDs: MessageIDGenerator, tokenFormat: TicketTokenFormat, recipient: String?,
                                 now: Date, db: Database) throws -> OutboxItem {
        var message = message
        let check = try TicketTokenCheck.load(db).check(UInt64(ticket.number))
        message.subject = tokenFormat.subject(message.subject, number: UInt64(ticket.number)) { _ in check }
        var random = SystemRandomNumberGenerator()
        let messageID: String
        do { messageID = try messageIDs.messageID(conversation: String(ticket.conversation), using: &random) } catch {
            throw StorageError("cannot make a Message-ID: \(error)")
        }
        try db.execute(sql: "INSERT INTO conversation_ref (message_id, conversation) VALUES (?, ?)",
                       arguments: [messageID, ticket.conversation])
        try db.execute(sql: """
            INSERT INTO outbox_item (channel, kind, actor, ticket_id, conversation_id, state, due_at, message_id,
                                     letter, recipient, created_at)
            VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)
            """, arguments: [channel, kind.rawValue, actor, ticket.id, ticket.conversation, dueAt.timeIntervalSince1970,
                             messageID, try OutboxLetter(message).json(), recipient, now.timeIntervalSince1970])
        let id = db.lastInsertedRowID
        for (position, file) in message.attachments.enumerated() {
            try db.execute(sql: """
                INSERT INTO outbox_attachment (item, position, filename, content_type, is_inline, content_id, bytes)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, position, file.filename, file.contentType, file.isInline, file.contentID, Data(file.bytes)])
        }
        let when = dueAt <= now ? "now" : "at \(StoredMessage.iso8601(dueAt))"
        try recordHistory(ticket: ticket.id, actor: actor, action: kind == .reply ? "reply queued" : "acknowledgement queued",
                          detail: "outbox item \(id), sending \(when)", now: now, db: db)
        return OutboxItem(id: id, channel: channel, kind: kind, actor: actor, ticket: ticket.number, state: .queued,
                          dueAt: dueAt, attempts: 0, lastError: nil, messageID: messageID, sentAt: nil, refusedRecipients: [])
    }

    /// In-Reply-To: the conversation's latest message from the customer's side (not one of ours, such as an
    /// acknowledgement), else its latest; References: the conversation's ids in arrival order with that
    /// parent last, the chain as maild knows it (RFC 5322 §3.6.4: the parent's References, then the parent;
    /// clients that read only the last id find the parent), at most 20 (the first and the latest 19) so a
    /// long thread does not grow the header without bound.
    static func threadingFields(conversation: Int64, ownAddresses: Set<String>, db: Database) throws -> ([String], [String]) {
        // Three bounded index reads (message_by_conversation keeps each conversation's rows in id order), so
        // queueing a reply costs the same on a conversation of ten messages or ten thousand.
        let base = "SELECT message_id FROM message WHERE conversation_id = ? AND message_id IS NOT NULL"
        guard let first = try String.fetchOne(db.cachedStatement(sql: base + " ORDER BY id LIMIT 1"), arguments: [conversation]) else {
            return ([], [])
        }
        let latest = try String.fetchAll(db.cachedStatement(sql: base + " ORDER BY id DESC LIMIT 19"), arguments: [conversation])
        let own = ownAddresses.sorted()
        let notOurs = own.isEmpty ? "" : " AND lower(coalesce(from_address, '')) NOT IN (\(own.map { _ in "?" }.joined(separator: ", ")))"
        let customer = try String.fetchOne(db, sql: base + notOurs + " ORDER BY id DESC LIMIT 1",
                                           arguments: StatementArguments([conversation] + own.map { $0 as any DatabaseValueConvertible }))
        let parent = customer ?? latest[0]
        let chain = latest.contains(first) ? latest.reversed() : [first] + latest.reversed()
        return ([parent], chain.filter { $0 != parent } + [parent])
    }

    private static func openOutboundTicket(_ message: OutgoingMessage, channel: String, queue: String, policy: TicketPolicy,
                                           status: String, actor: String, now: Date,
                                           db: Database) throws -> (id: Int64, number: Int64, conversation: Int64) {
        let at = now.timeIntervalSince1970
        try db.execute(sql: "INSERT INTO conversation (created_at) VALUES (?)", arguments: [at])
        let conversation = db.lastInsertedRowID
        var customer: Int64?
        if let first = (message.to + message.cc + message.bcc).first {
            let email = first.address.lowercased()
            try db.execute(sql: "INSERT OR IGNORE INTO contact (email, name) VALUES (?, ?)", arguments: [email, first.name])
            customer = try Int64.fetchOne(db, sql: "SELECT id FROM contact WHERE email = ?", arguments: [email])
        }
        let number = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(number), 0) + 1 FROM ticket") ?? 1
        try db.execute(sql: """
            INSERT INTO ticket (number, subject, channel, queue, pipeline, status, customer, conversation_id, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [number, message.subject, channel, queue, policy.pipeline, status, customer, conversation, at, at])
        let id = db.lastInsertedRowID
        try recordHistory(ticket: id, actor: actor, action: "created",
                          detail: "by an outgoing email on channel \(channel), status \(status), queue \(queue)", now: now, db: db)
        return (id, number, conversation)
    }

    /// Every queued item's id and due time, for the scheduler's heap at start (no content is read).
    public func queuedOutboxItems() throws(StorageError) -> [(id: Int64, channel: String, dueAt: Date)] {
        try read("reading the outbox schedule") { db in
            var items = [(id: Int64, channel: String, dueAt: Date)]()
            let rows = try Row.fetchCursor(db, sql: "SELECT id, channel, due_at FROM outbox_item WHERE state = 'queued'")
            while let row = try rows.next() {
                items.append((id: row["id"], channel: row["channel"], dueAt: Date(timeIntervalSince1970: row["due_at"])))
            }
            return items
        }
    }

    /// Items left `sending` by a crash go back to `queued`, due now, keeping their Message-ID: the server
    /// may have accepted the message before the crash, so it is sent again (at least once), never as a new
    /// message, and it can no longer be cancelled (`delivery_unknown`). Returns how many.
    public func requeueInterruptedSends(now: Date = Date()) throws(StorageError) -> Int {
        try write("requeueing interrupted sends") { db in
            try db.execute(sql: """
                UPDATE outbox_item SET state = 'queued', due_at = min(due_at, ?), delivery_unknown = 1,
                    last_error = 'interrupted while sending (maild stopped); sent again with the same Message-ID'
                WHERE state = 'sending'
                """, arguments: [now.timeIntervalSince1970])
            return db.changesCount
        }
    }

    /// Cancels a queued item. The state moves by compare-and-set, so of a cancel and the send racing it
    /// exactly one wins, and the caller learns which. A queued item an earlier attempt may have delivered
    /// is not cancelled: "cancelled" would be a lie when the recipient already has the message.
    public func cancelOutboxItem(_ id: Int64, actor: String, now: Date = Date()) throws(StorageError) -> CancelOutcome {
        try write("cancelling outbox item \(id)") { db in
            try db.execute(sql: """
                UPDATE outbox_item SET state = 'cancelled', finished_at = ? WHERE id = ? AND state = 'queued' AND delivery_unknown = 0
                """, arguments: [now.timeIntervalSince1970, id])
            guard db.changesCount == 1 else {
                guard let row = try Row.fetchOne(db, sql: "SELECT state, delivery_unknown FROM outbox_item WHERE id = ?",
                                                 arguments: [id]) else {
                    throw StorageError("there is no outbox item \(id)")
                }
                let state = OutboxItem.State(rawValue: row["state"]) ?? .sent
                return state == .queued && row["delivery_unknown"] as Bool ? .mayHaveBeenDelivered : .tooLate(state)
            }
            if let ticket = try Int64.fetchOne(db, sql: "SELECT ticket_id FROM outbox_item WHERE id = ?", arguments: [id]) {
                try Self.recordHistory(ticket: ticket, actor: actor, action: "reply cancelled", detail: "outbox item \(id)", now: now, db: db)
            }
            return .cancelled
        }
    }
}
