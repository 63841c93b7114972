import Foundation
import GRDB

/// A stored message as `maild export messages` prints it: one JSON object per line, nulls written out.
public struct StoredMessage: Sendable, Encodable, Equatable {
    public var messageID: String?
    public var channel: String
    public var subject: String?
    public var from: String?
    public var date: Date?
    public var conversationID: Int64?
    public var ticketID: Int64?
    public var size: Int
    public var digest: String
    public var parseError: String?
    public var headersOnlyReason: String?

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id", channel, subject, from, date, conversationID = "conversation_id"
        case ticketID = "ticket_id", size, digest, parseError = "parse_error", headersOnlyReason = "headers_only_reason"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(messageID, forKey: .messageID)
        try c.encode(channel, forKey: .channel)
        try c.encode(subject, forKey: .subject)
        try c.encode(from, forKey: .from)
        try c.encode(date.map(Self.iso8601), forKey: .date)
        try c.encode(conversationID, forKey: .conversationID)
        try c.encode(ticketID, forKey: .ticketID)
        try c.encode(size, forKey: .size)
        try c.encode(digest, forKey: .digest)
        try c.encode(parseError, forKey: .parseError)
        try c.encode(headersOnlyReason, forKey: .headersOnlyReason)
    }

    static func iso8601(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
    }
}

extension MailStore {
    /// Calls `body` for each stored message in storage order, reading in one snapshot without loading all rows.
    public func forEachMessage(_ body: (StoredMessage) throws -> Void) throws(StorageError) {
        try read("reading stored messages") { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT message_id, channel, subject, from_address, date, conversation_id, ticket_id, size, digest,
                       parse_error, headers_only_reason
                FROM message ORDER BY id
                """)
            while let row = try rows.next() {
                let date: Double? = row["date"]
                try body(StoredMessage(
                    messageID: row["message_id"], channel: row["channel"], subject: row["subject"],
                    from: row["from_address"], date: date.map { Date(timeIntervalSince1970: $0) },
                    conversationID: row["conversation_id"], ticketID: row["ticket_id"], size: row["size"],
                    digest: row["digest"], parseError: row["parse_error"], headersOnlyReason: row["headers_only_reason"]))
            }
        }
    }

    /// The raw bytes of a stored message, exactly as received.
    public func rawMessage(digest: String) throws(StorageError) -> [UInt8]? {
        try read("reading a raw message") { db in
            let data = try Data.fetchOne(db, sql: """
                SELECT r.bytes FROM message_raw r JOIN message m ON m.id = r.message WHERE m.digest = ?
                """, arguments: [digest])
            return data.map { [UInt8]($0) }
        }
    }
}
