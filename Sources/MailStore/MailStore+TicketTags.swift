import Foundation
import GRDB

/// A ticket's tags: stored in `ticket.tags` as a JSON array of strings, each trimmed and lowercased (so
/// `VIP` and `vip ` are one tag, as in FreeScout), once, sorted (an export reads the same whatever order
/// agents added them in). A tag may not be empty or hold a comma: the control socket and exports list tags
/// comma-separated.
extension MailStore {
    /// Replaces the ticket's tags with `tags`.
    public func setTags(ticket: Int64, tags: [String], actor: String, now: Date = Date()) throws(StorageError) {
        let wanted = try Self.normalised(tags)
        try changeTags(of: ticket, actor: actor, now: now) { _ in wanted }
    }

    /// Adds `tags` the ticket does not have yet.
    public func addTags(ticket: Int64, tags: [String], actor: String, now: Date = Date()) throws(StorageError) {
        let added = try Self.normalised(tags)
        try changeTags(of: ticket, actor: actor, now: now) { $0.union(added) }
    }

    /// Removes `tags`; a tag the ticket does not have is no error (the agent's wish holds already).
    public func removeTags(ticket: Int64, tags: [String], actor: String, now: Date = Date()) throws(StorageError) {
        let removed = try Self.normalised(tags)
        try changeTags(of: ticket, actor: actor, now: now) { $0.subtracting(removed) }
    }

    private func changeTags(of ticket: Int64, actor: String, now: Date,
                            _ change: (Set<String>) -> Set<String>) throws(StorageError) {
        try write("changing the tags of ticket \(ticket)") { db in
            let row = try Self.ticketRow(ticket, actor: actor, db: db)
            let old = Set(try Self.decodeTags(row["tags"]))
            let new = change(old)
            guard new != old else { return }
            let json = try JSONEncoder().encode(new.sorted())
            try db.execute(sql: "UPDATE ticket SET tags = ?, updated_at = ? WHERE id = ?",
                           arguments: [String(decoding: json, as: UTF8.self), now.timeIntervalSince1970, ticket])
            var detail = [String]()
            let added = new.subtracting(old).sorted(), removed = old.subtracting(new).sorted()
            if !added.isEmpty { detail.append("added " + added.joined(separator: ", ")) }
            if !removed.isEmpty { detail.append("removed " + removed.joined(separator: ", ")) }
            try Self.recordHistory(ticket: ticket, actor: actor, action: "tags", detail: detail.joined(separator: "; "), now: now, db: db)
        }
    }

    /// Tags as stored: the column always holds a JSON array (`'[]'` by default).
    static func decodeTags(_ text: String?) throws -> [String] {
        guard let text else { return [] }
        return try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }

    static func normalised(_ tags: [String]) throws(StorageError) -> Set<String> {
        var out = Set<String>()
        for tag in tags {
            let value = try name(tag, of: "a tag").lowercased()
            guard !value.contains(",") else { throw StorageError.refusal("a tag cannot hold a comma: \"\(tag)\"") }
            out.insert(value)
        }
        return out
    }
}
