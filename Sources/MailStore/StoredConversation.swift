import Foundation
import GRDB

/// A conversation as the store keeps it: open while its ticket is, merged or split by threading and agents.
public struct StoredConversation: Sendable, Equatable {
    public var id: Int64
    public var createdAt: Date
    /// Set while its ticket is in a closed status.
    public var closedAt: Date?
    /// The conversation that took this one's messages over (threading, or an agent's ticket merge).
    public var mergedInto: Int64?
    /// The conversation an agent split this one out of; the two are never merged back.
    public var splitFrom: Int64?
}

extension MailStore {
    /// The conversation with this id, or nil.
    public func conversation(_ id: Int64) throws(StorageError) -> StoredConversation? {
        try read("reading conversation \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM conversation WHERE id = ?", arguments: [id]).map { row in
                let closedAt: Double? = row["closed_at"]
                return StoredConversation(id: row["id"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
                                          closedAt: closedAt.map(Date.init(timeIntervalSince1970:)),
                                          mergedInto: row["merged_into"], splitFrom: row["split_from"])
            }
        }
    }
}
