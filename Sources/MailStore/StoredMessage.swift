import Foundation
import GRDB
import MailCore

/// A stored message as `maild export messages` prints it: one JSON object per line, nulls written out.
/// The columns stored at ingest come from the database; the rest is read again from the raw bytes, so the
/// export always shows what the current parser makes of a message.
public struct StoredMessage: Sendable, Encodable {
    /// The message's number in the database: what `bounced_by` and agents' actions (`split(message:actor:)`) refer to.
    public var id: Int64
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
    /// The bounce (its `id`) that reported this message undeliverable; nil when none did.
    public var bouncedBy: Int64?
    public var parsed: MimeMessage

    enum CodingKeys: String, CodingKey {
        case id, messageID = "message_id", channel, subject, from, fromName = "from_name", to, cc, date
        case inReplyTo = "in_reply_to", references, conversationID = "conversation_id", ticketID = "ticket_id"
        case size, digest, attachments, textPreview = "text_preview", parseError = "parse_error", problems
        case headersOnlyReason = "headers_only_reason", isAutoReply = "is_auto_reply", isBounce = "is_bounce"
        case bouncedBy = "bounced_by"
    }

    struct ExportedAttachment: Encodable {
        var filename: String?
        var contentType: String
        var size: Int
        var inline: Bool
        enum CodingKeys: String, CodingKey { case filename, contentType = "content_type", size, inline }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(filename, forKey: .filename)
            try c.encode(contentType, forKey: .contentType)
            try c.encode(size, forKey: .size)
            try c.encode(inline, forKey: .inline)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        let head = parsed.head
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(messageID, forKey: .messageID)
        try c.encode(channel, forKey: .channel)
        try c.encode(subject, forKey: .subject)
        try c.encode(from, forKey: .from)
        try c.encode(head.from?.name, forKey: .fromName)
        try c.encode(head.to.map(\.address), forKey: .to)
        try c.encode(head.cc.map(\.address), forKey: .cc)
        try c.encode(date.map(Self.iso8601), forKey: .date)
        try c.encode(head.inReplyTo, forKey: .inReplyTo)
        try c.encode(head.references, forKey: .references)
        try c.encode(conversationID, forKey: .conversationID)
        try c.encode(ticketID, forKey: .ticketID)
        try c.encode(size, forKey: .size)
        try c.encode(digest, forKey: .digest)
        try c.encode(parsed.attachments.map {
            ExportedAttachment(filename: $0.filename, contentType: $0.contentType, size: $0.size, inline: $0.isInline)
        }, forKey: .attachments)
        try c.encode(parsed.textPreview, forKey: .textPreview)
        try c.encode(parseError, forKey: .parseError)
        try c.encode(parsed.problems.map(\.description), forKey: .problems)
        try c.encode(headersOnlyReason, forKey: .headersOnlyReason)
        let automatic = parsed.automaticKind
        try c.encode(automatic == .bounce, forKey: .isBounce)
        try c.encode(automatic == .autoReply, forKey: .isAutoReply)
        try c.encode(bouncedBy, forKey: .bouncedBy)
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
                SELECT m.id, m.message_id, m.channel, m.subject, m.from_address, m.date, m.conversation_id, m.ticket_id,
                       m.size, m.digest, m.parse_error, m.headers_only_reason, m.bounced_by, r.bytes
                FROM message m JOIN message_raw r ON r.message = m.id ORDER BY m.id
                """)
            while let row = try rows.next() {
                let date: Double? = row["date"]
                let raw: Data = row["bytes"]
                try body(StoredMessage(
                    id: row["id"], messageID: row["message_id"], channel: row["channel"], subject: row["subject"],
                    from: row["from_address"], date: date.map { Date(timeIntervalSince1970: $0) },
                    conversationID: row["conversation_id"], ticketID: row["ticket_id"], size: row["size"],
                    digest: row["digest"], parseError: row["parse_error"], headersOnlyReason: row["headers_only_reason"],
                    bouncedBy: row["bounced_by"], parsed: MimeMessage(parsing: [UInt8](raw))))
            }
        }
    }

    /// The raw bytes of a stored message, exactly as received.
    public func rawMessage(id: Int64) throws(StorageError) -> [UInt8]? {
        try read("reading a raw message") { db in
            let data = try Data.fetchOne(db, sql: "SELECT bytes FROM message_raw WHERE message = ?", arguments: [id])
            return data.map { [UInt8]($0) }
        }
    }
}
