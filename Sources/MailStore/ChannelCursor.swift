import Foundation
import GRDB

/// How far a channel's INBOX has been imported, for one UIDVALIDITY (RFC 3501 §2.3.1.1).
public struct ChannelCursor: Sendable, Equatable {
    public var uidValidity: UInt32
    /// Every UID up to this one is done.
    public var lastUID: UInt32
    /// UIDs in (lastUID, backlogUID] were in INBOX before maild first looked: imported only when unseen,
    /// or when they arrived on or after `backlogSince`.
    public var backlogUID: UInt32
    public var backlogSince: Date?
    /// When the cursor last moved: after a UIDVALIDITY change, mail since then is looked at again.
    public var updatedAt: Date

    public init(uidValidity: UInt32, lastUID: UInt32, backlogUID: UInt32, backlogSince: Date?, updatedAt: Date) {
        self.uidValidity = uidValidity
        self.lastUID = lastUID
        self.backlogUID = backlogUID
        self.backlogSince = backlogSince
        self.updatedAt = updatedAt
    }

    public var inBacklog: Bool { lastUID < backlogUID }
}

extension MailStore {
    public func cursor(channel: String) throws(StorageError) -> ChannelCursor? {
        try read("reading the cursor of channel \(channel)") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM channel_cursor WHERE channel = ?", arguments: [channel])
            else { return nil }
            let since: Double? = row["backlog_since"]
            return ChannelCursor(
                uidValidity: row["uid_validity"], lastUID: row["last_uid"], backlogUID: row["backlog_uid"],
                backlogSince: since.map { Date(timeIntervalSince1970: $0) },
                updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
        }
    }

    /// Starts a channel's cursor afresh: at first connection, or when the server's UIDVALIDITY changed (the old
    /// UIDs then name nothing, so the UIDs in flight for them are dropped).
    public func resetCursor(channel: String, to cursor: ChannelCursor) throws(StorageError) {
        try write("resetting the cursor of channel \(channel)") { db in
            try db.execute(sql: "DELETE FROM pending_seen WHERE channel = ? AND uid_validity <> ?",
                           arguments: [channel, cursor.uidValidity])
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO channel_cursor (channel, uid_validity, last_uid, backlog_uid, backlog_since, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [channel, cursor.uidValidity, cursor.lastUID, cursor.backlogUID,
                            cursor.backlogSince?.timeIntervalSince1970, cursor.updatedAt.timeIntervalSince1970])
        }
    }

    /// Moves the cursor without storing anything (the search found nothing new up to `uid`).
    public func advanceCursor(channel: String, uidValidity: UInt32, to uid: UInt32, now: Date = Date()) throws(StorageError) {
        try store([], channel: channel, advanceCursorTo: (uidValidity, uid), now: now)
    }

    /// UIDs stored but not yet confirmed \Seen on the server.
    public func pendingSeen(channel: String, uidValidity: UInt32) throws(StorageError) -> [UInt32] {
        try read("reading the UIDs in flight of channel \(channel)") { db in
            try UInt32.fetchAll(db, sql: "SELECT uid FROM pending_seen WHERE channel = ? AND uid_validity = ? ORDER BY uid",
                                arguments: [channel, uidValidity])
        }
    }

    /// The server confirmed \Seen on these UIDs.
    public func confirmSeen(channel: String, uidValidity: UInt32, uids: [UInt32]) throws(StorageError) {
        guard !uids.isEmpty else { return }
        try write("recording \\Seen for channel \(channel)") { db in
            try Self.forgetInFlight(channel: channel, uidValidity: uidValidity, uids: uids, db: db)
        }
    }
}
