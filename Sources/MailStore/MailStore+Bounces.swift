import Foundation
import GRDB

extension MailStore {
    /// Marks the message a bounce reports as bounced (`message.bounced_by`), in whichever order the two
    /// arrive: a newly stored bounce marks the message with its reported Message-ID, and a newly stored
    /// message is marked by a bounce stored before it (an archive imported out of order). A Message-ID
    /// names one message everywhere (RFC 5322 §3.6.4), so every stored copy is marked, on any channel;
    /// the first bounce wins, later ones for the same message change nothing.
    static func keepBounce(_ message: IncomingMessage, db: Database) throws {
        if let reported = message.record.bouncedMessageID {
            try db.cachedStatement(sql: """
                UPDATE message SET bounced_by = ?2 WHERE id IN (\(messagesWithID)) AND bounced_by IS NULL AND id <> ?2
                """).execute(arguments: [reported, message.id])
        }
        guard let own = message.record.head.messageID else { return }
        let earlier = try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT min(id) FROM message WHERE bounced_message_id = ? AND id <> ?
            """), arguments: [own, message.id])
        if let earlier {
            try db.cachedStatement(sql: "UPDATE message SET bounced_by = ? WHERE id = ?").execute(arguments: [earlier, message.id])
        }
    }
}
