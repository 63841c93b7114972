import Foundation
import GRDB
import MailCore
import Threading

/// An outbox item written by the store itself (an acknowledgement), for the outbox's schedule.
public struct QueuedOutboxItem: Sendable, Equatable {
    public var id: Int64
    public var channel: String
    public var dueAt: Date
}

extension MailStore {
    enum Acknowledgement {
        case received
        case closed
    }

    /// Queues an acknowledgement of `ticket` to `recipient` in the current transaction, when the channel has
    /// that template and the recipient may get one; nil when none is sent, and why is in the ticket's history
    /// only for the rate limit (the other reasons are the normal case for machines and ourselves).
    static func queueAcknowledgement(_ which: Acknowledgement, ticket: Int64, recipient: MailAddress?, channel: String,
                                     policy: TicketPolicy, tokenFormat: TicketTokenFormat, now: Date,
                                     db: Database) throws -> QueuedOutboxItem? {
        guard let acknowledgements = policy.acknowledgements,
              let template = which == .received ? acknowledgements.received : acknowledgements.closed,
              let recipient else { return nil }
        let address = recipient.address.lowercased()
        guard !policy.ownAddresses.contains(address), !AcknowledgementPolicy.isNoReply(address),
              let row = try Row.fetchOne(db, sql: "SELECT number, subject, conversation_id FROM ticket WHERE id = ?", arguments: [ticket]),
              let conversation = row["conversation_id"] as Int64? else { return nil }
        let sentRecently = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM outbox_item WHERE recipient = ? AND created_at > ?
            """, arguments: [address, now.timeIntervalSince1970 - 3600]) ?? 0
        let sentToday = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM outbox_item WHERE recipient = ? AND created_at > ?
            """, arguments: [address, now.timeIntervalSince1970 - 86_400]) ?? 0
        guard sentRecently < acknowledgements.maxPerHour, sentToday < acknowledgements.maxPerDay else {
            try recordHistory(ticket: ticket, actor: "system", action: "acknowledgement skipped",
                              detail: "\(address) already got \(sentRecently) in the last hour, \(sentToday) today", now: now, db: db)
            return nil
        }
        let number: Int64 = row["number"]
        let text = template.render(["ticket": String(number), "subject": row["subject"], "customer": recipient.name ?? recipient.address,
                                    "channel": channel])
        var message = OutgoingMessage(
            from: acknowledgements.from, to: [recipient], subject: text.subject, date: now,
            messageID: "pending@\(acknowledgements.messageIDs.domain)",
            extraHeaders: [.init("Auto-Submitted", "auto-replied"), .init(AcknowledgementPolicy.loopHeader, acknowledgements.from.address)],
            text: text.text)
        (message.inReplyTo, message.references) = try threadingFields(conversation: conversation, ownAddresses: policy.ownAddresses, db: db)
        // A template an admin wrote with a line break in its subject: refused here rather than at send time.
        do { try message.validate() } catch { throw StorageError("the \(which) acknowledgement of channel \(channel) cannot be written: \(error)") }
        let item = try insertOutboxItem(message, channel: channel, kind: .acknowledgement, actor: "system",
                                        ticket: (ticket, number, conversation), dueAt: now, messageIDs: acknowledgements.messageIDs,
                                        tokenFormat: tokenFormat, recipient: address, now: now, db: db)
        return QueuedOutboxItem(id: item.id, channel: channel, dueAt: now)
    }

    /// A ticket's customer as an address to write to.
    static func customer(of ticket: Int64, db: Database) throws -> MailAddress? {
        try Row.fetchOne(db, sql: "SELECT c.email, c.name FROM ticket t JOIN contact c ON c.id = t.customer WHERE t.id = ?",
                         arguments: [ticket]).map { MailAddress(name: $0["name"], address: $0["email"]) }
    }
}
