import Foundation
import GRDB

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
        return try write("storing \(batch.count) messages of channel \(channel)") { db in
            var outcomes = [StoreOutcome]()
            outcomes.reserveCapacity(batch.count)
            for (source, record) in batch {
                let outcome = try Self.insert(record, channel: channel, policy: policy, now: now, db: db)
                outcomes.append(outcome)
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
            return outcomes
        }
    }

    private static func insert(_ record: MessageRecord, channel: String, policy: TicketPolicy, now: Date, db: Database) throws -> StoreOutcome {
        if let existing = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM message WHERE channel = ? AND digest = ?"), arguments: [channel, record.digest]) {
            return .duplicate(of: existing)
        }
        let head = record.head
        try db.cachedStatement(
            sql: """
                INSERT INTO message (channel, digest, message_id, subject, from_address, from_name, date, size,
                                     parse_error, headers_only_reason, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(
            arguments: [
                channel, record.digest, head.messageID, head.subject, head.from?.address, head.from?.name,
                head.date?.timeIntervalSince1970, record.size, record.parseError, record.headersOnlyReason,
                now.timeIntervalSince1970,
            ])
        let id = db.lastInsertedRowID
        try db.cachedStatement(sql: "INSERT INTO message_raw (message, bytes) VALUES (?, ?)").execute(arguments: [id, Data(record.raw)])
        let conversation = try assignConversation(message: id, head: head, now: now, db: db)
        try keepTicket(message: id, record: record, conversation: conversation, channel: channel, policy: policy,
                       now: now, db: db)
        return .stored(id)
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
