import Foundation
import GRDB
import MailCore

/// An outbox item the drain has claimed (state `sending`): the message to send and what its retry needs.
public struct ClaimedSend: Sendable {
    public var id: Int64
    public var channel: String
    public var kind: OutboxItem.Kind
    public var message: OutgoingMessage
    /// Counting this one.
    public var attempts: Int
    /// When the first temporary failure happened; the give-up time counts from there.
    public var firstFailureAt: Date?
}

extension MailStore {
    /// Claims a due item for sending: queued → sending by compare-and-set. Nil when a cancel (or another
    /// claim) got there first or the item is not due: then nothing may be sent. The Date field is the first
    /// claim's `now`, kept: every attempt renders the same bytes, so a copy an earlier attempt may have left
    /// at the server is the same message, not one differing in its Date.
    public func claimOutboxItem(_ id: Int64, now: Date = Date()) throws(StorageError) -> ClaimedSend? {
        // Cached statements here and in recordSent: compiling them anew (SQLite's parser plus GRDB's authorizer
        // callback per column) was a quarter of the daemon's CPU per message sent.
        try write("claiming outbox item \(id)") { db in
            try db.cachedStatement(sql: """
                UPDATE outbox_item SET state = 'sending', attempts = attempts + 1, message_date = COALESCE(message_date, ?)
                WHERE id = ? AND state = 'queued' AND due_at <= ?
                """).execute(arguments: [now.timeIntervalSince1970, id, now.timeIntervalSince1970])
            guard db.changesCount == 1,
                  let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM outbox_item WHERE id = ?"), arguments: [id])
            else { return nil }
            let attachments = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT filename, content_type, is_inline, content_id, bytes FROM outbox_attachment WHERE item = ? ORDER BY position
                """), arguments: [id]).map {
                OutgoingMessage.Attachment(filename: $0["filename"], contentType: $0["content_type"],
                                           bytes: [UInt8]($0["bytes"] as Data), isInline: $0["is_inline"], contentID: $0["content_id"])
            }
            let letter = try OutboxLetter.decode(row["letter"])
            return ClaimedSend(
                id: id, channel: row["channel"], kind: OutboxItem.Kind(rawValue: row["kind"]) ?? .reply,
                message: letter.message(messageID: row["message_id"], date: Date(timeIntervalSince1970: row["message_date"]),
                                        attachments: attachments),
                attempts: row["attempts"], firstFailureAt: (row["first_failure_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
        }
    }

    /// The server accepted the message (`raw`, exactly as sent). In one transaction: the item is sent,
    /// the message is stored in its conversation and on its ticket like an ingested one, and an agent's reply
    /// moves an open ticket to "Waiting on contact" (a closed ticket stays closed: a last word after closing
    /// does not reopen it). Acknowledgements never move a ticket.
    public func recordSent(_ send: ClaimedSend, raw: [UInt8], refusedRecipients: [String], now: Date = Date()) throws(StorageError) {
        let policy = ticketPolicies[send.channel]
        try write("recording outbox item \(send.id) as sent") { db in
            guard let item = try Row.fetchOne(db.cachedStatement(sql: "SELECT ticket_id, conversation_id, actor FROM outbox_item WHERE id = ?"),
                                              arguments: [send.id]) else { return }
            let refused = refusedRecipients.isEmpty ? nil : String(decoding: try JSONEncoder().encode(refusedRecipients), as: UTF8.self)
            try db.cachedStatement(sql: """
                UPDATE outbox_item SET state = 'sent', sent_at = ?, finished_at = ?, refused_recipients = ?, last_error = NULL
                WHERE id = ?
                """).execute(arguments: [now.timeIntervalSince1970, now.timeIntervalSince1970, refused, send.id])
            // Only the digest: the fields come from the message as built, so parsing it back (MessageRecord) is not needed.
            let digest = MessageRecord.sha256(raw).hexString
            let ticket: Int64? = item["ticket_id"]
            try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO message (channel, digest, message_id, subject, from_address, from_name, date, size,
                                               received_at, conversation_id, ticket_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [send.channel, digest, send.message.messageID, send.message.subject,
                                         send.message.from.address, send.message.from.name, send.message.date.timeIntervalSince1970, raw.count,
                                         now.timeIntervalSince1970, item["conversation_id"] as Int64?, ticket])
            if db.changesCount == 1 {
                try db.cachedStatement(sql: "INSERT INTO message_raw (message, bytes) VALUES (?, ?)")
                    .execute(arguments: [db.lastInsertedRowID, Data(raw)])
            }
            guard let ticket else { return }
            var detail = "outbox item \(send.id), Message-ID <\(send.message.messageID)>"
            if !refusedRecipients.isEmpty { detail += "; refused: " + refusedRecipients.joined(separator: "; ") }
            try Self.recordHistory(ticket: ticket, actor: item["actor"], action: send.kind == .reply ? "reply sent" : "acknowledgement sent",
                                   detail: detail, now: now, db: db)
            guard send.kind == .reply, let policy, let status = policy.agentReplyStatus else { return }
            try Self.moveOpenTicket(ticket, to: status, policy: policy, now: now, db: db)
        }
    }

    /// A temporary failure: back to queued, due at `retryAt`, the reason kept for agents. `deliveryUnknown`:
    /// the server may hold the message (see `CancelOutcome.mayHaveBeenDelivered`); once set, it stays set.
    public func recordRetry(_ send: ClaimedSend, error: String, retryAt: Date, deliveryUnknown: Bool = false,
                            now: Date = Date()) throws(StorageError) {
        try write("recording a retry of outbox item \(send.id)") { db in
            try db.execute(sql: """
                UPDATE outbox_item SET state = 'queued', due_at = ?, last_error = ?, first_failure_at = COALESCE(first_failure_at, ?),
                    delivery_unknown = max(delivery_unknown, ?)
                WHERE id = ? AND state = 'sending'
                """, arguments: [retryAt.timeIntervalSince1970, error, now.timeIntervalSince1970, deliveryUnknown, send.id])
        }
    }

    /// A permanent failure: the item is failed, the ticket's history says why, and for an agent's reply the
    /// ticket goes to `ticketStatus` (when its pipeline has it) so an agent sees it. A failed acknowledgement
    /// only leaves the history line: a bounced "your ticket is closed" must not reopen the ticket, nor a
    /// bounced "we received your request" move a new one.
    public func recordFailure(_ send: ClaimedSend, error: String, ticketStatus: String?, now: Date = Date()) throws(StorageError) {
        let policy = ticketPolicies[send.channel]
        try write("recording outbox item \(send.id) as failed") { db in
            try db.execute(sql: "UPDATE outbox_item SET state = 'failed', last_error = ?, finished_at = ? WHERE id = ?",
                           arguments: [error, now.timeIntervalSince1970, send.id])
            guard let ticket = try Int64.fetchOne(db, sql: "SELECT ticket_id FROM outbox_item WHERE id = ?", arguments: [send.id]) else { return }
            try Self.recordHistory(ticket: ticket, actor: "system", action: "send failed",
                                   detail: "outbox item \(send.id) to \(send.message.envelopeRecipients.joined(separator: ", ")): \(error)",
                                   now: now, db: db)
            guard send.kind == .reply, let ticketStatus, let policy else { return }
            try Self.moveOpenTicket(ticket, to: ticketStatus, policy: policy, now: now, db: db, reopening: true)
        }
    }

    /// Moves a ticket of `policy`'s pipeline to `status` when the pipeline has it; a closed ticket only when `reopening`.
    private static func moveOpenTicket(_ ticket: Int64, to status: String, policy: TicketPolicy, now: Date, db: Database,
                                       reopening: Bool = false) throws {
        guard let isOpen = policy.isOpen(status),
              let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT status, pipeline, closed_at FROM ticket WHERE id = ?"),
                                         arguments: [ticket]),
              row["pipeline"] as String == policy.pipeline else { return }
        let old: String = row["status"]
        let wasClosed = (row["closed_at"] as Double?) != nil
        guard old != status, reopening || !wasClosed else { return }
        let closedAt: Date? = isOpen ? nil : now
        try changeStatus(ticket: ticket, from: old, to: status, closedAt: closedAt, action: "status", actor: "system", now: now, db: db)
    }

    /// Calls `body` for each outbox item (in `state`, when given), oldest first.
    public func forEachOutboxItem(state: OutboxItem.State? = nil, _ body: (OutboxItem) throws -> Void) throws(StorageError) {
        try read("reading the outbox") { db in
            let rows = try Row.fetchCursor(db, sql: Self.outboxItemSelect + (state == nil ? "" : " WHERE o.state = ?") + " ORDER BY o.id",
                                           arguments: StatementArguments(state.map { [$0.rawValue] } ?? []))
            while let row = try rows.next() { try body(Self.outboxItem(row)) }
        }
    }

    /// One outbox item by its id; nil when there is none.
    public func outboxItem(_ id: Int64) throws(StorageError) -> OutboxItem? {
        try read("reading outbox item \(id)") { db in
            try Row.fetchOne(db, sql: Self.outboxItemSelect + " WHERE o.id = ?", arguments: [id]).map(Self.outboxItem)
        }
    }

    private static let outboxItemSelect = "SELECT o.*, t.number AS ticket_number FROM outbox_item o LEFT JOIN ticket t ON t.id = o.ticket_id"

    private static func outboxItem(_ row: Row) -> OutboxItem {
        let refused = (row["refused_recipients"] as String?).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) }
        return OutboxItem(
            id: row["id"], channel: row["channel"], kind: OutboxItem.Kind(rawValue: row["kind"]) ?? .reply,
            actor: row["actor"], ticket: row["ticket_number"], state: OutboxItem.State(rawValue: row["state"]) ?? .failed,
            dueAt: Date(timeIntervalSince1970: row["due_at"]), attempts: row["attempts"], lastError: row["last_error"],
            messageID: row["message_id"], sentAt: (row["sent_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            refusedRecipients: refused ?? [])
    }
}
