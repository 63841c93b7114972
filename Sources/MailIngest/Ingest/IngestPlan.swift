import Foundation
import MailStore

/// The pure decisions of one poll: where the cursor stands after SELECT, what to search, how to batch.
public enum IngestPlan {
    /// The cursor to use for a mailbox with `uidValidity` and `uidNext`, given what is stored; nil means the
    /// stored one stands. A first connection starts with everything before `uidNext` as backlog (unread only).
    /// After a UIDVALIDITY change (RFC 3501 §2.3.1.1: the old UIDs mean nothing any more) the same holds, but
    /// mail that arrived since a day before the cursor last moved is looked at again too, read or not: it may
    /// have come in unnoticed, and whatever was stored already is recognised by its digest.
    public static func cursorAfterSelect(
        stored: ChannelCursor?, uidValidity: UInt32, uidNext: UInt32, now: Date
    ) -> ChannelCursor? {
        if let stored, stored.uidValidity == uidValidity { return nil }
        let backlog = uidNext > 0 ? uidNext - 1 : 0
        return ChannelCursor(
            uidValidity: uidValidity, lastUID: 0, backlogUID: backlog,
            backlogSince: stored.map { $0.updatedAt.addingTimeInterval(-86_400) }, updatedAt: now)
    }

    /// The UID SEARCH criteria (RFC 3501 §6.4.4) for messages not yet imported.
    public static func searchCriteria(cursor: ChannelCursor, onlyUnseen: Bool) -> String {
        let next = cursor.lastUID + 1
        if onlyUnseen { return "UID \(next):* UNSEEN" }
        guard cursor.inBacklog else { return "UID \(next):*" }
        var backlogKey = "UNSEEN"
        if let since = cursor.backlogSince { backlogKey = "OR UNSEEN SINCE \(imapDate(since))" }
        return "OR (UID \(next):\(cursor.backlogUID) \(backlogKey)) UID \(cursor.backlogUID + 1):*"
    }

    /// The UIDs of a search result still to import. `n:*` always matches the highest UID, even below n
    /// (RFC 3501 §6.4.8), so the result is filtered against the cursor.
    public static func newUIDs(_ found: some Sequence<UInt32>, cursor: ChannelCursor) -> [UInt32] {
        found.filter { $0 > cursor.lastUID }.sorted()
    }

    /// Splits UIDs (ascending) into fetch batches of at most `maxCount` messages and about `maxBytes`: each
    /// batch is one FETCH and one transaction, so a batch bounds both memory and the work a crash repeats.
    public static func batches(
        _ uids: [UInt32], sizes: [UInt32: Int], maxCount: Int = 500, maxBytes: Int = 8 << 20
    ) -> [[UInt32]] {
        var result = [[UInt32]]()
        var current = [UInt32]()
        var bytes = 0
        for uid in uids {
            let size = sizes[uid] ?? 0
            if !current.isEmpty && (current.count >= maxCount || bytes + size > maxBytes) {
                result.append(current)
                current = []
                bytes = 0
            }
            current.append(uid)
            bytes += size
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// RFC 3501 date: `1-Feb-2026`, in UTC (servers compare SINCE with the internal date's day).
    static func imapDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(c.day!)-\(months[c.month! - 1])-\(c.year!)"
    }
}
