import Foundation
import GRDB
@testable import MailStore
import Testing

/// Migrations run on databases that already hold mail.
struct MigrationTests {
    @Test func v5MarksForwardsStoredBeforeItSoRepliesToThemAreRecognised() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("maild-v5-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let queue = try DatabaseQueue(path: path)
        try MailStore.migrator.migrate(queue, upTo: "v4-ticket-token-secret")
        try queue.write { db in
            for (id, subject) in [(1, "Fwd: Printer broken"), (2, "Re: Printer broken"), (3, "[Fwd: Invoice]")] {
                try db.execute(sql: """
                    INSERT INTO message (id, channel, digest, message_id, subject, size, received_at)
                    VALUES (?, 'help', ?, ?, ?, 1, 0)
                    """, arguments: [id, "d\(id)", "m\(id)", subject])
            }
        }
        try queue.close()

        _ = try MailStore(path: path)

        let forwards = try DatabaseQueue(path: path).read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM message WHERE is_forward = 1 ORDER BY id")
        }
        #expect(forwards == [1, 3])
    }

    @Test func v9StillRecognisesMessagesStoredBeforeItWithOrWithoutAMessageID() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("maild-v9-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let withID = MessageRecord(raw: Array("Message-ID: <a1@example.org>\r\nSubject: Printer\r\n\r\nIt is broken.\r\n".utf8))
        let resent = MessageRecord(raw: Array("Message-ID: <a1@example.org>\r\nSubject: Fwd: Printer\r\n\r\nStill.\r\n".utf8))
        let withoutID = MessageRecord(raw: Array("Subject: Printer\r\n\r\nStill broken.\r\n".utf8))
        let queue = try DatabaseQueue(path: path)
        try MailStore.migrator.migrate(queue, upTo: "v8-outbox-delivery")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO conversation (id, created_at) VALUES (1, 0);
                INSERT INTO conversation_ref (message_id, conversation) VALUES ('a1@example.org', 1);
                """)
            for (id, record, forward) in [(1, withID, false), (2, withoutID, false), (3, resent, true)] {
                try db.execute(sql: """
                    INSERT INTO message (id, channel, digest, message_id, size, received_at, conversation_id, is_forward)
                    VALUES (?, 'help', ?, ?, ?, 0, 1, ?)
                    """, arguments: [id, record.digest, record.head.messageID, record.size, forward])
            }
        }
        try queue.close()

        let store = try MailStore(path: path)
        let outcomes = try store.store([(.file, withID), (.file, withoutID), (.file, resent), (.file, withoutID)], channel: "help")
        #expect(outcomes == [.duplicate(of: 1), .duplicate(of: 2), .duplicate(of: 3), .duplicate(of: 2)])
        let other = try store.store([(.file, withoutID)], channel: "sales")
        guard case .stored = other[0] else { Issue.record("another channel's copy was not stored: \(other)"); return }
        let flags = try DatabaseQueue(path: path).read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM message WHERE later_copy = 1 ORDER BY id")
        }
        #expect(flags == [3])
    }
}
