import Foundation
import GRDB

/// A ticket as `maild export tickets` prints it: one JSON object per line, nulls written out.
public struct StoredTicket: Sendable, Encodable, Equatable {
    public var id: Int64
    public var number: Int64
    public var subject: String
    public var channel: String
    public var queue: String
    public var pipeline: String
    public var status: String
    public var priority: String
    public var category: String?
    public var tags: [String]
    public var assignee: String?
    /// The customer's email address.
    public var customer: String?
    /// Nil once a newer ticket took the conversation over (see `reopenedFrom` on that one).
    public var conversationID: Int64?
    public var createdAt: Date
    public var updatedAt: Date
    public var closedAt: Date?
    /// The ticket this one continues: a customer replied after it had been closed longer than the window.
    public var reopenedFrom: Int64?
    /// The number of the ticket an agent merged this one into (its messages are there now).
    public var mergedInto: Int64?
    public var messageCount: Int

    enum CodingKeys: String, CodingKey {
        case id, number, subject, channel, queue, pipeline, status, priority, category, tags, assignee, customer
        case conversationID = "conversation_id", createdAt = "created_at", updatedAt = "updated_at"
        case closedAt = "closed_at", reopenedFrom = "reopened_from", mergedInto = "merged_into", messageCount = "message_count"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(number, forKey: .number)
        try c.encode(subject, forKey: .subject)
        try c.encode(channel, forKey: .channel)
        try c.encode(queue, forKey: .queue)
        try c.encode(pipeline, forKey: .pipeline)
        try c.encode(status, forKey: .status)
        try c.encode(priority, forKey: .priority)
        try c.encode(category, forKey: .category)
        try c.encode(tags, forKey: .tags)
        try c.encode(assignee, forKey: .assignee)
        try c.encode(customer, forKey: .customer)
        try c.encode(conversationID, forKey: .conversationID)
        try c.encode(StoredMessage.iso8601(createdAt), forKey: .createdAt)
        try c.encode(StoredMessage.iso8601(updatedAt), forKey: .updatedAt)
        try c.encode(closedAt.map(StoredMessage.iso8601), forKey: .closedAt)
        try c.encode(reopenedFrom, forKey: .reopenedFrom)
        try c.encode(mergedInto, forKey: .mergedInto)
        try c.encode(messageCount, forKey: .messageCount)
    }
}

/// One line of a ticket's history: who did what, when.
public struct TicketChange: Sendable, Equatable {
    public var at: Date
    /// `system` for automation, otherwise the agent.
    public var actor: String
    public var action: String
    public var detail: String?
}

extension MailStore {
    /// Calls `body` for each ticket in creation order, reading in one snapshot without loading all rows.
    public func forEachTicket(_ body: (StoredTicket) throws -> Void) throws(StorageError) {
        try read("reading tickets") { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT t.*, c.email AS customer_email, s.number AS merged_into_number,
                       (SELECT COUNT(*) FROM message m WHERE m.ticket_id = t.id) AS message_count
                FROM ticket t LEFT JOIN contact c ON c.id = t.customer LEFT JOIN ticket s ON s.id = t.merged_into
                ORDER BY t.id
                """)
            while let row = try rows.next() {
                let tags = try Self.decodeTags(row["tags"])
                let closedAt: Double? = row["closed_at"]
                try body(StoredTicket(
                    id: row["id"], number: row["number"], subject: row["subject"], channel: row["channel"],
                    queue: row["queue"], pipeline: row["pipeline"], status: row["status"], priority: row["priority"],
                    category: row["category"], tags: tags, assignee: row["assignee"], customer: row["customer_email"],
                    conversationID: row["conversation_id"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
                    updatedAt: Date(timeIntervalSince1970: row["updated_at"]),
                    closedAt: closedAt.map(Date.init(timeIntervalSince1970:)), reopenedFrom: row["reopened_from"],
                    mergedInto: row["merged_into_number"], messageCount: row["message_count"]))
            }
        }
    }

    /// Every ticket, in creation order.
    public func tickets() throws(StorageError) -> [StoredTicket] {
        var all = [StoredTicket]()
        try forEachTicket { all.append($0) }
        return all
    }

    /// A ticket's history, oldest first.
    public func history(ticket: Int64) throws(StorageError) -> [TicketChange] {
        try read("reading the history of ticket \(ticket)") { db in
            try Row.fetchAll(db, sql: "SELECT at, actor, action, detail FROM ticket_history WHERE ticket = ? ORDER BY id",
                             arguments: [ticket]).map {
                TicketChange(at: Date(timeIntervalSince1970: $0["at"]), actor: $0["actor"], action: $0["action"], detail: $0["detail"])
            }
        }
    }
}
