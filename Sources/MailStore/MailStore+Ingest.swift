import Foundation
import GRDB
import Threading

/// What storing one message did.
public enum StoreOutcome: Sendable, Equatable {
    case stored(Int64)
    /// The same bytes were stored before (same digest): nothing new was written but the location.
    case duplicate(of: Int64)
}

/// Where a message came from: an IMAP mailbox position, or a local file (`maild import`).
public enum MessageSource: Sendable, Equatable {
    case imap(uidValidity: UInt32, uid: UInt32)
    case file
}

extension MailStore {
    /// Stores messages of one channel in one transaction.
    ///
    /// Crash-safety argument (durable first, then tell the server): in the same transaction as the messages,
    /// their UIDs go to `pending_seen` and the cursor moves to `advanceCursorTo`. A crash before the commit
    /// leaves the cursor where it was, so the messages are fetched again; a crash after it leaves them in
    /// `pending_seen`, so \Seen is set on the next connection without fetching them again. A message whose
    /// digest is already stored for the channel is recognised and not stored twice, whatever its UID.
    /// `confirmedSeen` are UIDs the server has since flagged: forgotten in the same commit.
    /// Tickets are kept in the same transaction, under the channel's policy from `withTicketPolicies(_:)`;
    /// without one, the channel opens no tickets.
    @discardableResult
    public func store(
        _ batch: [(source: MessageSource, record: MessageRecord)], channel: String,
        advanceCursorTo: (uidValidity: UInt32, uid: UInt32)? = nil, confirmedSeen: [UInt32] = [], now: Date = Date()
    ) throws(StorageError) -> [StoreOutcome] {
        let policy = ticketPolicies[channel] ?? .noTickets
        let tokenFormat = ticketTokenFormat
        let closedStatuses = TicketPolicy.closedStatuses(ticketPolicies.values)
        let (outcomes, acknowledgements) = try write("storing \(batch.count) messages of channel \(channel)") { db in
            var outcomes = [StoreOutcome]()
            var acknowledgements = [QueuedOutboxItem]()
            outcomes.reserveCapacity(batch.count)
            for (source, record) in batch {
                let (outcome, opened) = try Self.insert(record, channel: channel, policy: policy, tokenFormat: tokenFormat,
                                                        closedStatuses: closedStatuses, now: now, db: db)
                outcomes.append(outcome)
                if let opened, let item = try Self.queueAcknowledgement(
                    .received, ticket: opened, recipient: record.head.replyTo.first ?? record.head.from, channel: channel,
                    policy: policy, tokenFormat: tokenFormat, now: now, db: db) {
                    acknowledgements.append(item)
                }
                guard case let .imap(uidValidity, uid) = source else { continue }
                let id: Int64
                switch outcome { case let .stored(x), let .duplicate(of: x): id = x }
                try db.cachedStatement(sql: "INSERT OR IGNORE INTO mailbox_copy (channel, uid_validity, uid, message) VALUES (?, ?, ?, ?)")
                    .execute(arguments: [channel, uidValidity, uid, id])
                // A headers-only record stays unseen on the server: its message is still there to be read.
                if record.headersOnlyReason == nil {
                    try db.cachedStatement(sql: "INSERT OR IGNORE INTO pending_seen (channel, uid_validity, uid) VALUES (?, ?, ?)")
                        .execute(arguments: [channel, uidValidity, uid])
                }
            }
            if let advance = advanceCursorTo {
                try Self.advance(channel: channel, to: advance, now: now, db: db)
                try Self.forgetInFlight(channel: channel, uidValidity: advance.uidValidity, uids: confirmedSeen, db: db)
            }
            return (outcomes, acknowledgements)
        }
        // After the commit: the outbox learns of acknowledgements only once they exist for good.
        if !acknowledgements.isEmpty { outboxObserver?(acknowledgements) }
        return outcomes
    }

    private static func insert(_ record: MessageRecord, channel: String, policy: TicketPolicy, tokenFormat: TicketTokenFormat,
                               closedStatuses: [String: String], now: Date, db: Database) throws -> (StoreOutcome, opened: Int64?) {
        // The same bytes are stored once. The same Message-ID with other bytes (a resend with a changed
        // body, a gateway's rewrite) is a second message, kept so that no mail is lost; it joins the first
        // one's conversation through the shared id.
        let head = record.head
        if let existing = try storedCopy(of: record, channel: channel, db: db) { return (.duplicate(of: existing), nil) }
        let subject = SubjectKey(subject: head.subject, tokenFormat: tokenFormat)
        try db.cachedStatement(
            sql: """
                INSERT INTO message (channel, digest, message_id, subject, from_address, from_name, date, size,
                                     parse_error, headers_only_reason, received_at, is_forward, bounced_message_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(
            arguments: [
                channel, record.digest, head.messageID, head.subject, head.from?.address, head.from?.name,
                head.date?.timeIntervalSince1970, record.size, record.parseError, record.headersOnlyReason,
                now.timeIntervalSince1970, subject.isForward, record.bouncedMessageID,
            ])
        let message = IncomingMessage(id: db.lastInsertedRowID, record: record, channel: channel, subject: subject, now: now)
        try db.cachedStatement(sql: "INSERT INTO message_raw (message, bytes) VALUES (?, ?)").execute(arguments: [message.id, Data(record.raw)])
        let conversation = try assignConversation(message, policy: policy, tokenFormat: tokenFormat,
                                                  closedStatuses: closedStatuses, now: now, db: db)
        try keepMessageID(message, db: db)
        try keepBounce(message, db: db)
        let opened = try keepTicket(message, conversation: conversation, policy: policy, now: now, db: db)
        return (.stored(message.id), opened)
    }

    /// The same bytes carry the same Message-ID (or none), so the messages of that id are the candidates.
    private static func storedCopy(of record: MessageRecord, channel: String, db: Database) throws -> Int64? {
        if let messageID = record.head.messageID {
            return try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM message WHERE id IN (\(messagesWithID)) AND channel = ?2 AND digest = ?3 LIMIT 1"),
                arguments: [messageID, channel, record.digest])
        }
        return try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM message WHERE message_id IS NULL AND channel = ? AND digest = ?"),
            arguments: [channel, record.digest])
    }

    /// The ids of every stored message whose Message-ID is `?1`: the first one, named by its
    /// `conversation_ref`, and any later copies (see migration v9). A subquery for `id IN (…)`.
    static let messagesWithID = """
        SELECT message FROM conversation_ref WHERE message_id = ?1 AND message IS NOT NULL
        UNION ALL SELECT id FROM message WHERE message_id = ?1 AND later_copy = 1
        """

    /// Makes the message findable by its Message-ID: its `conversation_ref` (registered by threading, or a
    /// ghost until now) names it, unless an earlier message with that id holds the row; then it is a later copy.
    private static func keepMessageID(_ message: IncomingMessage, db: Database) throws {
        guard let messageID = message.record.head.messageID else { return }
        try db.cachedStatement(sql: "UPDATE conversation_ref SET message = ? WHERE message_id = ? AND message IS NULL")
            .execute(arguments: [message.id, messageID])
        if db.changesCount == 0 {
            try db.cachedStatement(sql: "UPDATE message SET later_copy = 1 WHERE id = ?").execute(arguments: [message.id])
        }
    }

    static func forgetInFlight(channel: String, uidValidity: UInt32, uids: [UInt32], db: Database) throws {
        let statement = try db.cachedStatement(sql: "DELETE FROM pending_seen WHERE channel = ? AND uid_validity = ? AND uid = ?")
        for uid in uids { try statement.execute(arguments: [channel, uidValidity, uid]) }
    }

    private static func advance(channel: String, to position: (uidValidity: UInt32, uid: UInt32), now: Date, db: Database) throws {
        try db.execute(
            sql: """
                UPDATE channel_cursor SET last_uid = max(last_uid, ?), updated_at = ?
                WHERE channel = ? AND uid_validity = ?
                """,
            arguments: [position.uid, now.timeIntervalSince1970, channel, position.uidValidity])
    }
}
